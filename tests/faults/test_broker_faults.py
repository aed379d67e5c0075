"""The broker and the cache go away mid-run, and a killed worker's run resumes on RabbitMQ too:
each run ends as a fault-free run, with nobody stepping in.

A Redis broker that restarts keeps its queues (append-only file); the worker cancels the run it
could no longer acknowledge, and the recovery sweep restarts it once its lock has expired.
A private RabbitMQ node (never the machine's broker) is SIGKILLed mid products insert and mid
orders import and started again: the worker reconnects by itself and gets the durable queue's
unacknowledged run back.
"""
from __future__ import annotations

import socket
import time

import pytest
from celery.result import AsyncResult

from config.celery_app import app
from tests.channel.flows.orders.conftest import make_packages
from tests.faults.conftest import (
    assert_orders_as_fault_free, assert_products_as_fault_free, orders_imported, PRODUCT_CREATE, sweep_every_second,
    synced,
)
from tests.fixtures.processes import wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(240)]

PRODUCTS, SEEDED, CHUNK = 200, 20, 50
RABBITMQ = "amqp://guest:guest@127.0.0.1:5672//"
ORDER_PACKAGES, ORDER_BUYERS = 150, 100
OUTAGE_S = 3.0  # how long the broker stays down: the fault itself, not a wait for readiness


def send(broker_url: str, queue: str, flow: str, **kwargs) -> AsyncResult:
    with app.connection_for_write(broker_url) as conn:
        return app.send_task(f"channel.{flow}", kwargs={"channel_id": 1, **kwargs}, queue=queue, connection=conn)


def pushed_chunks(channel) -> int:
    return channel.trendyol.counts()["endpoints"].get(PRODUCT_CREATE, 0)


def test_products_insert_finishes_by_itself_when_its_redis_broker_is_killed_and_restarted(
        channel, fault_worker, fault_queue, persistent_redis, beat_factory):
    channel.omnitron.seed(PRODUCTS - SEEDED)
    # One Redis for broker and cache, as a deployment with a single Redis has: the kill takes the
    # queue, the run's lock and the run registry away at once.
    env = {"BROKER_URL": f"{persistent_redis.url}/1", "CACHE_URL": f"{persistent_redis.url}/2"}
    sweep_every_second(fault_queue)
    beat_factory(**env)
    worker = fault_worker("broker-loss", **env)
    send(env["BROKER_URL"], fault_queue, "products_insert", chunk_size=CHUNK)
    wait_until(lambda: pushed_chunks(channel) >= 1, 60, "the first chunk pushed")

    persistent_redis.kill()
    time.sleep(OUTAGE_S)
    persistent_redis.start()
    wait_until(lambda: synced(channel, "product", PRODUCTS), 120, "every product synced, no batch open")

    assert_products_as_fault_free(channel, PRODUCTS, CHUNK)
    wait_until(lambda: "Connection to broker lost" in worker.log() or "Cannot connect to" in worker.log(), 30,
               "the worker to log its broker loss")


def test_a_cache_outage_at_lock_release_does_not_fail_the_run(channel, fault_worker, fault_queue, persistent_redis):
    channel.omnitron.seed(PRODUCTS - SEEDED)
    env = {"CACHE_URL": f"{persistent_redis.url}/2", "FAULT_PAUSE_AT": "before_release:1:4"}
    worker = fault_worker("cache-loss", **env)
    result = app.send_task("channel.products_insert", kwargs={"channel_id": 1, "chunk_size": CHUNK},
                           queue=fault_queue)
    wait_until(lambda: "fault point before_release reached" in worker.log(), 120, "the run to reach its lock release")
    persistent_redis.kill()  # the lock, its renewals and the run registry are gone with it

    summary = result.get(timeout=60)

    assert (summary["succeeded"], summary["failed"]) == (PRODUCTS, 0)
    assert result.state == "SUCCESS"
    assert "could not release lock" in worker.log()
    assert_products_as_fault_free(channel, PRODUCTS, CHUNK)
    persistent_redis.start()  # and the worker's next run works as before
    assert app.send_task("channel.noop", kwargs={"steps": 1}, queue=fault_queue).get(timeout=60)


