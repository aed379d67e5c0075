"""TrendyolOrders against the sandbox process: the stream for sync, the v2 listing for lookups
within its real window rules (GMT+3, 14-day ranges, a month back, no dates = one week), writes,
replacements, claims."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from channel.adapters.budget import MemoryStore
from channel.adapters.errors import AdapterConfigError, RequestRejected
from channel.adapters.orders import LineQuantity
from channel.adapters.trendyol import TrendyolAdapter
from tests.fixtures.trendyol_sandbox import SandboxTime, TrendyolSandbox

LIST = "GET /integration/order/sellers/<int:seller_id>/v2/orders"
STREAM = "GET /integration/order/sellers/<int:seller_id>/orders/stream"


@pytest.fixture
def client(trendyol: TrendyolSandbox) -> TrendyolAdapter:
    time = SandboxTime(trendyol)
    return TrendyolAdapter({**trendyol.conf, "tracking_provider_code": "YKMP"}, sleep=time.sleep, clock=time.clock,
                           store=MemoryStore(time.clock))


def window() -> tuple[datetime, datetime]:
    now = datetime.now(timezone.utc)
    return now - timedelta(hours=1), now + timedelta(minutes=1)


def create(trendyol: TrendyolSandbox, count: int, **spec) -> list[dict]:
    return trendyol.control("POST", "orders", {"count": count, **spec})["packages"]


def listed(client: TrendyolAdapter, since: datetime, until: datetime, **kwargs) -> list[str]:
    return [p.package_id for page in client.list_packages(since, until, **kwargs) for p in page]


def test_sync_pages_through_the_stream_to_its_end_once(trendyol, client):
    created = create(trendyol, 450)

    pages = list(client.list_packages(*window()))

    assert [len(page) for page in pages] == [200, 200, 50]
    assert sorted(p.package_id for page in pages for p in page) == sorted(
        str(p["shipmentPackageId"]) for p in created)
    assert trendyol.counts()["endpoints"][STREAM] == 3 and LIST not in trendyol.counts()["endpoints"]


def test_a_change_to_a_three_week_old_package_is_seen_by_the_next_sync(trendyol, client):
    """The list filters by creation: a line cancelled today on an order placed three weeks ago is
    invisible to it, and the stream (last-modified) shows it."""
    (old,) = create(trendyol, 1, age_days=21, lines=2)
    since = datetime.now(timezone.utc) - timedelta(minutes=5)
    assert listed(client, since, datetime.now(timezone.utc)) == []
    line = old["lines"][0]
    trendyol.control("POST", f"packages/{old['shipmentPackageId']}/cancel",
                     {"lines": [{"lineId": line["lineId"], "quantity": 1}]})

    changed = [p for page in client.list_packages(since, datetime.now(timezone.utc) + timedelta(minutes=1),
                                                  statuses=("Cancelled",)) for p in page]

    assert [p.package_id for p in changed] == [str(old["shipmentPackageId"])]
    assert [u.status for u in changed[0].cancelled_units] == ["Cancelled"]


def test_order_times_are_true_utc(trendyol, client):
    (raw,) = create(trendyol, 1)
    (package,) = client.get_packages([str(raw["shipmentPackageId"])])
    created = datetime.fromtimestamp(raw["packageHistories"][0]["createdDate"] / 1000, timezone.utc)
    assert raw["orderDate"] - raw["packageHistories"][0]["createdDate"] == 3 * 3600 * 1000  # GMT+3 on the wire
    assert package.placed_at == created


def test_status_filter_and_empty_window(trendyol, client):
    first, _ = create(trendyol, 2)
    trendyol.control("POST", f"packages/{first['shipmentPackageId']}/cancel", {})
    since, until = window()

    cancelled = listed(client, since, until, statuses=("Cancelled",))
    empty = listed(client, until + timedelta(hours=4), until + timedelta(hours=5))  # past the 3 h GMT+3 margin

    assert cancelled == [str(first["shipmentPackageId"])] and empty == []


def test_a_long_window_is_read_in_streams_of_under_fourteen_days(trendyol, client):
    create(trendyol, 2)
    create(trendyol, 1, age_days=20)
    now = datetime.now(timezone.utc)

    ids = listed(client, now - timedelta(days=40), now + timedelta(minutes=1))

    assert len(ids) == len(set(ids)) == 3
    assert trendyol.counts()["endpoints"][STREAM] == 3  # 40 days in spans of 14 days less 3 hours
    assert trendyol.counts()["statuses"].get("400") is None


def test_lookups_by_id_reach_a_three_week_old_package(trendyol, client):
    """The listing without dates covers one week only: the adapter walks the month in 14-day spans."""
    (old,) = create(trendyol, 1, age_days=21)
    new = create(trendyol, 2)
    ids = [str(p["shipmentPackageId"]) for p in [old, *new]]

    found = client.get_packages(ids)

    assert sorted(p.package_id for p in found) == sorted(ids)
    assert trendyol.counts()["endpoints"][LIST] == 2  # the newest span, then the older one for the rest
    (mine,) = client.packages_of_order(old["orderNumber"])
    assert mine.package_id == ids[0]


def test_get_packages_asks_fifty_ids_per_request(trendyol, client):
    created = create(trendyol, 60)
    found = client.get_packages([str(p["shipmentPackageId"]) for p in created])
    assert len(found) == 60 and trendyol.counts()["endpoints"][LIST] == 2


def test_picking_then_invoiced_then_tracking_details(trendyol, client):
    (raw,) = create(trendyol, 1)
    package_id = str(raw["shipmentPackageId"])
    lines = [LineQuantity(str(raw["lines"][0]["lineId"]), 1)]

    client.update_package_status(package_id, lines, "Picking")
    client.update_package_status(package_id, lines, "Invoiced", "EME2026000025208")
    client.send_tracking(package_id, "TRK-1")

    (package,) = client.get_packages([package_id])
    assert (package.status, package.invoice_number, package.tracking_number) == ("Invoiced", "EME2026000025208",
                                                                                   "TRK-1")
    stored = trendyol.control("GET", f"packages/{package_id}")
    assert (stored["cargoSenderNumber"], stored["cargoProviderCode"]) == ("TRK-1", "YKMP")
    assert "PUT /integration/order/sellers/<int:seller_id>/shipment-packages/<int:package_id>/tracking-details" in \
        trendyol.counts()["endpoints"]


def test_tracking_details_need_picking_first_and_a_carrier_code(trendyol, client):
    (raw,) = create(trendyol, 1)
    with pytest.raises(RequestRejected) as refused:
        client.send_tracking(str(raw["shipmentPackageId"]), "TRK-1")
    assert refused.value.status == 400 and "send Picking first" in refused.value.body
    with pytest.raises(AdapterConfigError, match="tracking_provider_code"):
        TrendyolAdapter(trendyol.conf).send_tracking(str(raw["shipmentPackageId"]), "TRK-1")


def test_invoiced_before_picking_is_refused(trendyol, client):
    (raw,) = create(trendyol, 1)
    with pytest.raises(RequestRejected) as refused:
        client.update_package_status(str(raw["shipmentPackageId"]), [LineQuantity(str(raw["lines"][0]["lineId"]), 1)],
                                     "Invoiced", "X")
    assert refused.value.status == 400 and "Picking" in refused.value.body


def test_unsupplied_cancels_the_package_and_the_rest_arrives_in_a_new_one(trendyol, client):
    (raw,) = create(trendyol, 1, quantity=3)
    package_id, line_id = str(raw["shipmentPackageId"]), str(raw["lines"][0]["lineId"])

    client.report_unsupplied(package_id, [LineQuantity(line_id, 1)], "500")

    packages = {p.package_id: p for p in client.packages_of_order(raw["orderNumber"])}
    old = packages.pop(package_id)
    (new,) = packages.values()
    assert old.status == "Cancelled" and [u.status for u in old.units] == ["UnSupplied"]
    assert old.units[0].cancel_reason_code == "500"
    assert new.origin_package_ids == (package_id,) and new.created_by == "cancel" and len(new.units) == 2
    assert {u.unit_id for u in old.units + new.units} == {
        d["lineItemId"] for d in raw["lines"][0]["discountDetails"]}


def test_unsupplied_with_an_unknown_reason_is_refused(trendyol, client):
    (raw,) = create(trendyol, 1)
    with pytest.raises(RequestRejected):
        client.report_unsupplied(str(raw["shipmentPackageId"]), [LineQuantity(str(raw["lines"][0]["lineId"]), 1)],
                                 "999")


def delivered_claim(trendyol: TrendyolSandbox, **spec) -> dict:
    (raw,) = create(trendyol, 1, **spec)
    package_id = raw["shipmentPackageId"]
    for status in ("Shipped", "Delivered"):
        trendyol.control("POST", f"packages/{package_id}/status", {"status": status})
    return trendyol.control("POST", "claims", {"package_id": package_id})["result"]


def test_claims_of_a_delivered_package(trendyol, client):
    claim = delivered_claim(trendyol)

    (found,) = list(client.list_claims(*window()))

    assert found.claim_id == claim["id"] and found.package_id == str(claim["orderShipmentPackageId"])
    assert [u.status for u in found.units] == ["Created"] and found.units[0].auto_accept_at is None


def test_claim_items_waiting_for_the_seller_carry_the_auto_accept_deadline_and_can_be_approved(trendyol, client):
    claim = delivered_claim(trendyol, quantity=2)
    trendyol.control("POST", f"claims/{claim['id']}/waiting-in-action")
    (found,) = list(client.list_claims(*window(), status="WaitingInAction"))
    deadline = found.units[0].auto_accept_at
    assert deadline is not None and timedelta(hours=47) < deadline - datetime.now(timezone.utc) <= timedelta(hours=48)

    client.approve_claim_items(found.claim_id, [found.units[0].claim_item_id])

    (after,) = list(client.list_claims(*window()))
    assert sorted(u.status for u in after.units) == ["Accepted", "WaitingInAction"]
    with pytest.raises(RequestRejected) as twice:
        client.approve_claim_items(found.claim_id, [found.units[0].claim_item_id])
    assert "WaitingInAction" in twice.value.body


def test_claim_rejection_takes_a_reason_from_the_list(trendyol, client):
    claim = delivered_claim(trendyol)
    trendyol.control("POST", f"claims/{claim['id']}/waiting-in-action")
    reasons = {r.reason_id: r for r in client.list_claim_issue_reasons()}
    assert not reasons["1651"].needs_file and reasons["1801"].needs_file
    (found,) = list(client.list_claims(*window()))
    item = found.units[0].claim_item_id

    with pytest.raises(ValueError, match="needs a file"):
        client.reject_claim_items(found.claim_id, [item], "1801", "used")
    client.reject_claim_items(found.claim_id, [item], "1651", "the package never reached us")

    (after,) = list(client.list_claims(*window()))
    assert [u.status for u in after.units] == ["InAnalysis"]


def test_unanswered_claims_are_accepted_when_the_deadline_passes(trendyol, client):
    claim = delivered_claim(trendyol)
    trendyol.control("POST", f"claims/{claim['id']}/waiting-in-action")
    trendyol.advance_clock(48 * 3600 + 1)
    (after,) = list(client.list_claims(datetime.now(timezone.utc) - timedelta(hours=1),
                                       datetime.now(timezone.utc) + timedelta(days=3)))
    assert [u.status for u in after.units] == ["Accepted"]
