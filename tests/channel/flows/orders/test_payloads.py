"""The create_orders body built from a package (pure)."""
from __future__ import annotations

from channel.adapters.trendyol.order_mappers import package_from_json
from channel.flows.orders.payloads import Resolved, item_bodies, order_body, order_number
from tests.channel.adapters.trendyol.test_order_mappers import PACKAGE

RESOLVED = Resolved(customer=1, shipping_address=2, billing_address=3, cargo_company=4,
                    products={"1": 50, "2": 50}, price_list=1, stock_list=1)


def test_order_body_carries_the_package_as_number_and_remote_ids():
    package = package_from_json(PACKAGE)
    body = order_body(package, RESOLVED, 6)
    assert body["number"] == order_number(package) == "3330111111"
    assert body["extra_field"] == {"id": "3330111111", "order_number": "10654411111", "package_id": "3330111111"}
    assert (body["amount"], body["discount_amount"], body["currency"]) == ("897.80", "100.00", "try")
    assert (body["customer"], body["shipping_address"], body["billing_address"], body["cargo_company"]) == (1, 2, 3, 4)
    assert body["channel"] == "6" and body["status"] == "400"


def test_one_item_per_unit_with_unit_and_line_ids():
    items = item_bodies(package_from_json(PACKAGE), RESOLVED)
    assert [(i["product"], i["price"], i["retail_price"], i["discount_amount"]) for i in items] == [
        (50, "448.90", "498.90", "50.00"), (50, "448.90", "498.90", "50.00")]
    assert [i["extra_field"] for i in items] == [
        {"id": "1", "line_id": "4765111111", "package_id": "3330111111"},
        {"id": "2", "line_id": "4765111111", "package_id": "3330111111"}]
    assert "quantity" not in items[0]
