"""Fault-suite fixtures: workers on a private queue, a beat running only the recovery sweep,
and the final-state checks every scenario ends with.

Workers run with a 3 s lock TTL and beat sweeps every second, so a killed run restarts within
a few seconds; bench/faults.py runs the same scenarios with production defaults.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from tests.channel.flows.conftest import Channel, channel  # noqa: F401 - the fixture, reused
from tests.channel.flows.sandbox_setup import CHANNEL_ID
from tests.fixtures.processes import Process, free_port

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
    every, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.SECONDS)
    return PeriodicTask.objects.create(name=f"recover_runs {fault_queue}", task="channel.recover_runs",
                                       interval=every, queue=fault_queue)


def open_batches(channel: Channel) -> list[dict[str, Any]]:  # noqa: F811
    return [batch for batch in channel.batches() if batch["status"] not in FINAL]


def synced(channel: Channel, model: str, expected: int) -> bool:  # noqa: F811
    """Every object has a success integration action and no batch is left open."""
    ias = channel.ias(model)
    return (len(ias) == expected and all(ia["status"] == "success" for ia in ias)
            and not open_batches(channel))


def duplicates(values: list[Any]) -> dict[Any, int]:
    return {value: count for value, count in Counter(values).items() if count > 1}
