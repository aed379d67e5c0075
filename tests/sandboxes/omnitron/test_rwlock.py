"""The sandbox's readers-writer lock: readers overlap, a writer is alone, a waiting writer goes first."""
from __future__ import annotations

import threading

from sandboxes.omnitron.rwlock import ReadWriteLock
from tests.fixtures.processes import wait_until


def test_readers_hold_the_lock_together():
    lock = ReadWriteLock()
    inside, release = threading.Barrier(3), threading.Event()

    def reader() -> None:
        with lock.shared():
            inside.wait(timeout=5)  # both readers must be in at once to pass
            release.wait(timeout=5)

    threads = [threading.Thread(target=reader) for _ in range(2)]
    for thread in threads:
        thread.start()
    inside.wait(timeout=5)
    release.set()
    for thread in threads:
        thread.join(5)
    assert not any(thread.is_alive() for thread in threads)


def test_a_writer_waits_for_readers_and_holds_back_new_ones():
    lock = ReadWriteLock()
    order: list[str] = []
    reading, leave = threading.Event(), threading.Event()

    def first_reader() -> None:
        with lock.shared():
            reading.set()
            leave.wait(timeout=5)
            order.append("reader 1 out")

    def writer() -> None:
        with lock:
            order.append("writer")

    def late_reader() -> None:
        with lock.shared():
            order.append("reader 2")

    threads = [threading.Thread(target=first_reader)]
    threads[0].start()
    reading.wait(timeout=5)
    threads.append(threading.Thread(target=writer))
    threads[1].start()
    wait_until(lambda: lock._writers_waiting == 1, 5, "the writer to queue")
    threads.append(threading.Thread(target=late_reader))
    threads[2].start()
    leave.set()
    for thread in threads:
        thread.join(5)
    assert order == ["reader 1 out", "writer", "reader 2"]


def test_the_writer_may_reenter_and_read():
    lock = ReadWriteLock()
    with lock, lock, lock.shared():
        pass
    with lock.shared():  # released completely: a reader gets in
        pass
