"""run_flow, the one lifecycle of every run: lock, runtime, inactive channel, reports, failures."""
from __future__ import annotations

import pytest

from channel.flows.lifecycle import run_flow
from channel.flows.registry import Flow, get_flow
from channel.locks import AlreadyRunning, flow_lock, lock_holder

pytestmark = pytest.mark.timeout(120)


class Boom(RuntimeError):
    pass


def explode(rt) -> None:
    rt.summary.fetched = 3
    raise Boom("the flow broke")


def reports(channel, needle: str) -> list[dict]:
    return [row for row in channel.omnitron.table("error_reports") if needle in row["error_code"]]


def test_a_run_holds_the_lock_while_it_runs_and_frees_it_after(channel):
    seen = []
    flow = Flow("lifecycle_probe", "records the lock holder", lambda rt: seen.append(lock_holder(rt.summary.flow, 1)))

    result = run_flow(flow, channel.context(), run_id="probe-run")

    assert seen == ["probe-run"] and lock_holder("lifecycle_probe", 1) is None
    assert result["flow"] == "lifecycle_probe" and result["channel_id"] == 1


def test_a_second_run_while_the_lock_is_held_raises_without_running(channel):
    ran = []
    flow = Flow("lifecycle_busy", "must not run", lambda rt: ran.append(1))
    with flow_lock("lifecycle_busy", 1, token="the-other-run"), pytest.raises(AlreadyRunning) as busy:
        run_flow(flow, channel.context())
    assert busy.value.holder == "the-other-run" and ran == []


def test_an_inactive_channel_ends_the_run_with_a_note_and_runs_nothing(channel):
    channel.client.channels.update({"is_active": False})
    ran = []

    result = run_flow(Flow("lifecycle_inactive", "must not run", lambda rt: ran.append(1)), channel.context())

    assert ran == [] and result["fetched"] == 0
    assert result["notes"] == ["channel 1 is not active in Omnitron"]


def test_a_final_failure_is_reported_once_and_raised(channel):
    with pytest.raises(Boom):
        run_flow(Flow("lifecycle_boom", "fails", explode), channel.context(), run_id="final-run")

    (report,) = reports(channel, "final-run")
    assert report["error_desc"] == "lifecycle_boom" and report["is_ok"] is False
    assert "Boom: the flow broke" in report["raw_response"]


def test_a_failure_that_will_be_retried_is_not_reported(channel):
    with pytest.raises(Boom):
        run_flow(Flow("lifecycle_retry", "fails", explode), channel.context(), run_id="retried-run",
                 is_final=lambda exc: False)

    assert reports(channel, "retried-run") == []


def test_a_run_that_wrote_batches_posts_one_run_report_and_a_dry_run_none(channel):
    channel.omnitron.seed(5)
    run_flow(get_flow("products_sync"), channel.context(dry_run=True))
    assert reports(channel, "-Channel-products_sync-") == []

    result = run_flow(get_flow("products_sync"), channel.context())

    (report,) = reports(channel, "-Channel-products_sync-")
    assert result["batch_ids"] and report["error_desc"] == "products_sync"
    assert report["is_ok"] is True and f"batch_ids={result['batch_ids']}" in report["raw_response"]


def test_an_offline_flow_runs_without_reaching_omnitron(settings):
    settings.OMNITRON_URL = "http://127.0.0.1:9/"  # nothing listens: any request would fail

    result = run_flow(get_flow("noop"), _context(steps=2))

    assert result["flow"] == "noop" and result["requests"]["omnitron"] == 0 and result["failed"] == 0


def _context(**options):
    from channel.flows.context import FlowContext

    return FlowContext(channel_id=1, options=options)


def test_an_operation_the_marketplace_lacks_ends_the_run_with_a_note_not_a_failure(channel):
    from channel.adapters.errors import UnsupportedOperation

    def lacking(rt) -> None:
        rt.summary.fetched = 2
        raise UnsupportedOperation("hepsiburada: brands")

    result = run_flow(Flow("lifecycle_unsupported", "needs what the marketplace lacks", lacking), channel.context())

    assert result["unsupported"] == "hepsiburada: brands" and result["fetched"] == 2
    assert any("not supported by this channel's marketplace" in note for note in result["notes"])
    assert reports(channel, "lifecycle_unsupported") == [] or all(
        "fail" not in row["error_code"] for row in reports(channel, "lifecycle_unsupported"))
