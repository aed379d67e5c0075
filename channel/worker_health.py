"""Keep a worker's database connection usable from one task to the next.

Celery's Django fixup closes connections only once every `CELERY_DB_REUSE_MAX` tasks and
otherwise never asks Django whether the connection still works, so a connection the server
dropped (restart, failover, an idle-session killer) fails every later task on that worker.
Around each task we run Django's own `close_old_connections`: it closes a connection that
saw an error and no longer answers, or that outlived `CONN_MAX_AGE`, and (with
`CONN_HEALTH_CHECKS`) makes the next query ping a reused connection first. Healthy
connections stay open, so reuse keeps its benefit.
"""
from __future__ import annotations

from typing import Any

from celery.signals import task_failure, task_postrun, task_prerun, task_retry
from django.db import close_old_connections


def heal_connections(**_: Any) -> None:
    """Drop unusable or expired connections; Django opens a fresh one on the next query."""
    close_old_connections()


def connect_signals() -> None:
    """Called once from `ChannelConfig.ready()`."""
    signals = {"task_prerun": task_prerun, "task_postrun": task_postrun, "task_failure": task_failure,
               "task_retry": task_retry}
    for name, signal in signals.items():
        signal.connect(heal_connections, weak=False, dispatch_uid=f"channel.heal_connections.{name}")
