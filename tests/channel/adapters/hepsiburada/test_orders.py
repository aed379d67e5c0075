"""HepsiburadaOrders against the sandbox: paid lines packaged per order, packages listed in
24-hour windows, whole-line cancellation with a reason, claims, and the hooks without a counterpart."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from channel.adapters.budget import MemoryStore
from channel.adapters.errors import UnsupportedOperation
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


def test_unsupplied_lines_are_cancelled_and_the_rest_repackaged(hepsiburada, shop):
    adapter, (first, second) = shop
    hepsiburada.order((first, 2), (second, 1))
    [package] = [p for page in adapter.list_packages(*window()) for p in page]
    cancelled = next(u.line_id for u in package.units if u.sku == "BC2-M")

    adapter.report_unsupplied(package.package_id, [LineQuantity(cancelled, 1)], "")

    lines = {line["id"]: line for line in hepsiburada.lines()}
    assert lines[cancelled]["status"] == "Cancelled"
    [new] = [p for page in adapter.list_packages(*window()) for p in page]
    assert new.package_id != package.package_id and {u.sku for u in new.units} == {"BC1-M"}
    with pytest.raises(UnsupportedOperation, match="part of a line"):
        adapter.report_unsupplied(new.package_id, [LineQuantity(new.units[0].line_id, 1)], "83")


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
