"""Progress of one run as the operator sees it: done/total, stage, rate and ETA, published at least
every second while the run lasts.

Flows report when they have something to say (every page read, every chunk finished); the meter
keeps the latest report and publishes it at most once per interval, and a ticker thread publishes
the latest state every interval even while the flow waits on a long call (a marketplace batch
being processed), so a dashboard never shows a run frozen between two reports and the last report
before a pause is never lost to the throttle.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connections

logger = logging.getLogger(__name__)

Publish = Callable[[dict[str, Any]], None]
INTERVAL_S = 1.0


class ProgressMeter:
    """The latest (done, total, stage) of a run; `publish` receives it as the PROGRESS meta."""

    def __init__(self, publish: Publish, dry_run: bool = False, interval: float = INTERVAL_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.publish, self.dry_run, self.interval, self.clock = publish, dry_run, interval, clock
        self.started = clock()
        self.done, self.stage = 0, ""
        self.total: int | None = None
        self.published_at: float | None = None
        self.lock = threading.Lock()

    def report(self, done: int, total: int | None, stage: str) -> None:
        """A flow's report: kept, and published now unless one went out less than `interval` ago."""
        with self.lock:
            self.done, self.total, self.stage = done, total if total is None else max(total, done), stage
        self.tick(force=total is not None and done >= total)

    def tick(self, force: bool = False) -> None:
        """Publish the latest state when `interval` has passed since the last publication (or `force`)."""
        with self.lock:
            now = self.clock()
            if not force and self.published_at is not None and now - self.published_at < self.interval:
                return
            self.published_at = now
            meta = self.snapshot(now)
        try:
            self.publish(meta)
        except Exception as exc:  # noqa: BLE001 - progress is a courtesy; the run goes on
            logger.warning("progress not published (%s)", exc)

    def snapshot(self, now: float) -> dict[str, Any]:
        elapsed = max(now - self.started, 1e-6)
        rate = self.done / elapsed
        eta = (self.total - self.done) / rate if self.total is not None and rate > 0 else None
        return {"done": self.done, "total": self.total, "stage": self.stage, "dry_run": self.dry_run,
                "elapsed_s": round(elapsed, 1), "rate": round(rate, 2),
                "eta_s": round(eta, 1) if eta is not None else None}


@contextmanager
def ticking(meter: ProgressMeter) -> Iterator[ProgressMeter]:
    """Run a thread that calls `meter.tick()` every interval while the block runs.

    Publishing may open a database connection in that thread (the result backend); it is closed
    when the thread ends, Django's connections being per thread.
    """
    stop = threading.Event()

    def loop() -> None:
        try:
            while not stop.wait(meter.interval):
                meter.tick()
        finally:
            connections.close_all()

    thread = threading.Thread(target=loop, name="progress-ticker", daemon=True)
    thread.start()
    try:
        yield meter
    finally:
        stop.set()
        thread.join(timeout=5)
