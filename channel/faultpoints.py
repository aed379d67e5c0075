"""Named crash points for the fault suite: a worker SIGKILLs itself where a test says.

Inert in production: nothing happens unless `FAULT_KILL_AT` or `FAULT_PAUSE_AT` is set (only
tests/faults and bench/faults.py set them, on the worker processes they start). `FAULT_KILL_AT=after_push:3`
kills the whole worker (its process group, as the OOM killer or a node loss would) the
third time this process reaches `after_push`. `FAULT_PAUSE_AT=before_release:1:8` holds the
run there for 8 s instead, so a test can take a service away at that moment.
"""
from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections import Counter

from django.conf import settings

logger = logging.getLogger(__name__)

_reached: Counter[tuple[str, str]] = Counter()
_count_lock = threading.Lock()


def reached(point: str) -> None:
    """Kill this worker here when `FAULT_KILL_AT` names `point` and its count is due; pause it
    when `FAULT_PAUSE_AT` does."""
    if settings.FAULT_KILL_AT and _due(settings.FAULT_KILL_AT, point, "kill"):
        logger.warning("fault point %s reached: killing worker process group %s", point, os.getpgid(0))
        os.killpg(os.getpgid(0), signal.SIGKILL)
    if settings.FAULT_PAUSE_AT and _due(settings.FAULT_PAUSE_AT, point, "pause"):
        seconds = float(settings.FAULT_PAUSE_AT.split(":")[2])
        logger.warning("fault point %s reached: pausing %.1f s", point, seconds)
        time.sleep(seconds)
        logger.warning("fault point %s: pause over", point)


def _due(spec: str, point: str, action: str) -> bool:
    """`spec` ("name[:nth[:...]]") names `point` and this is its nth arrival for `action`."""
    name, _, rest = spec.partition(":")
    if name != point:
        return False
    nth = int(rest.split(":")[0] or 1) if rest else 1
    with _count_lock:
        _reached[(action, point)] += 1
        return _reached[(action, point)] == nth
