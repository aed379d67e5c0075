"""Customer identifier choice and address keys (pure)."""
from __future__ import annotations

import pytest

from channel.adapters.orders import RemoteCustomer
from channel.flows.orders.parties import address_key, clip, identifier_field, identifier_of

BUYER = RemoteCustomer(remote_id="7", email="PF+A@TrendyolMail.com", phone="5551112233", first_name="A", last_name="B")


@pytest.mark.parametrize(("conf", "field"), [
    ({}, "email"), ({"CUSTOMER_IDENTIFIER_FIELD": "email"}, "email"),
    ({"CUSTOMER_IDENTIFIER_FIELD": "phone_number"}, "phone_number"),
    ({"CUSTOMER_IDENTIFIER_FIELD": " Phone_Number "}, "phone_number"), ({"CUSTOMER_IDENTIFIER_FIELD": "x"}, "email"),
])
def test_identifier_field_from_conf(conf, field):
    assert identifier_field(conf) == field


def test_identifier_values_emails_are_case_insensitive():
    assert identifier_of(BUYER, "email") == "pf+a@trendyolmail.com"
    assert identifier_of(BUYER, "phone_number") == "5551112233"


def test_address_key_ignores_none_versus_empty_and_clip_truncates():
    assert address_key({"line": "x", "postcode": None}) == address_key({"line": "x", "postcode": ""})
    assert len(clip({"tax_no": "1" * 30})["tax_no"]) == 20
