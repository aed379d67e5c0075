"""Named crash points for the fault suite: a worker SIGKILLs itself where a test says.

Inert in production: nothing happens unless `FAULT_KILL_AT` is set (only tests/faults and
bench/faults.py set it, on the worker processes they start). `FAULT_KILL_AT=after_push:3`
kills the whole worker (its process group, as the OOM killer or a node loss would) the
third time this process reaches `after_push`.
"""
from __future__ import annotations

import logging
import os
import signal
import threading
from collections import Counter

from django.conf import settings

logger = logging.getLogger(__name__)

_reached: Counter[str] = Counter()
_count_lock = threading.Lock()


def reached(point: str) -> None:
    """Kill this worker here when `FAULT_KILL_AT` names `point` and its count is due."""
    spec = settings.FAULT_KILL_AT
    if not spec:
        return
    name, _, nth = spec.partition(":")
    if name != point:
        return
    with _count_lock:
        _reached[point] += 1
        due = _reached[point] == int(nth or 1)
    if due:
        logger.warning("fault point %s reached: killing worker process group %s", point, os.getpgid(0))
        os.killpg(os.getpgid(0), signal.SIGKILL)
