"""SyncTask: one run per flow and channel, SKIPPED + Ignore for the second, failures reported to Omnitron."""
from __future__ import annotations

import pytest
from django_celery_results.models import TaskResult

from channel.locks import flow_lock, lock_holder
from channel.flows.error_reports import run_failure
from channel.tasks import TASKS
from config.celery_app import app
from tests.fixtures.processes import wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def test_second_run_while_the_lock_is_held_is_stored_as_skipped(celery_worker):
    with flow_lock("noop", 1, token="first-run"):
        result = app.send_task("channel.noop", kwargs={"channel_id": 1})
        wait_until(lambda: TaskResult.objects.filter(task_id=result.id, status="SKIPPED").exists(), 30,
                   "the skipped run's row")
    row = TaskResult.objects.get(task_id=result.id)
    assert row.status == "SKIPPED"
    assert '"running_task_id": "first-run"' in row.result
    assert lock_holder("noop", 1) is None


def test_the_lock_is_free_again_after_a_run(celery_worker):
    assert app.send_task("channel.noop", kwargs={"channel_id": 1}).get(timeout=30)["flow"] == "noop"
    assert lock_holder("noop", 1) is None
    assert app.send_task("channel.noop", kwargs={"channel_id": 1}).get(timeout=30)["flow"] == "noop"


def test_inline_run_while_locked_returns_the_skip_without_running():
    with flow_lock("noop", 7, token="other"):
        outcome = TASKS["noop"].apply(kwargs={"channel_id": 7}).get()
    assert outcome == {"skipped": "already running", "flow": "noop", "channel_id": 7, "running_task_id": "other"}


def test_a_failed_run_is_reported_to_omnitron(worker_factory, omnitron):
    worker_factory("reporting-worker", env={"OMNITRON_URL": omnitron.url}, extra_args=("-Q", "reporting"))
    result = app.send_task("channel.noop", kwargs={"channel_id": 1, "fail": "boom from the test"}, queue="reporting")
    wait_until(lambda: TaskResult.objects.filter(task_id=result.id, status="FAILURE").exists(), 30, "the failure")
    wait_until(lambda: any(result.id in r["error_code"] for r in omnitron.table("error_reports")), 30,
               "the error report in Omnitron")
    report = next(r for r in omnitron.table("error_reports") if result.id in r["error_code"])
    assert report["error_desc"] == "noop"
    assert report["is_ok"] is False
    assert "NoopFailure: boom from the test" in report["raw_response"]
    assert str(report["target_object_id"]) == "1"
    wait_until(lambda: any(result.id in e["context"]["error_code"] for e in omnitron.table("operational_events")), 30,
               "the operational event in Omnitron")
    event = next(e for e in omnitron.table("operational_events") if result.id in e["context"]["error_code"])
    assert (event["event_type"], event["level"], event["source"]) == ("batch_request_error", "error", "channel_app")
    assert "boom from the test" in event["raw_data"]["raw_response"]


def test_reporting_never_raises_when_omnitron_is_unreachable(settings):
    settings.OMNITRON_URL = "http://127.0.0.1:9/"
    settings.OMNITRON_MAX_RETRIES = 0
    assert run_failure("noop", 1, "task-id", RuntimeError("x")) is False
