"""A task sent through a real broker is run by a real worker and its result lands in the database."""
from __future__ import annotations

import os
import socket

import pytest
from django_celery_results.models import TaskResult

from config.celery_app import app
from tests.fixtures.processes import wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def test_task_round_trip_through_redis_stores_result_with_task_name(celery_worker):
    result = app.send_task("channel.noop", kwargs={"steps": 2})
    summary = result.get(timeout=30)
    assert summary["flow"] == "noop" and summary["failed"] == 0
    row = TaskResult.objects.get(task_id=result.id)
    assert row.status == "SUCCESS"
    assert row.task_name == "channel.noop"
    assert row.worker and row.worker.startswith("worker-")


def rabbitmq_reachable() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 5672), timeout=0.5).close()
        return True
    except OSError:
        return False


@pytest.mark.rabbitmq
def test_task_round_trip_through_rabbitmq(worker_factory):
    if not rabbitmq_reachable():
        pytest.skip("RabbitMQ is not reachable on 127.0.0.1:5672")
    amqp = "amqp://guest:guest@127.0.0.1:5672//"
    # RabbitMQ is shared by every test run on the machine: a queue of our own, deleted afterwards,
    # so no other run's worker (with another test database) can take our message.
    queue = f"rabbit-round-trip-{os.getpid()}"
    worker_factory("rabbit-worker", env={"BROKER_URL": amqp}, extra_args=("-Q", queue))
    try:
        with app.connection_for_write(amqp) as conn:
            result = app.send_task("channel.noop", kwargs={"steps": 1}, queue=queue, connection=conn)
        wait_until(lambda: TaskResult.objects.filter(task_id=result.id, status="SUCCESS").exists(), 30,
                   "the RabbitMQ task's result row")
        assert TaskResult.objects.get(task_id=result.id).task_name == "channel.noop"
    finally:
        with app.connection_for_write(amqp) as conn:
            conn.default_channel.queue_delete(queue)
