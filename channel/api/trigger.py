"""Enqueue a flow run: the one path the REST API, the admin and the `sync` command use.

The message is sent after the current transaction commits (at once outside one), so a worker
never looks for rows the web request has not committed. Each run is remembered in the shared
cache for as long as results are kept, so its status can be told apart from an unknown id
before the worker has written the first result row.
"""
from __future__ import annotations

import json
import logging
import uuid
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import RedisError

from channel.flows.registry import Flow

logger = logging.getLogger(__name__)

DEFAULT_RECORD_TTL = 24 * 3600


class BrokerUnavailable(Exception):
    """The broker or the shared cache refused the run; nothing was queued."""


@dataclass(frozen=True)
class Run:
    """What was queued: enough to answer a status request before the worker starts."""

    task_id: str
    flow: str
    channel_id: int
    dry_run: bool


def record_key(task_id: str) -> str:
    return f"channel:run:{task_id}"


def record_ttl() -> int:
    return int(getattr(settings, "CELERY_RESULT_EXPIRES", None) or DEFAULT_RECORD_TTL)


def recorded(task_id: str) -> Run | None:
    """The run queued under `task_id` by this app, or None (never queued here, or expired)."""
    value = cache.get(record_key(task_id))
    return Run(**value) if value else None


def new_task_id() -> str:
    return str(uuid.uuid4())


def enqueue(spec: Flow, channel_id: int, dry_run: bool = False, options: dict[str, Any] | None = None,
            task_id: str | None = None) -> Run:
    """Queue one run of `spec` for `channel_id`; raises BrokerUnavailable when it could not be sent."""
    from channel.tasks import TASKS  # the tasks module builds Celery tasks; import it only when sending

    run = Run(task_id or new_task_id(), spec.name, channel_id, dry_run)
    kwargs = {"channel_id": channel_id, "dry_run": dry_run, **(options or {})}

    def send() -> None:
        try:
            options: dict[str, Any] = {"kwargsrepr": json.dumps(kwargs, sort_keys=True)}  # not in celery-types
            TASKS[spec.name].apply_async(kwargs=kwargs, task_id=run.task_id, **options)
        except (KombuOperationalError, RedisError, OSError) as exc:
            cache.delete(record_key(run.task_id))
            logger.error("could not queue %s for channel %s: %s", spec.name, channel_id, exc)
            raise BrokerUnavailable(str(exc)) from exc
        logger.info("queued %s for channel %s as %s (dry_run=%s)", spec.name, channel_id, run.task_id, dry_run)

    try:
        cache.set(record_key(run.task_id), asdict(run), record_ttl())
    except RedisError as exc:
        raise BrokerUnavailable(f"shared cache unavailable: {exc}") from exc
    transaction.on_commit(send, robust=False)
    return run
