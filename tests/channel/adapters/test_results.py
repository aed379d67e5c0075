"""Result dataclasses: JSON round trips (flows store receipts between push and poll)."""
from __future__ import annotations

import dataclasses
import json

from channel.adapters.results import BatchResult, ItemOutcome, PushResult


def round_trip(result: PushResult) -> PushResult:
    return PushResult.from_dict(json.loads(json.dumps(dataclasses.asdict(result))))


def test_push_result_round_trips_with_and_without_outcomes() -> None:
    asynchronous = PushResult("b-1", None, keys=["A", "B"], aliases={"content:9": ["A", "B"]}, operation="op")
    synchronous = PushResult(None, [ItemOutcome("A", False, reason="no category")], keys=[], operation="op")
    assert round_trip(asynchronous) == asynchronous
    assert round_trip(synchronous) == synchronous


def test_batch_result_failed_lists_only_failures() -> None:
    result = BatchResult("b-1", "done", [ItemOutcome("A", True), ItemOutcome("B", False, reason="r")], 2)
    assert result.failed == [ItemOutcome("B", False, reason="r")]
