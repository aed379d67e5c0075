"""A worker whose database connections were cut keeps running tasks (PostgreSQL run only)."""
from __future__ import annotations

import os

import pytest
from django.db import connection
from django_celery_results.models import TaskResult

from config.celery_app import app
from tests.fixtures.processes import wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def terminate_other_backends() -> int:
    """Cut every other session on the test database, as a PostgreSQL restart or failover would."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                       "WHERE datname = current_database() AND pid <> pg_backend_pid()")
        return int(cursor.fetchone()[0])


def run_noop(queue: str) -> TaskResult:
    result = app.send_task("channel.noop", kwargs={"steps": 1}, queue=queue)
    wait_until(lambda: TaskResult.objects.filter(task_id=result.id, status__in=("SUCCESS", "FAILURE")).exists(),
               60, "the noop's result row")
    return TaskResult.objects.get(task_id=result.id)


def test_worker_reconnects_after_its_database_connection_is_terminated(worker_factory):
    if connection.vendor != "postgresql":
        pytest.skip("pg_terminate_backend needs PostgreSQL (the CI's second run)")
    queue = f"db-heal-{os.getpid()}"
    worker_factory("db-heal-worker", concurrency=1, extra_args=("-Q", queue))
    assert run_noop(queue).status == "SUCCESS"  # the worker now holds an open connection
    assert terminate_other_backends() >= 1
    assert [run_noop(queue).status for _ in range(3)] == ["SUCCESS"] * 3
