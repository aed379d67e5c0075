"""The base class: conf validation in the constructor, chunking, and unsupported hooks."""
from __future__ import annotations

from collections.abc import Sequence

import pytest
import requests

from channel.adapters.base import AdapterLimits, MarketplaceAdapter, chunked
from channel.adapters.conf import ConfField
from channel.adapters.errors import AdapterConfigError, UnsupportedOperation
from channel.adapters.payloads import ProductRef, StockInput
from channel.adapters.results import ItemOutcome, PushResult


class RecordingAdapter(MarketplaceAdapter):
    """A synchronous marketplace taking 3 items per request; records each chunk it gets."""

    name = "recording"
    conf_schema = (ConfField("token", secret=True),)
    limits = AdapterLimits(items_per_request=3, requests_per_second=1.0)

    def __init__(self, conf: dict, session: requests.Session | None = None) -> None:
        super().__init__(conf, session)
        self.chunks: list[list[str]] = []

    def send_stocks(self, chunk: Sequence[StockInput]) -> list[PushResult]:
        self.chunks.append([item.key for item in chunk])
        outcomes = [ItemOutcome(item.key, ok=item.stock >= 0) for item in chunk]
        return [PushResult(None, outcomes, keys=[item.key for item in chunk])]


@pytest.mark.parametrize(("count", "size", "lengths"), [(0, 3, []), (3, 3, [3]), (7, 3, [3, 3, 1]), (2, 5, [2])])
def test_chunked_cuts_consecutive_slices(count: int, size: int, lengths: list[int]) -> None:
    chunks = list(chunked(list(range(count)), size))
    assert [len(chunk) for chunk in chunks] == lengths
    assert [n for chunk in chunks for n in chunk] == list(range(count))


def test_public_push_chunks_to_items_per_request() -> None:
    adapter = RecordingAdapter({"token": "t"})
    results = adapter.push_stocks([StockInput(f"S{i}", stock=i) for i in range(7)])
    assert adapter.chunks == [["S0", "S1", "S2"], ["S3", "S4", "S5"], ["S6"]]
    assert [o.key for r in results for o in r.outcomes or []] == [f"S{i}" for i in range(7)]


def test_constructor_validates_conf_and_keeps_given_session() -> None:
    session = requests.Session()
    adapter = RecordingAdapter({"token": "t"}, session=session)
    assert adapter.session is session and adapter.conf == {"token": "t"}
    with pytest.raises(AdapterConfigError, match="token: required"):
        RecordingAdapter({})


@pytest.mark.parametrize("call", [
    lambda a: a.create_products([ProductRef("S")]),
    lambda a: a.push_prices([ProductRef("S")]),
    lambda a: a.fetch_batch("b"),
    lambda a: a.get_category_tree(),
    lambda a: a.get_brands(),
    lambda a: a.get_cargo_providers(),
    lambda a: a.request_count,
])
def test_unimplemented_hooks_raise_unsupported_operation(call) -> None:  # noqa: ANN001
    with pytest.raises(UnsupportedOperation):
        call(RecordingAdapter({"token": "t"}))


def test_pushing_nothing_sends_nothing() -> None:
    adapter = RecordingAdapter({"token": "t"})
    assert adapter.push_stocks([]) == [] and adapter.chunks == []


class PerOperationAdapter(RecordingAdapter):
    """Stocks in chunks of 2, everything else in the default 3 (Hepsiburada sizes writes per kind)."""

    limits = AdapterLimits(items_per_request=3, requests_per_second=1.0, per_operation={"push_stocks": 2})


def test_per_operation_limit_overrides_items_per_request() -> None:
    adapter = PerOperationAdapter({"token": "t"})
    adapter.push_stocks([StockInput(f"S{i}", stock=i) for i in range(5)])
    assert [len(chunk) for chunk in adapter.chunks] == [2, 2, 1]
    assert adapter.limits.items_for("push_prices") == 3


def test_supports_names_the_writes_whose_hook_is_filled() -> None:
    adapter = RecordingAdapter({"token": "t"})
    assert adapter.supports("push_stocks") and not adapter.supports("push_images")
    assert not adapter.supports("no_such_write")
