"""The web process's background enqueuer: the receiver notes "channel N has new events", a thread queues the drain.

Why: the marketplace waits for the receiver's answer, and the answer only needs the commit. The
enqueue (`queueing.enqueue`: a cache round trip, and when it wins the mark a broker publish plus its
task-sent event) cost 1-3 ms of CPU and Redis round trips per delivery, the slowest part of the
request; under CPU contention every round trip is one more wait for the scheduler. Here it runs
beside the requests, and notes that pile up while the thread works are merged (one enqueue per
channel per turn).

A note lost with the process (killed between the commit and the enqueue) is what the sweep is for
(`queueing.sweep`); on a clean exit the pending notes are sent before the process ends.
"""
from __future__ import annotations

import atexit
import logging
import os
import threading
from typing import Callable

logger = logging.getLogger(__name__)


class Notifier:
    """Channels with new events, handed from request threads to one sender thread per process."""

    def __init__(self, send: Callable[[int], object]) -> None:
        self._send = send
        self._pending: set[int] = set()
        self._wake = threading.Condition()
        self._pid = 0
        atexit.register(self.flush)

    def notify(self, channel_id: int) -> None:
        """Note new events of `channel_id`; returns at once."""
        with self._wake:
            if self._pid != os.getpid():  # first use in this process (gunicorn forks its workers)
                self._pid = os.getpid()
                threading.Thread(target=self._run, name="webhook-notifier", daemon=True).start()
            self._pending.add(channel_id)
            self._wake.notify()

    def flush(self) -> None:
        """Send what is pending now, in the calling thread."""
        for channel_id in self._take(block=False):
            self._deliver(channel_id)

    def _take(self, block: bool) -> list[int]:
        with self._wake:
            while block and not self._pending:
                self._wake.wait()
            taken, self._pending = sorted(self._pending), set()
        return taken

    def _run(self) -> None:
        while True:
            for channel_id in self._take(block=True):
                self._deliver(channel_id)

    def _deliver(self, channel_id: int) -> None:
        try:
            self._send(channel_id)
        except Exception:  # noqa: BLE001 - the events are committed; the sweep queues them
            logger.exception("could not queue webhook events of channel %s; the sweep will", channel_id)


def _enqueue(channel_id: int) -> bool:
    from channel.webhooks import queueing

    return queueing.enqueue(channel_id)


#: The process's notifier (the receiver's).
notifier = Notifier(_enqueue)
