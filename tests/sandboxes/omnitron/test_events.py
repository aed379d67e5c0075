"""`operational_events/`: the sandbox takes only well-formed events, as channel_app sends them."""
from __future__ import annotations

import pytest
from django.core.cache import cache

from omnitron.client import OmnitronClient
from omnitron.errors import BadRequest
from omnitron.events import event_from_report

REPORT = {"action_content_type": 3, "action_object_id": 12, "error_code": "b-Omnitron-products_insert",
          "error_desc": "products_insert", "is_ok": False, "obj_modified_date": "2024-01-02T07:53:06Z",
          "raw_request": "", "raw_response": "channel_app-price too high"}


@pytest.fixture
def client(omnitron) -> OmnitronClient:
    return OmnitronClient(omnitron.url, "admin", "admin", channel_id=1, catalog_id=1, cache=cache)


def test_a_well_formed_event_is_stored(client, omnitron):
    answer = client.operational_events.create(event_from_report(REPORT, "product"))
    assert answer["pk"] and answer["event_type"] == "product_error"
    [stored] = omnitron.table("operational_events")
    assert stored["context"]["error_code"] == "b-Omnitron-products_insert" and stored["channel"] == 1


@pytest.mark.parametrize(("change", "field"), [
    ({"level": "warning"}, "level"),
    ({"event_type": "oops"}, "event_type"),
    ({"action_object_id": "12"}, "action_object_id"),
    ({"context": {"error_code": "x"}}, "context"),
    ({"raw_data": {"raw_request": 1, "raw_response": ""}}, "raw_data"),
    ({"extra": 1}, "extra"),
])
def test_a_malformed_event_is_a_400_naming_the_field(client, change, field):
    with pytest.raises(BadRequest) as refused:
        client.operational_events.create({**event_from_report(REPORT, "product"), **change})
    assert field in refused.value.body


def test_a_missing_key_is_a_400(client):
    event = event_from_report(REPORT, "product")
    del event["trace_id"]
    with pytest.raises(BadRequest) as refused:
        client.operational_events.create(event)
    assert refused.value.body == {"trace_id": ["This field is required."]}
