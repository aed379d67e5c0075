"""Operational events built from error reports, masked, and skipped for a day where the route is absent."""
from __future__ import annotations

from omnitron.events import event_from_report, mask, post_event

REPORT = {"action_content_type": 3, "action_object_id": 40, "error_code": "b1-Omnitron-prices_update",
          "error_desc": "prices_update", "is_ok": False, "obj_modified_date": "2024-01-02 07:53:06",
          "raw_request": "POST - https://m/x - {\"api_key\": \"k1\", \"token\": \"t\"}",
          "raw_response": "buyer ali@example.com barcode 8690000000011 password=hunter2"}


def test_an_event_carries_the_report_as_channel_app_sends_it():
    event = event_from_report(REPORT, "productprice")
    assert list(event) == sorted(event)
    assert event["event_type"] == "product_price_error" and event["level"] == "error"
    assert event["context"] == {"error_code": "b1-Omnitron-prices_update", "error_description": "prices_update",
                                "modified_date": "2024-01-02 07:53:06"}
    assert event["tags"] == {"action_content_type": "productprice"} and event["action_object_id"] == 40
    assert event["trace_id"] is event["span_id"] is event["parent_span_id"] is None
    assert event["raw_data"] == {"raw_request": 'POST - https://m/x - {"api_key": "***", "token": "***"}',
                                 "raw_response": "buyer *** barcode *** password=***"}


def test_a_successful_report_is_an_info_event_without_raw_data():
    event = event_from_report({**REPORT, "is_ok": True}, "batchrequest")
    assert (event["event_type"], event["level"], event["raw_data"]) == ("batch_request_error", "info", None)
    assert event_from_report(REPORT, "warehouse")["event_type"] == "unknown_error"


def test_mask_leaves_ordinary_text_alone():
    assert mask("price 12.50 for SKU BC000003-M") == "price 12.50 for SKU BC000003-M"


def test_an_omnitron_without_the_route_is_asked_once_a_day(make_client, omnitron):
    omnitron.fault(endpoint="POST channel/{ch}/operational_events/", status=404, times=1)
    client = make_client()
    event = event_from_report(REPORT, "productprice")
    assert post_event(client, event) is False
    assert post_event(make_client(cache=client.transport.cache), event) is False
    assert client.request_counts["POST channel/{ch}/operational_events/"] == 1
    assert omnitron.counts()["endpoints"]["POST channel/{ch}/operational_events/"] == 1


def test_an_event_is_posted(make_client, omnitron):
    assert post_event(make_client(), event_from_report(REPORT, "product")) is True
    assert len(omnitron.table("operational_events")) == 1
