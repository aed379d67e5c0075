"""Fault-suite fixtures: workers on a private queue, a beat running only the recovery sweep,
and the final-state checks every scenario ends with.

Workers run with a 3 s lock TTL and beat sweeps every second, so a killed run restarts within
a few seconds; bench/faults.py runs the same scenarios with production defaults.
"""
from __future__ import annotations

import signal
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from tests.channel.flows.conftest import Channel, channel  # noqa: F401 - the fixture, reused
from tests.channel.flows.sandbox_setup import CHANNEL_ID
from tests.fixtures.bootstrap import RUN_DIR
from tests.fixtures.processes import (
    PYTHON, Process, free_port, port_open, redis_server_binary, start_process, wait_until,
)
from tests.fixtures.rabbitmq import PrivateRabbitMQ, rabbitmq_server_script

FINAL = ("done", "fail")


@pytest.fixture
def fault_queue() -> str:
    return f"faults-{free_port()}"


@pytest.fixture
def fault_worker(worker_factory, channel, fault_queue) -> Callable[..., Process]:  # noqa: F811
    """`fault_worker(name, FAULT_KILL_AT="after_push:2")`: one pool process on the private queue."""

    def start(name: str, **env: str) -> Process:
        full = {"OMNITRON_URL": channel.omnitron.url, "OMNITRON_CHANNEL_ID": str(CHANNEL_ID),
                "OMNITRON_CATALOG_ID": "1", "SYNC_LOCK_TTL": "3", **env}
        return worker_factory(name, env=full, concurrency=1, extra_args=("-Q", fault_queue))

    return start


@pytest.fixture
def recovery_sweep(celery_beat, fault_queue) -> PeriodicTask:
    """Beat sends `channel.recover_runs` to the private queue every second."""
    return sweep_every_second(fault_queue)


@dataclass
class PersistentRedis:
    """A Redis that keeps every write in its append-only file (fsync on each), so it can be
    SIGKILLed and started again on the same port with its queues, locks and run registry."""

    port: int
    data_dir: Path
    process: Process | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}"

    def start(self) -> None:
        args = [redis_server_binary(), "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "yes", "--appendfsync", "always", "--dir", str(self.data_dir),
                "--maxmemory-policy", "noeviction"]
        self.process = start_process(f"redis-{self.port}", args, self.data_dir.parent,
                                     ready=lambda: port_open("127.0.0.1", self.port))

    def kill(self) -> None:
        assert self.process is not None
        self.process.kill(signal.SIGKILL)
        self.process.popen.wait(10)
        wait_until(lambda: not port_open("127.0.0.1", self.port), 10, "the killed Redis to close its port")


@pytest.fixture
def persistent_redis() -> Iterator[PersistentRedis]:
    port = free_port()
    redis = PersistentRedis(port, RUN_DIR / f"aof-redis-{port}")
    redis.data_dir.mkdir(parents=True, exist_ok=True)
    redis.start()
    yield redis
    if redis.process is not None:
        redis.process.stop()


@pytest.fixture
def private_rabbitmq() -> Iterator[PrivateRabbitMQ]:
    """A RabbitMQ node of this test alone (free ports, own data dir): safe to SIGKILL and restart."""
    script = rabbitmq_server_script()
    if script is None:
        pytest.skip("no rabbitmq-server start script (install the rabbitmq-server package)")
    node = PrivateRabbitMQ(script, RUN_DIR / f"rabbitmq-{free_port()}")
    node.start()
    yield node
    node.stop()


@pytest.fixture
def beat_factory(test_database_env, tmp_path) -> Iterator[Callable[..., Process]]:
    """`beat_factory(BROKER_URL=...)`: a beat process on the DatabaseScheduler with that environment."""
    started: list[Process] = []

    def start(**env: str) -> Process:
        args = [PYTHON, "-m", "celery", "-A", "config", "beat", "-l", "DEBUG", "--max-interval", "1",
                "-S", "django_celery_beat.schedulers:DatabaseScheduler", "-s", str(tmp_path / "beat-schedule")]
        proc = start_process(f"beat-{free_port()}", args, RUN_DIR, env={**test_database_env, **env})
        started.append(proc)
        wait_until(lambda: "Synchronizing schedule" in proc.log() or not proc.alive(), 30, "beat to tick")
        return proc

    yield start
    for proc in started:
        proc.stop()


def sweep_every_second(queue: str) -> PeriodicTask:
    every, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.SECONDS)
    return PeriodicTask.objects.create(name=f"recover_runs {queue}", task="channel.recover_runs",
                                       interval=every, queue=queue)


def open_batches(channel: Channel) -> list[dict[str, Any]]:  # noqa: F811
    return [batch for batch in channel.batches() if batch["status"] not in FINAL]


def synced(channel: Channel, model: str, expected: int) -> bool:  # noqa: F811
    """Every object has a success integration action and no batch is left open."""
    ias = channel.ias(model)
    return (len(ias) == expected and all(ia["status"] == "success" for ia in ias)
            and not open_batches(channel))


def duplicates(values: list[Any]) -> dict[Any, int]:
    return {value: count for value, count in Counter(values).items() if count > 1}


PRODUCT_CREATE = "POST /integration/product/sellers/<int:seller_id>/v2/products"


def assert_products_as_fault_free(channel: Channel, products: int, chunk: int) -> None:  # noqa: F811
    """Both sandboxes as after a fault-free products_insert of `products` in chunks of `chunk`:
    each product on Trendyol once and created once, one success IA with its remote id each, no
    open batch and no write-ahead record left."""
    from channel.models import PendingPush

    assert synced(channel, "product", products)
    assert len(channel.trendyol.products()) == products
    assert channel.trendyol.counts()["endpoints"][PRODUCT_CREATE] == products // chunk
    ias = channel.ias("product")
    assert duplicates([ia["object_id"] for ia in ias]) == {}
    assert all(ia["remote_id"] for ia in ias)
    assert not PendingPush.objects.exists()


def orders_imported(channel: Channel, packages: int) -> bool:  # noqa: F811
    """Every package is an order on Omnitron with a success IA, and no batch is left open."""
    ias = channel.ias("order")
    return (len(channel.omnitron.table("orders")) == packages and len(ias) == packages
            and all(ia["status"] == "success" for ia in ias) and not open_batches(channel))


def assert_orders_as_fault_free(channel: Channel, packages: list[dict[str, Any]], buyers: int) -> None:  # noqa: F811
    """Omnitron as after a fault-free orders_import: one order per package, one IA per order
    carrying its package id, one customer per buyer."""
    assert orders_imported(channel, len(packages))
    assert duplicates([order["number"] for order in channel.omnitron.table("orders")]) == {}
    ias = channel.ias("order")
    assert {str(ia["remote_id"]) for ia in ias} == {str(p["shipmentPackageId"]) for p in packages}
    assert duplicates([ia["object_id"] for ia in ias]) == {}
    customers = channel.omnitron.table("customers")
    assert duplicates([customer["email"] for customer in customers]) == {}
    assert len(customers) == buyers
