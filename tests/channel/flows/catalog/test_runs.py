"""The run entry points through their Celery tasks on real workers: lock, and crash safety."""
from __future__ import annotations

import pytest
from celery.result import AsyncResult

from config.celery_app import app
from tests.fixtures.processes import free_port, wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(180)]

CREATE = "POST /integration/product/sellers/<int:seller_id>/v2/products"


@pytest.fixture
def flows_worker(worker_factory, channel):
    """Start workers on a private queue, aimed at this test's Omnitron sandbox."""
    queue = f"flows-{free_port()}"
    env = {"OMNITRON_URL": channel.omnitron.url, "OMNITRON_CHANNEL_ID": "1", "OMNITRON_CATALOG_ID": "1",
           "SYNC_LOCK_TTL": "3"}

    def start(name: str = "flows-worker"):
        return worker_factory(name, env=env, concurrency=2, extra_args=("-Q", queue))

    start.queue = queue
    return start


def send(flow: str, queue: str, **kwargs) -> AsyncResult:
    return app.send_task(f"channel.{flow}", kwargs={"channel_id": 1, **kwargs}, queue=queue)


def batch_statuses(channel) -> list[str]:
    return [batch["status"] for batch in channel.batches()]


def test_second_concurrent_run_is_skipped(channel, flows_worker):
    channel.trendyol.configure(batch_delay=1.5)  # keeps the first run busy polling
    flows_worker()
    first = send("products_insert", flows_worker.queue)
    wait_until(lambda: first.state == "PROGRESS" or "sent_to_remote" in batch_statuses(channel)
               or "ongoing" in batch_statuses(channel), 30, "the first run to push")
    second = send("products_insert", flows_worker.queue)

    wait_until(lambda: second.state == "SKIPPED", 30, "the second run to be skipped")
    assert second.info["skipped"] == "already running"
    summary = first.get(timeout=60)
    assert (summary["succeeded"], summary["failed"]) == (20, 0)
    assert channel.trendyol.counts()["endpoints"][CREATE] == 1


def test_run_killed_between_push_and_done_is_finished_by_the_next_run_without_pushing_again(
        channel, flows_worker):
    channel.trendyol.configure(batch_delay=4)  # the remote batch stays IN_PROGRESS for 4 s
    doomed = flows_worker("doomed-worker")
    send("products_insert", flows_worker.queue)
    wait_until(lambda: set(batch_statuses(channel)) & {"sent_to_remote", "ongoing"}, 30,
               "the push to be recorded on Omnitron")
    doomed.kill()  # SIGKILL the worker and its pool: no cleanup, no done
    doomed.popen.wait(10)
    assert set(batch_statuses(channel)) <= {"sent_to_remote", "ongoing"}

    flows_worker("next-worker")
    wait_until(lambda: _lock_free(), 15, "the dead run's lock to expire")
    summary = send("products_insert", flows_worker.queue).get(timeout=60)

    assert summary["resumed_batches"] == 1 and summary["fetched"] == 0
    assert summary["succeeded"] == 20
    assert batch_statuses(channel) == ["done"]
    assert channel.trendyol.counts()["endpoints"][CREATE] == 1  # pushed exactly once
    assert len(channel.trendyol.products()) == 20
    assert {ia["status"] for ia in channel.ias("product")} == {"success"}


def _lock_free() -> bool:
    from channel.locks import lock_holder

    return lock_holder("products_insert", 1) is None
