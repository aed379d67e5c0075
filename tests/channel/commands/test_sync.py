"""`manage.py sync`: inline with progress, queue and wait on a real worker, clear errors and exit codes."""
from __future__ import annotations

import os
import subprocess
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_celery_results.models import TaskResult

from channel.locks import flow_lock
from tests.fixtures.processes import PYTHON, ROOT

pytestmark = pytest.mark.django_db(transaction=True)


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env={**os.environ, **env},
                          capture_output=True, text=True, timeout=60)


def sync(*args: str) -> str:
    out = StringIO()
    call_command("sync", *args, stdout=out)
    return out.getvalue()


def test_inline_noop_prints_progress_and_exits_0(test_database_env):
    done = manage(test_database_env, "sync", "noop", "--inline", "--option", "steps=4")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    bar = next(line for line in lines if line.startswith("noop "))
    assert "4/4" in bar and "100%" in bar  # written once, finished, into a pipe
    assert any(line.replace("│", " ").split() == ["fetched", "0"] for line in lines)  # the summary table
    assert lines[-1] == "noop finished: fetched=0 sent=0 succeeded=0 failed=0"
    task_id = lines[0].rsplit(" ", 1)[1]
    assert TaskResult.objects.get(task_id=task_id).status == "SUCCESS"  # the dashboard sees inline runs


def test_unknown_flow_exits_non_zero_with_a_clear_message(test_database_env):
    done = manage(test_database_env, "sync", "unknown-flow")
    assert done.returncode != 0
    assert "Unknown flow 'unknown-flow'. Known flows: " in done.stderr and "noop" in done.stderr
    assert "Traceback" not in done.stderr


def test_inline_failure_raises_with_the_error(settings):
    settings.OMNITRON_MAX_RETRIES = 0  # the failure report to the (absent) Omnitron gives up at once
    with pytest.raises(CommandError, match="noop failed: NoopFailure: boom"):
        sync("noop", "--inline", "--option", "fail=boom")


def test_inline_while_the_lock_is_held_says_who_runs():
    with flow_lock("noop", 1, token="other-run"), pytest.raises(CommandError, match="already running as other-run"):
        sync("noop", "--inline")


def test_queueing_while_the_lock_is_held_queues_nothing(django_capture_on_commit_callbacks):
    with flow_lock("noop", 1, token="other-run"), django_capture_on_commit_callbacks() as callbacks, \
            pytest.raises(CommandError, match="already running as other-run; nothing was queued"):
        sync("noop")
    assert callbacks == []


def test_queue_and_wait_follows_the_run_on_a_real_worker(celery_worker):
    out = sync("noop", "--wait", "--dry-run", "--option", "steps=2")
    assert out.startswith("queued noop for channel 1 as ") and "(dry run: nothing will be changed)" in out
    bar = next(line for line in out.splitlines() if line.startswith("noop (dry run)"))
    assert "100%" in bar  # the run may end before a poll sees its progress; the bar still ends full
    assert "noop · channel 1 · DRY RUN: nothing was changed" in out
    assert out.splitlines()[-1] == "noop finished (dry run): fetched=0 sent=0 succeeded=0 failed=0"


def test_wait_reports_a_failed_run(celery_worker):
    with pytest.raises(CommandError, match="noop ended FAILURE: NoopFailure: broken on purpose"):
        sync("noop", "--wait", "--option", "fail=broken on purpose")


@pytest.mark.parametrize("args, message", [
    (["noop", "--channel", "99"], "Channel 99 is not configured"),
    (["noop", "--option", "colour=red"], "Flow noop cannot run with these options: colour: unknown option for flow noop; it accepts: fail, steps."),
    (["noop", "--option", "steps"], "is not KEY=VALUE"),
])
def test_bad_arguments_are_command_errors(args, message):
    with pytest.raises(CommandError, match=message.replace(".", r"\.")):
        sync(*args)


def test_unreachable_omnitron_fails_as_unreachable_not_as_a_login_problem(settings):
    """Every retry of the run meets a refused connection; none of them spends the login budget."""
    from django.core.cache import cache

    from omnitron.factory import client_from_settings
    from tests.fixtures.processes import free_port

    settings.OMNITRON_URL = f"http://127.0.0.1:{free_port()}/"
    settings.OMNITRON_MAX_RETRIES = 0  # the client's own retries; the task's Celery retries still run
    with pytest.raises(CommandError) as info:
        sync("products_sync", "--inline")
    message = str(info.value)
    assert message.startswith("products_sync failed: ")
    assert message.endswith(f"Error: Omnitron unreachable at {settings.OMNITRON_URL}: connection refused (nothing "
                            "listens on that port) (POST /api/v1/auth/login/)")
    assert client_from_settings(cache=cache).transport.tokens.logins_used() == 0


def test_sync_accepts_add_mapped_and_refuses_a_non_boolean(django_capture_on_commit_callbacks):
    from channel.api.runs import run_status

    with django_capture_on_commit_callbacks(execute=False):
        out = sync("products_sync", "--option", "add_mapped=false")
    task_id = out.split()[-1]
    assert out.startswith("queued products_sync for channel 1 as ")
    with pytest.raises(CommandError, match="add_mapped: must be true or false"):
        sync("products_sync", "--option", "add_mapped=no")
    assert run_status(task_id) is not None