def rabbitmq_reachable() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 5672), timeout=0.5).close()
        return True
    except OSError:
        return False


@pytest.mark.rabbitmq
def test_a_killed_workers_run_resumes_on_rabbitmq(channel, fault_worker, fault_queue, beat_factory):
    if not rabbitmq_reachable():
        pytest.skip("RabbitMQ is not reachable on 127.0.0.1:5672")
    channel.omnitron.seed(PRODUCTS - SEEDED)
    sweep_every_second(fault_queue)
    try:
        beat_factory(BROKER_URL=RABBITMQ)
        doomed = fault_worker("doomed-rabbit", BROKER_URL=RABBITMQ, FAULT_KILL_AT="after_push:2")
        send(RABBITMQ, fault_queue, "products_insert", chunk_size=CHUNK)
        wait_until(lambda: not doomed.alive(), 60, "the worker to die after its second push")

        fault_worker("survivor-rabbit", BROKER_URL=RABBITMQ)  # the fault ends: a worker is back
        wait_until(lambda: synced(channel, "product", PRODUCTS), 60, "the run resumed and finished within 60 s")

        assert_products_as_fault_free(channel, PRODUCTS, CHUNK)
    finally:
        with app.connection_for_write(RABBITMQ) as conn:
            conn.default_channel.queue_delete(fault_queue)


def test_products_insert_finishes_by_itself_when_its_rabbitmq_is_killed_and_restarted(
        channel, fault_worker, fault_queue, private_rabbitmq, beat_factory):
    channel.omnitron.seed(PRODUCTS - SEEDED)
    broker = private_rabbitmq.url
    sweep_every_second(fault_queue)
    beat_factory(BROKER_URL=broker)
    worker = fault_worker("rabbit-loss", BROKER_URL=broker)
    send(broker, fault_queue, "products_insert", chunk_size=CHUNK)
    wait_until(lambda: pushed_chunks(channel) >= 1, 60, "the first chunk pushed")

    private_rabbitmq.kill()  # the queue, the unacked run message and every connection go at once
    killed = time.monotonic()
    time.sleep(OUTAGE_S)
    private_rabbitmq.start()
    wait_until(lambda: synced(channel, "product", PRODUCTS), 120, "every product synced, no batch open")
    print(f"products synced {time.monotonic() - killed:.1f} s after the broker was killed")  # a figure, not a check

    assert_products_as_fault_free(channel, PRODUCTS, CHUNK)
    wait_until(lambda: "Connection to broker lost" in worker.log(), 30, "the worker to log its broker loss")
    with app.connection_for_write(broker) as conn:  # and the reconnected worker takes new work
        assert app.send_task("channel.noop", kwargs={"steps": 1}, queue=fault_queue, connection=conn).get(timeout=60)


def test_orders_import_finishes_by_itself_when_its_rabbitmq_is_killed_and_restarted(
        channel, fault_worker, fault_queue, private_rabbitmq, beat_factory):
    packages = make_packages(channel, ORDER_PACKAGES, customers=ORDER_BUYERS)
    broker = private_rabbitmq.url
    sweep_every_second(fault_queue)
    beat_factory(BROKER_URL=broker)
    worker = fault_worker("rabbit-loss-orders", BROKER_URL=broker, FAULT_PAUSE_AT="order_created:40:4")
    send(broker, fault_queue, "orders_import", lookback_hours=1)
    wait_until(lambda: "fault point order_created reached" in worker.log(), 90, "the run to hold mid creation")

    private_rabbitmq.kill()
    killed = time.monotonic()
    time.sleep(OUTAGE_S)
    private_rabbitmq.start()
    wait_until(lambda: orders_imported(channel, ORDER_PACKAGES), 120, "every package imported and recorded")
    print(f"orders imported {time.monotonic() - killed:.1f} s after the broker was killed")  # a figure, not a check

    assert_orders_as_fault_free(channel, packages, ORDER_BUYERS)
    wait_until(lambda: "Connection to broker lost" in worker.log(), 30, "the worker to log its broker loss")
