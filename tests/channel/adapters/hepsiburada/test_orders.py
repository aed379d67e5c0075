"""HepsiburadaOrders against the sandbox: paid lines packaged per order, packages listed in
24-hour windows, cancellation of lines and of part of a line (a split) with a reason, claims, and the hooks without a counterpart."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from channel.adapters.budget import MemoryStore
from channel.adapters.errors import RequestRejected, UnsupportedOperation
from channel.adapters.hepsiburada import HepsiburadaAdapter
from channel.adapters.orders import LineQuantity
from tests.sandboxes.hepsiburada.conftest import Merchant, product_row

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def shop(hepsiburada):
    """Two matched listings with stock, and an adapter aimed at the sandbox."""
    merchant = Merchant(hepsiburada)
    merchant.import_products([product_row("BC1-M", "8690000000017", price="100,00", stock="10"),
                              product_row("BC2-M", "8690000000024", price="50,00", stock="10")])
    hepsiburada.advance_clock(2)
    skus = [hepsiburada.approve(sku)["hbSku"] for sku in ("BC1-M", "BC2-M")]
    return HepsiburadaAdapter(hepsiburada.conf, store=MemoryStore()), skus


def window() -> tuple[datetime, datetime]:
    now = datetime.now(timezone.utc)
    return now - timedelta(hours=30), now + timedelta(minutes=5)


def test_paid_lines_are_packaged_per_order_then_listed(hepsiburada, shop):
    adapter, (first, second) = shop
    order = hepsiburada.order((first, 2), (second, 1))["orderNumber"]
    hepsiburada.order((second, 1))

    packages = [package for page in adapter.list_packages(*window()) for package in page]

    assert len(packages) == 2 and {p.status for p in packages} == {"Created"}
    mine = next(p for p in packages if p.order_number == order)
    assert sorted(u.sku for u in mine.units) == ["BC1-M", "BC1-M", "BC2-M"] and mine.amount == Decimal("250")
    assert [line["status"] for line in hepsiburada.lines()] == ["Packaged"] * 3
    assert [p for page in adapter.list_packages(*window()) for p in page] == packages  # nothing packaged twice


def test_a_long_window_is_read_in_days(hepsiburada, shop):
    adapter, (first, _) = shop
    hepsiburada.order((first, 1))
    now = datetime.now(timezone.utc)
    list(adapter.list_packages(now - timedelta(days=3), now + timedelta(minutes=1)))
    endpoint = "GET /<any('oms-external-sit', 'oms-external'):host>/packages/merchantid/<merchant_id>"
    assert hepsiburada.counts()["endpoints"][endpoint] == 4  # four windows of at most 24 hours


def test_unsupplied_lines_and_part_of_a_line_are_cancelled_and_the_rest_repackaged(hepsiburada, shop):
    adapter, (first, second) = shop
    hepsiburada.order((first, 2), (second, 1))
    [package] = [p for page in adapter.list_packages(*window()) for p in page]
    cancelled_line = next(u.line_id for u in package.units if u.sku == "BC2-M")

    adapter.report_unsupplied(package.package_id, [LineQuantity(cancelled_line, 1)], "")

    lines = {line["id"]: line for line in hepsiburada.lines()}
    assert lines[cancelled_line]["status"] == "Cancelled"
    listed = {p.status: p for page in adapter.list_packages(*window()) for p in page}
    new, gone = listed["Created"], listed["Cancelled"]  # the cancelled line, followed by the cancelled list
    assert new.package_id != package.package_id and {u.sku for u in new.units} == {"BC1-M"}
    assert [(u.line_id, u.status, u.cancel_reason_code) for u in gone.units] == [(cancelled_line, "Cancelled", "83")]
    kept = new.units[0].line_id  # two units: cancel one, keep the other
    adapter.report_unsupplied(new.package_id, [LineQuantity(kept, 1)], "")

    listed = {p.package_id: p for page in adapter.list_packages(*window()) for p in page}
    [newer] = [p for p in listed.values() if p.status == "Created"]
    assert newer.package_id not in (package.package_id, new.package_id)
    assert [(u.unit_id, u.status) for u in newer.units] == [(f"{kept}-1", "Created")]
    cancelled = sorted((u.unit_id, u.cancel_reason_code) for p in listed.values() for u in p.cancelled_units)
    assert cancelled == sorted([(f"{cancelled_line}-1", "83"), (f"{kept}-2", "83")])
    with pytest.raises(RequestRejected, match="not 2 to cancel"):
        adapter.report_unsupplied(newer.package_id, [LineQuantity(kept, 2)], "")


def test_cancelling_every_unit_of_a_package_unpacks_it_and_cancels_its_lines(hepsiburada, shop):
    adapter, (first, _) = shop
    hepsiburada.order((first, 2))
    [package] = [p for page in adapter.list_packages(*window()) for p in page]
    line = package.units[0].line_id

    adapter.report_unsupplied(package.package_id, [LineQuantity(line, 2)], "")

    assert [(row["status"], row["packageNumber"]) for row in hepsiburada.lines()] == [("Cancelled", None)]
    [gone] = [p for page in adapter.list_packages(*window()) for p in page]
    assert gone.status == "Cancelled" and [u.unit_id for u in gone.cancelled_units] == [f"{line}-1", f"{line}-2"]
    endpoints = hepsiburada.counts()["endpoints"]
    assert not any(name.endswith("/split") for name in endpoints)


def test_claims_are_read_and_answered(hepsiburada, shop):
    adapter, (first, _) = shop
    hepsiburada.order((first, 2))
    [package] = [p for page in adapter.list_packages(*window()) for p in page]
    line_id = package.units[0].line_id
    number = hepsiburada.control("POST", "claims", {"lineId": line_id})["number"]

    [claim] = list(adapter.list_claims(*window()))
    assert (claim.claim_id, [u.unit_id for u in claim.units]) == (number, [f"{line_id}-1", f"{line_id}-2"])
    assert [u.claim_item_id for u in claim.units] == [f"{number}-1", f"{number}-2"]
    assert [c.claim_id for c in adapter.list_claims(*window(), status="WaitingInAction")] == [number]
    adapter.reject_claim_items(number, [f"{number}-1"], "ProductIsDamaged", "kutu açılmış")
    assert [c.units[0].status for c in adapter.list_claims(*window(), status="Unresolved")] == ["Unresolved"]
    assert list(adapter.list_claims(*window(), status="WaitingInAction")) == []


def test_status_and_tracking_have_no_counterpart_but_an_invoice_link_does(hepsiburada, shop):
    adapter, (first, _) = shop
    hepsiburada.order((first, 1))
    [package] = [p for page in adapter.list_packages(*window()) for p in page]
    with pytest.raises(UnsupportedOperation):
        adapter.update_package_status(package.package_id, [], "Picking")
    with pytest.raises(UnsupportedOperation):
        adapter.send_tracking(package.package_id, "T1")
    adapter.update_package_status(package.package_id, [], "Invoiced", "https://cdn.example.com/f1.pdf")
    assert hepsiburada.packages()[0]["invoiceLink"] == "https://cdn.example.com/f1.pdf"


def test_changes_after_packaging_are_listed_in_the_window_they_happen(hepsiburada, shop):
    """Shipped, delivered, undelivered and cancelled-line changes of packages packaged long before the
    window reach `list_packages` through the lists dated by the change; one detail read per changed order."""
    adapter, (first, second) = shop
    numbers = [hepsiburada.order((first, 1), (second, 1))["orderNumber"] for _ in range(4)]
    packages = {p.order_number: p for page in adapter.list_packages(*window()) for p in page}
    hepsiburada.advance_clock(3 * 24 * 3600)  # packaged three days before the next window
    shipped, delivered, undelivered, part = (packages[n] for n in numbers)
    for package, moves in ((shipped, ["Shipped"]), (delivered, ["Shipped", "Delivered"]),
                           (undelivered, ["Shipped", "Undelivered"])):
        for status in moves:
            hepsiburada.control("POST", f"packages/{package.package_id}/status", {"status": status})
    line = next(u.line_id for u in part.units if u.sku == "BC2-M")
    hepsiburada.control("POST", f"lines/{line}/cancel", {"reason": "CustomerRequest"})
    before = hepsiburada.counts()["endpoints"]
    now = datetime.now(timezone.utc) + timedelta(days=3)

    listed = {p.package_id: p for page in adapter.list_packages(now - timedelta(hours=1), now) for p in page}

    assert {pid: p.status for pid, p in listed.items()} == {
        shipped.package_id: "Shipped", delivered.package_id: "Delivered",
        undelivered.package_id: "UnDelivered", part.package_id: "Created"}
    assert listed[shipped.package_id].tracking_number == shipped.tracking_number  # barcode from the shipped list
    assert sorted((u.sku, u.status, u.cancel_reason_code) for u in listed[part.package_id].units) == [
        ("BC1-M", "Created", ""), ("BC2-M", "Cancelled", "CustomerRequest")]
    assert [u.unit_id for u in listed[shipped.package_id].units] == [u.unit_id for u in shipped.units]
    assert [u.unit_id for u in listed[delivered.package_id].units] == [u.unit_id for u in delivered.units]
    after = hepsiburada.counts()["endpoints"]
    used = {name: after[name] - before.get(name, 0) for name in after if after[name] != before.get(name, 0)}
    detail = "GET /<any('oms-external-sit', 'oms-external'):host>/orders/merchantid/<merchant_id>/ordernumber/<order_number>"
    assert used[detail] == 4  # one per changed order
    cancelled_only = [p for page in adapter.list_packages(now - timedelta(hours=1), now, statuses=("Cancelled",))
                      for p in page]
    assert [p.package_id for p in cancelled_only] == [part.package_id]  # it holds a cancelled unit
    assert [p.package_id for p in adapter.packages_of_order(numbers[0])] == [shipped.package_id]
    assert adapter.packages_of_order("4999999999") == []
