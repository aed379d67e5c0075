"""RunSummary: exact counters, bounded result size."""
from __future__ import annotations

from channel.flows.summary import MAX_DRY_RUN_SAMPLES, MAX_ERRORS_KEPT, RunSummary


def test_errors_are_counted_exactly_but_kept_up_to_the_cap():
    summary = RunSummary(flow="products_insert", channel_id=3)
    for pk in range(MAX_ERRORS_KEPT + 50):
        summary.add_error(pk, "listPrice must be greater than or equal to salePrice", key=f"B{pk}")

    result = summary.as_dict({"omnitron": 7, "marketplace": 2})

    assert result["failed"] == MAX_ERRORS_KEPT + 50
    assert len(result["errors"]) == MAX_ERRORS_KEPT and result["errors_truncated"] is True
    assert result["errors"][0] == {"object_id": 0, "key": "B0", "reason_type": "channel_app",
                                   "reason": "listPrice must be greater than or equal to salePrice"}
    assert result["requests"] == {"omnitron": 7, "marketplace": 2}
    assert "would_send" not in result


def test_dry_run_result_carries_what_would_be_sent():
    summary = RunSummary(flow="prices_update", channel_id=1, dry_run=True)
    for pk in range(MAX_DRY_RUN_SAMPLES + 5):
        summary.would_send += 1
        summary.add_dry_run_sample({"pk": pk})

    result = summary.as_dict({"omnitron": 1, "marketplace": 0})

    assert result["would_send"] == MAX_DRY_RUN_SAMPLES + 5
    assert len(result["samples"]) == MAX_DRY_RUN_SAMPLES and result["sent"] == 0
    assert result["duration_s"] >= 0
