"""Akinon's own client (omnisdk) against the Omnitron sandbox, the way channel_app calls it.

Runs inside a virtualenv holding only omnisdk and its dependencies (see test_omnisdk.py):
`python omnisdk_driver.py <sandbox base URL> <sandbox control URL>`. Prints one JSON object
with what each call returned, for the test to check. Imports nothing from this project.
"""
from __future__ import annotations

import json
import sys
import urllib.request

from omnisdk.omnitron.client import OmnitronApiClient
from omnisdk.omnitron.endpoints import (
    ChannelBatchRequestEndpoint, ChannelCreateOrderEndpoint, ChannelCustomerEndpoint, ChannelAddressEndpoint,
    ChannelEndpoint, ChannelErrorReportEndpoint, ChannelIntegrationActionEndpoint, ChannelProductEndpoint,
    ChannelProductPriceEndpoint, ChannelProductStockEndpoint, OmnitronApiEndpoint,
)
from omnisdk.omnitron.models import Address, BaseModel, BatchRequest, Customer, ErrorReport

CH = "1"  # ids come from the environment in channel_app: strings


def control(base: str, path: str) -> None:
    request = urllib.request.Request(f"{base}_sandbox/{path}", data=b"{}", method="POST",
                                     headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=10).read()


def every_page(endpoint, **params):
    rows = list(endpoint.list(params=dict(params)))
    for page in endpoint.iterator:
        rows += page
    return rows


def main(base: str) -> dict:
    out: dict = {}
    with OmnitronApiClient(base_url=base, username="admin", password="admin") as client:
        out["token_scheme"] = client.token.split(" ")[0]
        channel = ChannelEndpoint().retrieve(id=CH)
        out["channel"] = {"pk": channel.pk, "catalog": channel.catalog, "has_conf": isinstance(channel.conf, dict)}

        products = every_page(ChannelProductEndpoint(channel_id=CH), limit=7)
        out["products_paged"] = len(products)
        control(base, "tokens/expire")  # the next call gets 401: omnisdk logs in once and repeats it
        out["after_relogin"] = ChannelEndpoint().retrieve(id=CH).pk

        inserts = ChannelProductEndpoint(channel_id=CH, path="inserts").list(params={"product_type": 0, "limit": 100})
        out["inserts"] = len(inserts)
        batches = ChannelBatchRequestEndpoint(channel_id=CH)
        batch = batches.create(item=BatchRequest(channel=CH))
        out["batch_created"] = {"status": batch.status, "objects": batch.objects, "has_local_id": bool(batch.local_batch_id)}
        objects = [{"pk": p.pk, "failed_reason_type": None, "remote_id": None, "version_date": p.modified_date,
                    "content_type": "product"} for p in inserts[:3]]
        committed = batches.update(id=batch.pk, item=BatchRequest(channel=CH, content_type="product",
                                                                   objects=objects, status="commit"))
        out["committed"] = committed.status
        ias = ChannelIntegrationActionEndpoint(channel_id=CH).list(
            params={"local_batch_id": batch.local_batch_id, "channel_id": CH, "status": "processing", "limit": 50,
                    "sort": "id"})
        out["processing_ias"] = sorted(ia.object_id for ia in ias)
        for entry in objects:
            entry["remote_id"] = f"R-{entry['pk']}"
        done = batches.update(id=batch.pk, item=BatchRequest(channel=CH, objects=objects, status="done"))
        out["done"] = done.status
        out["inserts_after"] = len(ChannelProductEndpoint(channel_id=CH, path="inserts").list(
            params={"product_type": 0, "limit": 100}))

        pks = ",".join(str(p.pk) for p in products[:4])
        prices = ChannelProductPriceEndpoint(channel_id=CH).list(params={"product__pk__in": pks, "price_list": 1})
        out["prices_by_product_pk_in"] = sorted(p.product for p in prices)
        stocks = ChannelProductStockEndpoint(channel_id=CH).list(params={"product__pk__in": pks, "stock_list": 1})
        out["stocks_by_product_pk_in"] = sorted(s.product for s in stocks)
        ranged = ChannelProductPriceEndpoint(channel_id=CH, raw=True).list(
            params={"product__pk__gte": products[0].pk, "product__pk__lte": products[0].pk, "price_list": 1})
        unfiltered = ChannelProductPriceEndpoint(channel_id=CH, raw=True).list(params={"price_list": 1})
        out["undeclared_range_ignored"] = ranged["count"] == unfiltered["count"] > 1

        customer = ChannelCustomerEndpoint(channel_id=CH).create(item=Customer(
            channel=CH, channel_code="C-1", email="sdk@example.com", extra_field={}, first_name="Ada",
            is_active=True, last_name="Lovelace", phone_number="+905550000000"))
        found = ChannelCustomerEndpoint(channel_id=CH).list(params={"email": "sdk@example.com", "channel": CH})
        out["customer_found"] = [c.pk for c in found] == [customer.pk]
        address = ChannelAddressEndpoint(channel_id=CH).create(item=Address(
            customer=customer.pk, country=1, city=1, line="Moda Cad. 1", first_name="Ada", last_name="Lovelace",
            phone_number="+905550000000", email="sdk@example.com", postcode="34710", extra_field={}))
        order = ChannelCreateOrderEndpoint(channel_id=CH, raw=True).create(item={
            "order": {"number": "SDK-1", "status": "400", "channel": CH, "customer": customer.pk,
                      "shipping_address": address.pk, "billing_address": address.pk, "currency": "try",
                      "amount": "10.00", "extra_field": {"id": "SDK-1"}, "cargo_company": 1,
                      "date_placed": "2024-10-03 10:30:00"},
            "order_item": [{"product": products[0].pk, "status": "400", "price_currency": "try", "price": "10.00",
                            "extra_field": {"id": "SDK-1-1"}, "price_list": 1, "stock_list": 1}]})
        out["order"] = {"number": order["number"], "items": len(order["orderitem_set"])}

        report = ChannelErrorReportEndpoint(channel_id=CH).create(item=ErrorReport(
            action_content_type=1, action_object_id=batch.pk, error_code=f"{batch.local_batch_id}-Channel-X",
            error_desc="X", is_ok=True, obj_modified_date="2024-01-29 08:27:18", raw_request="", raw_response="[]",
            target_content_type=1, target_object_id=CH))
        out["error_report"] = bool(report.pk)
        # channel_app 0.0.161's event, sent through omnisdk's generic endpoint (the public SDK has no class for it)
        events = OmnitronApiEndpoint(endpoint="channel/{channel_id}/operational_events", model=BaseModel,
                                     channel_id=CH)
        event = events.create(item=BaseModel(
            action_content_type="batchrequest", action_object_id=batch.pk,
            context={"error_code": "x", "error_description": "X", "modified_date": "2024-01-29 08:27:18"},
            event_type="batch_request_error", level="info", message="X", parent_span_id=None, raw_data=None,
            source="channel_app", span_id=None, tags={"action_content_type": "batchrequest"}, trace_id=None))
        out["operational_event"] = bool(event.pk)
    return out


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
