"""The receiver's background enqueuer: every noted channel is sent, notes pile up into one send, failures pass."""
from __future__ import annotations

import os
import threading
import time

import pytest

from channel.webhooks.notifier import Notifier
from tests.fixtures.processes import wait_until

pytestmark = pytest.mark.timeout(60)


class Recorder:
    """A send that takes `seconds` and remembers what it was asked, in order."""

    def __init__(self, seconds: float = 0.0, fail: frozenset[int] = frozenset()) -> None:
        self.seconds, self.fail, self.sent = seconds, fail, []

    def __call__(self, channel_id: int) -> bool:
        time.sleep(self.seconds)
        self.sent.append(channel_id)
        if channel_id in self.fail:
            raise ConnectionError("broker down")
        return True


def test_notes_return_at_once_and_every_channel_is_sent():
    send = Recorder(seconds=0.2)
    notifier = Notifier(send)
    started = time.perf_counter()
    for channel_id in (1, 2, 3):
        notifier.notify(channel_id)
    assert time.perf_counter() - started < 0.1  # the sender does not wait for the send
    wait_until(lambda: sorted(send.sent) == [1, 2, 3], 5, "the three channels")


def test_notes_that_arrive_while_a_send_runs_are_merged():
    send = Recorder(seconds=0.3)
    notifier = Notifier(send)
    notifier.notify(1)
    wait_until(lambda: not notifier._pending, 5, "the first note taken")
    threads = [threading.Thread(target=notifier.notify, args=(1,)) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wait_until(lambda: len(send.sent) == 2, 5, "the second send")
    time.sleep(0.5)
    assert send.sent == [1, 1]  # 51 notes, 2 sends


def test_a_failed_send_is_logged_and_later_notes_are_still_sent(caplog):
    send = Recorder(fail=frozenset({1}))
    notifier = Notifier(send)
    notifier.notify(1)
    wait_until(lambda: send.sent == [1], 5, "the failed send")
    notifier.notify(2)
    wait_until(lambda: send.sent == [1, 2], 5, "the next send")
    assert "could not queue webhook events of channel 1" in caplog.text


def test_flush_sends_what_is_pending_in_the_calling_thread():
    send = Recorder()
    notifier = Notifier(send)
    notifier._pid = os.getpid()  # as if this process's thread were busy elsewhere: no thread takes the note
    notifier.notify(7)
    notifier.flush()
    assert send.sent == [7] and not notifier._pending


def test_a_forked_process_starts_its_own_sender():
    """gunicorn forks its workers: a note in the child must be sent by a thread of the child
    (`os._exit` skips the exit flush, so only that thread can have sent it)."""
    read, write = os.pipe()
    sent = threading.Event()

    def send(channel_id: int) -> None:
        os.write(write, str(channel_id).encode())
        sent.set()

    notifier = Notifier(send)
    notifier.notify(1)
    assert os.read(read, 8) == b"1"
    sent.clear()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        notifier.notify(2)
        os._exit(0 if sent.wait(20) else 1)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0, "the child's note was never sent"
    assert os.read(read, 8) == b"2"
