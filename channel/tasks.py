"""One Celery task per registered flow, named `channel.<flow>` (schedules point at these names).

A task is an interface, not the logic: it takes the channel id and options, and SyncTask runs
the flow under its lock. Transient remote failures retry with exponential backoff and jitter.
"""
from __future__ import annotations

from typing import Any, cast

import redis
import requests
from celery import shared_task
from django.db import InterfaceError, OperationalError

from omnitron import errors as omnitron_errors

from channel import recovery
from channel.adapters.errors import TransientError as MarketplaceTransientError
from channel.flows.registry import Flow, all_flows
from channel.task_base import SyncTask


def transient_errors() -> tuple[type[BaseException], ...]:
    """Errors worth a Celery retry: the remote, the database or the cache may answer next time
    (`channel.worker_health` drops the broken database connection before the retry).
    Everything else needs a person."""
    return (
        requests.ConnectionError, requests.Timeout,
        omnitron_errors.TransportError, omnitron_errors.ServerError, omnitron_errors.RateLimited,
        MarketplaceTransientError, OperationalError, InterfaceError, redis.ConnectionError, redis.TimeoutError,
    )


def build_task(spec: Flow) -> SyncTask:
    def run(self: SyncTask, channel_id: int | None = None, dry_run: bool = False, **options: Any) -> dict[str, Any]:
        return self.run_flow(channel_id, dry_run, options)

    run.__name__ = run.__qualname__ = spec.name
    run.__doc__ = spec.description
    # Task class attributes: the flow it runs, and its own time limits when it declares them.
    attributes: dict[str, Any] = {"flow": spec}
    if spec.time_limit:
        attributes.update(time_limit=spec.time_limit, soft_time_limit=spec.time_limit - 60)
    task = shared_task(bind=True, base=SyncTask, name=spec.task_name, autoretry_for=transient_errors(),
                       **attributes)(run)
    return cast(SyncTask, task)


TASKS = {spec.name: build_task(spec) for spec in all_flows()}


@shared_task(name="channel.recover_runs", ignore_result=True)
def recover_runs() -> list[str]:
    """Re-queue the runs whose worker died (beat runs it every RECOVERY_SWEEP_S seconds)."""
    return recovery.sweep()


@shared_task(name="channel.process_webhook_events", ignore_result=True)
def process_webhook_events(channel_id: int) -> dict[str, Any]:
    """Import the channel's pending webhook events (queued by the receiver on the WEBHOOK_QUEUE)."""
    from channel.webhooks.processing import drain

    return drain(int(channel_id))


@shared_task(name="channel.sweep_webhook_events", ignore_result=True)
def sweep_webhook_events() -> list[int]:
    """Re-queue webhook events that wait too long (beat runs it every WEBHOOK_SWEEP_S seconds)."""
    from channel.webhooks.queueing import sweep

    return sweep()
