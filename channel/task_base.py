"""SyncTask: the base class of every sync task.

It hands a registered flow to `channel.flows.lifecycle.run_flow` (lock, runtime, reports),
turns flow progress into a custom PROGRESS state, stores SKIPPED and raises Ignore when another
run holds the lock, and tells the lifecycle whether a failure is final (no Celery retry follows),
so a failed run reaches Omnitron's error reports once.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import redis
from celery import Task
from celery.exceptions import Ignore
from django.conf import settings
from django.db import DatabaseError

from channel.flows.context import FlowContext
from channel.flows.lifecycle import run_flow
from channel.flows.registry import Flow
from channel.locks import AlreadyRunning

logger = logging.getLogger(__name__)

PROGRESS = "PROGRESS"
SKIPPED = "SKIPPED"
PROGRESS_INTERVAL_S = 0.5  # at most two backend writes a second per run

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
            ctx = FlowContext(channel_id, dry_run, dict(options), progress=self._progress_reporter())
            return run_flow(self.flow, ctx, run_id=task_id, is_final=self.fails_for_good)
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

    def _progress_reporter(self):
        last = [0.0]

        def report(done: int, total: int | None, stage: str) -> None:
            observer = _progress_observer.get()
            if observer is not None:
                observer(done, total, stage)
            now = time.monotonic()
            in_process_unstored = self.request.is_eager and not self.store_eager_result
            if in_process_unstored or (now - last[0] < PROGRESS_INTERVAL_S and done != total):
                return
            last[0] = now
            try:
                self.update_state(state=PROGRESS, meta={"done": done, "total": total, "stage": stage})
            except (DatabaseError, redis.RedisError) as exc:  # progress is a courtesy; the run goes on
                logger.warning("%s[%s]: progress not stored (%s)", self.name, self.request.id, exc)

        return report
