"""Restart runs whose worker died, within a minute and on any broker.

A SIGKILLed or lost worker never acknowledges its message (late acks), but the broker gives
it back only much later: Redis after the 2 h visibility timeout, RabbitMQ when the dead
worker's connection is noticed. So every run registers itself in the shared cache while it
holds its (flow, channel) lock, and a beat-scheduled sweep (`channel.recover_runs`, every
`RECOVERY_SWEEP_S`) re-queues each registered run whose lock is gone: the lock is renewed
every third of `SYNC_LOCK_TTL` by a live run, so a missing lock means its worker died.
The re-queued run resumes from Omnitron's state and the write-ahead records. The flow lock
keeps it single: a redelivered original meeting it ends as SKIPPED, or finds nothing left.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import redis
from celery import current_app

from channel.locks import lock_client, lock_holder, text

logger = logging.getLogger(__name__)

RUNS_KEY = "channel:runs"


@contextmanager
def registered(task_id: str, task_name: str, flow: str, channel_id: int, kwargs: dict[str, Any],
               queue: str | None) -> Iterator[None]:
    """Keep the run in the registry for the body; a cache outage at the end only logs."""
    record = {"task": task_name, "flow": flow, "channel_id": channel_id, "kwargs": kwargs, "queue": queue}
    lock_client().hset(RUNS_KEY, task_id, json.dumps(record))
    try:
        yield
    finally:
        try:
            lock_client().hdel(RUNS_KEY, task_id)
        except redis.RedisError as exc:  # the sweep re-runs a finished run: harmless, it finds nothing
            logger.warning("could not unregister run %s: %s", task_id, exc)


def dead_runs() -> dict[str, dict[str, Any]]:
    """Registered runs whose lock no longer names them: their worker stopped renewing it."""
    dead = {}
    for raw_id, raw in lock_client().hgetall(RUNS_KEY).items():
        task_id, record = text(raw_id), json.loads(raw)
        if lock_holder(record["flow"], int(record["channel_id"])) != task_id:
            dead[task_id] = record
    return dead


def sweep() -> list[str]:
    """Re-queue every dead run once (HDEL decides which sweep owns it); return the new task ids."""
    restarted = []
    for task_id, record in dead_runs().items():
        if not lock_client().hdel(RUNS_KEY, task_id):
            continue  # finished meanwhile, or another sweep took it
        options = {"queue": record["queue"]} if record.get("queue") else {}
        result = current_app.send_task(record["task"], kwargs=record["kwargs"], **options)
        logger.warning("run %s of %s (channel %s) lost its worker; restarted as %s", task_id, record["flow"],
                       record["channel_id"], result.id)
        restarted.append(result.id)
    return restarted
