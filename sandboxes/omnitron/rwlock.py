"""A readers-writer lock: GET handlers read the tables together, anything that writes goes alone.

`with lock:` is the exclusive (writer) side, so code written for a plain lock keeps its meaning;
`with lock.shared():` is the reader side. A waiting writer holds back new readers, so a stream
of reads cannot starve a commit. The writer may re-enter, and may read while it writes.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType


class ReadWriteLock:
    def __init__(self) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._readers = 0
        self._writer: int | None = None
        self._depth = 0
        self._writers_waiting = 0

    def acquire(self) -> None:
        """Exclusive access (re-entrant for the thread that holds it)."""
        me = threading.get_ident()
        with self._cond:
            if self._writer == me:
                self._depth += 1
                return
            self._writers_waiting += 1
            while self._writer is not None or self._readers:
                self._cond.wait()
            self._writers_waiting -= 1
            self._writer, self._depth = me, 1

    def release(self) -> None:
        with self._cond:
            if self._writer != threading.get_ident():
                raise RuntimeError("release of a write lock this thread does not hold")
            self._depth -= 1
            if not self._depth:
                self._writer = None
                self._cond.notify_all()

    def __enter__(self) -> ReadWriteLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.release()

    @contextmanager
    def shared(self) -> Iterator[None]:
        """Read access alongside other readers; inside the write lock it is a no-op."""
        if self._writer == threading.get_ident():
            yield
            return
        with self._cond:
            while self._writer is not None or self._writers_waiting:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                if not self._readers:
                    self._cond.notify_all()
