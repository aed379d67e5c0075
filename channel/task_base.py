"""SyncTask: the base class of every sync task.

It runs a registered flow under the (flow, channel) lock, turns flow progress into a custom
PROGRESS state, stores SKIPPED and raises Ignore when another run holds the lock, and reports
a failed run to Omnitron's error reports (the "Marketplace Logs" screen operators already watch).
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
from channel.flows.registry import FlowSpec
from channel.locks import AlreadyRunning, flow_lock

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
    flow: FlowSpec
    retry_backoff = True
    retry_backoff_max = 600  # below the broker visibility timeout (settings, §2.2)
    retry_jitter = True
    max_retries = 5

    def run_flow(self, channel_id: int | None, dry_run: bool, options: dict[str, Any]) -> dict:
        channel_id = int(channel_id or settings.OMNITRON_CHANNEL_ID)
        task_id = self.request.id or "inline"
        try:
            with flow_lock(self.flow.name, channel_id, token=task_id):
                ctx = FlowContext(channel_id, dry_run, dict(options), progress=self._progress_reporter())
                summary = self.flow.load()(ctx)
        except AlreadyRunning as busy:
            meta = {"skipped": "already running", "flow": self.flow.name, "channel_id": channel_id,
                    "running_task_id": busy.holder}
            logger.info("%s for channel %s skipped: already running as %s", self.flow.name, channel_id, busy.holder)
            if self.request.is_eager:  # run in-process (apply, `sync --inline`): the caller reads the result
                return meta
            self.update_state(state=SKIPPED, meta=meta)
            raise Ignore() from None
        summary.setdefault("flow", self.flow.name)
        summary.setdefault("channel_id", channel_id)
        return summary

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

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        """Report the failed run to Omnitron; a failing report never hides the original error."""
        channel_id = int(kwargs.get("channel_id") or settings.OMNITRON_CHANNEL_ID)
        try:
            from channel.reporting import report_run_failure

            report_run_failure(self.flow.name, channel_id, task_id, exc)
        except Exception:  # noqa: BLE001 - the run already failed; its own error is what matters
            logger.exception("could not report failure of %s[%s] to Omnitron", self.name, task_id)
