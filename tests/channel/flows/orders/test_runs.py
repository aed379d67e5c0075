"""The order flows through their Celery tasks on real workers: reruns, crashes, races, timeouts."""
from __future__ import annotations

import threading

import pytest
from celery.result import AsyncResult

from config.celery_app import app
from tests.channel.flows.orders.conftest import make_packages, orders, worker_env
from tests.fixtures.processes import free_port, wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(180)]

CREATE = "POST channel/{ch}/create_orders/"


def send(flow: str, queue: str, **kwargs) -> AsyncResult:
    return app.send_task(f"channel.{flow}", kwargs={"channel_id": 1, "lookback_hours": 1, **kwargs}, queue=queue)


def numbers(channel) -> list[str]:
    return [row["number"] for row in orders(channel)]


def lock_free(flow: str = "orders_import") -> bool:
    from channel.locks import lock_holder

    return lock_holder(flow, 1) is None


def test_fifty_packages_through_a_worker_then_a_rerun_creates_none(channel, orders_worker):
    make_packages(channel, 50)
    orders_worker()

    first = send("orders_import", orders_worker.queue).get(timeout=90)
    second = send("orders_import", orders_worker.queue).get(timeout=90)

    assert first["orders"]["created"] == 50 and first["failed"] == 0
    assert second["orders"]["created"] == 0 and second["orders"]["existing"] == 50
    assert len(numbers(channel)) == len(set(numbers(channel))) == 50
    assert second["requests"]["omnitron"] <= 5  # channel, one number check, one IA check, error report...


def test_worker_killed_after_create_orders_answered_then_a_rerun_leaves_exactly_one_order_each(
        private_channel, worker_factory):
    channel = private_channel
    packages = make_packages(channel, 10)
    # The run creates every order, then hangs recording them: kill it there.
    channel.omnitron.fault(endpoint="POST channel/{ch}/batch_requests/", latency=30, times=1)
    queue = f"orders-kill-{free_port()}"
    doomed = worker_factory("doomed-orders-worker", env=worker_env(channel), concurrency=1, extra_args=("-Q", queue))
    send("orders_import", queue)
    wait_until(lambda: len(orders(channel)) == 10, 60, "every order to be created")
    doomed.kill()  # SIGKILL the worker's process group: no cleanup, nothing recorded
    doomed.popen.wait(10)
    assert channel.ias("order") == []

    worker_factory("next-orders-worker", env=worker_env(channel), concurrency=1, extra_args=("-Q", queue))
    wait_until(lock_free, 15, "the dead run's lock to expire")
    summary = send("orders_import", queue).get(timeout=90)

    assert summary["orders"]["created"] == 0 and summary["orders"]["recorded"] == 10
    assert sorted(numbers(channel)) == sorted(str(p["shipmentPackageId"]) for p in packages)
    assert {ia["status"] for ia in channel.ias("order")} == {"success"} and len(channel.ias("order")) == 10
    assert channel.omnitron.counts()["endpoints"][CREATE] == 10


def test_a_create_that_times_out_after_omnitron_stored_it_is_not_duplicated(private_channel, worker_factory):
    channel = private_channel
    make_packages(channel, 3)
    # The first create is held 3 s before Omnitron handles it; the worker gives up after 1 s,
    # finds no order, sends it again; the held one then meets the stored order (400).
    channel.omnitron.fault(endpoint=CREATE, latency=3, times=1)
    queue = f"orders-timeout-{free_port()}"
    worker_factory("timeout-orders-worker", env=worker_env(channel, OMNITRON_READ_TIMEOUT="1"), concurrency=1,
                   extra_args=("-Q", queue))

    summary = send("orders_import", queue).get(timeout=90)

    assert summary["failed"] == 0 and summary["orders"]["created"] == 3
    assert channel.omnitron.counts()["endpoints"][CREATE] == 4
    assert len(numbers(channel)) == len(set(numbers(channel))) == 3


def test_two_overlapping_runs_create_each_order_once(channel, orders_worker):
    make_packages(channel, 40)
    orders_worker()
    channel.omnitron.fault(endpoint=CREATE, latency=0.25)  # 40 creates, 2 at a time: each run takes ~5 s
    task = send("orders_import", orders_worker.queue, concurrency=2)
    from channel.locks import lock_client, lock_holder, lock_key

    wait_until(lambda: lock_holder("orders_import", 1) == task.id, 30, "the worker's run to take the lock")
    # The lock is only a courtesy: drop it as if it had expired under a stalled run, so a
    # second run overlaps the first one and only Omnitron's unique order number stands.
    lock_client().delete(lock_key("orders_import", 1))
    inline: dict = {}
    runner = threading.Thread(
        target=lambda: inline.update(channel.run("orders_import", lookback_hours=1, concurrency=2)))
    runner.start()
    summary = task.get(timeout=90)
    runner.join(90)

    assert len(numbers(channel)) == len(set(numbers(channel))) == 40
    assert summary["orders"]["created"] + inline["orders"]["created"] == 40
    assert summary["orders"]["existing"] + inline["orders"]["existing"] == 40
    assert summary["failed"] == inline["failed"] == 0 and summary["sent"] > 0 and inline["sent"] > 0


def test_an_order_lifecycle_through_the_tasks(channel, orders_worker):
    conf = channel.client.channels.get()["conf"]
    channel.client.channels.update({"conf": {**conf, "unsupplied_reason_mapping": {"3": "502"}}})
    (package,) = make_packages(channel, 1, quantity=2)
    orders_worker()
    assert send("orders_import", orders_worker.queue).get(timeout=60)["orders"]["created"] == 1
    first, second = (item for item in channel.omnitron.table("order_items"))
    channel.client.cancellation_requests.create({"cancellation_type": "cancel", "order_item": first["pk"], "reason": 3})

    pushed = send("orders_cancel_push", orders_worker.queue).get(timeout=60)
    cancelled = send("orders_cancel_import", orders_worker.queue).get(timeout=60)
    relinked = send("orders_import", orders_worker.queue).get(timeout=60)
    channel.client.order_items.update(second["pk"], {"invoice_number": "INV-42"})
    updated = send("orders_update", orders_worker.queue).get(timeout=60)

    assert pushed["orders"]["unsupplied_calls"] == 1 and cancelled["orders"]["cancelled_items"] == 1
    assert relinked["orders"]["relinked"] == 1 and updated["orders"]["invoiced"] == 1
    packages = {p["shipmentPackageId"]: p for p in channel.trendyol.control("GET", "packages")}
    old = packages.pop(package["shipmentPackageId"])
    (new,) = packages.values()
    assert old["status"] == "Cancelled" and old["lines"][0]["cancelReasonCode"] == 502
    assert (new["status"], new["invoiceNumber"]) == ("Invoiced", "INV-42")
    statuses = {item["pk"]: item["status"] for item in channel.omnitron.table("order_items")}
    assert statuses == {first["pk"]: "100", second["pk"]: "400"}
    assert len(orders(channel)) == 1
