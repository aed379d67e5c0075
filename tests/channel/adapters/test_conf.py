"""ConfField parsing and whole-conf validation."""
from __future__ import annotations

from typing import Any

import pytest

from channel.adapters.conf import ConfField, masked, parse_conf
from channel.adapters.errors import AdapterConfigError


@pytest.mark.parametrize(("field", "raw", "expected"), [
    (ConfField("n", "int"), "1000", 1000),
    (ConfField("n", "float"), "2.5", 2.5),
    (ConfField("b", "bool"), "yes", True),
    (ConfField("b", "bool"), "0", False),
    (ConfField("b", "bool"), False, False),
    (ConfField("s"), "  key ", "key"),
    (ConfField("u", "url"), "http://127.0.0.1:8102/integration", "http://127.0.0.1:8102/integration"),
    (ConfField("c", "choice", choices=("live", "stage")), "stage", "stage"),
])
def test_parse_converts_to_declared_type(field: ConfField, raw: Any, expected: Any) -> None:
    assert field.parse(raw) == expected


@pytest.mark.parametrize(("field", "raw"), [
    (ConfField("n", "int"), "ten"),
    (ConfField("b", "bool"), "maybe"),
    (ConfField("u", "url"), "ftp://x"),
    (ConfField("c", "choice", choices=("live", "stage")), "prod"),
])
def test_parse_rejects_values_that_do_not_fit(field: ConfField, raw: Any) -> None:
    with pytest.raises(ValueError):
        field.parse(raw)


FIELDS = (
    ConfField("seller_id", "int", help="seller"),
    ConfField("api_secret", secret=True),
    ConfField("timeout", "float", required=False, default=5.0),
    ConfField("base_url", "url", required=False),
)


def test_parse_conf_fills_defaults_and_drops_undeclared_keys() -> None:
    conf = parse_conf(FIELDS, {"seller_id": "7", "api_secret": "s", "other": "x"})
    assert conf == {"seller_id": 7, "api_secret": "s", "timeout": 5.0, "base_url": None}


def test_parse_conf_reports_every_problem_by_key() -> None:
    with pytest.raises(AdapterConfigError) as caught:
        parse_conf(FIELDS, {"seller_id": "seven", "timeout": "", "base_url": "nope"})
    message = str(caught.value)
    assert "seller_id:" in message and "api_secret: required" in message and "base_url:" in message
    assert "timeout" not in message


def test_masked_hides_only_secret_values() -> None:
    assert masked(FIELDS, {"seller_id": 7, "api_secret": "s3cr3t"}) == {"seller_id": 7, "api_secret": "***"}
