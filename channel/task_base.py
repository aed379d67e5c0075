"""SyncTask: the base class of every sync task.

It hands a registered flow to `channel.flows.lifecycle.run_flow` (lock, runtime, reports),
turns flow progress into a custom PROGRESS state, stores SKIPPED and raises Ignore when another
run holds the lock, and tells the lifecycle whether a failure is final (no Celery retry follows),
so a failed run reaches Omnitron's error reports once.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from contextvars import ContextVar
from typing import Any

import redis
from celery import Task
from celery.exceptions import Ignore
from django.conf import settings
from django.db import DatabaseError

from channel import recovery
from channel.flows.context import FlowContext
from channel.flows.lifecycle import run_flow
from channel.flows.registry import Flow
from channel.locks import AlreadyRunning
from channel.reconnect import drop_broken

logger = logging.getLogger(__name__)

PROGRESS = "PROGRESS"
SKIPPED = "SKIPPED"

ProgressObserver = Callable[[int, "int | None", str], None]
_progress_observer: ContextVar[ProgressObserver | None] = ContextVar("sync_progress_observer", default=None)


@contextmanager
def observe_progress(observer: ProgressObserver) -> Iterator[None]:
    """Also hand every progress report of runs in this context to `observer` (e.g. `sync --inline`)."""
    token = _progress_observer.set(observer)
    try:
        yield
    finally:
        _progress_observer.reset(token)


class SyncTask(Task):
    """Bound base task; subclasses are generated per flow by channel.tasks."""

    abstract = True
    flow: Flow
    retry_backoff = True
    retry_backoff_max = 600  # below the broker visibility timeout (config/settings.py)
    retry_jitter = True
    max_retries = 5

    def run_flow(self, channel_id: int | None, dry_run: bool, options: dict[str, Any]) -> dict:
        channel_id = int(channel_id or settings.OMNITRON_CHANNEL_ID)
        task_id = self.request.id or "inline"
        try:
            ctx = FlowContext(channel_id, dry_run, dict(options), progress=self._observe_progress,
                              publish=self._progress_publisher())
            return run_flow(self.flow, ctx, run_id=task_id, is_final=self.fails_for_good,
                            while_locked=self._registered(channel_id, dry_run, options))
        except DatabaseError:
            drop_broken()  # Celery stores the retry or the failure next, on a connection that works
            raise
        except AlreadyRunning as busy:
            meta = {"skipped": "already running", "flow": self.flow.name, "channel_id": channel_id,
                    "running_task_id": busy.holder}
            logger.info("%s for channel %s skipped: already running as %s", self.flow.name, channel_id, busy.holder)
            if self.request.is_eager:  # run in-process (apply, `sync --inline`): the caller reads the result
                return meta
            self.update_state(state=SKIPPED, meta=meta)
            raise Ignore() from None

    def fails_for_good(self, exc: BaseException) -> bool:
        """True unless Celery's autoretry will run the task again (see channel.tasks)."""
        if not isinstance(exc, tuple(getattr(self, "autoretry_for", ()))):
            return True
        return self.max_retries is not None and self.request.retries >= self.max_retries

    def _registered(self, channel_id: int, dry_run: bool, options: dict[str, Any]) -> AbstractContextManager[None]:
        """Register a worker's real run for the recovery sweep (in-process and dry runs need none)."""
        if self.request.is_eager or dry_run or not self.request.id:
            return nullcontext()
        queue = (self.request.delivery_info or {}).get("routing_key")
        kwargs = {"channel_id": channel_id, **options}
        return recovery.registered(self.request.id, self.name, self.flow.name, channel_id, kwargs, queue)

    def _observe_progress(self, done: int, total: int | None, stage: str) -> None:
        observer = _progress_observer.get()
        if observer is not None:
            observer(done, total, stage)

    def _progress_publisher(self) -> Callable[[dict[str, Any]], None] | None:
        """Where the run's metered progress goes: the task's PROGRESS state. Also called from the
        meter's ticker thread, where Celery's (thread-local) request is not set: the id is bound here."""
        if self.request.is_eager and not self.store_eager_result:
            return None
        request = self.request  # its task name, kwargs and worker go into the stored row too
        task_id = str(request.id)

        def publish(meta: dict[str, Any]) -> None:
            try:
                self.backend.store_result(task_id, meta, PROGRESS, request=request)
            except (DatabaseError, redis.RedisError) as exc:  # progress is a courtesy; the run goes on
                logger.warning("%s[%s]: progress not stored (%s)", self.name, task_id, exc)
                if isinstance(exc, DatabaseError):
                    drop_broken()  # this thread's connection: the next report opens a new one

        return publish
