"""channel.locks: one holder per (flow, channel), renewed while held, free again after release."""
import threading
import time

import pytest

from channel.locks import AlreadyRunning, flow_lock, lock_client, lock_holder, lock_key, renewer
from tests.fixtures.processes import redis_server, wait_until


def ttl_ms(flow: str, channel_id: int) -> int:
    return lock_client().pttl(lock_key(flow, channel_id))


def test_second_holder_is_refused_with_the_first_holders_token():
    with flow_lock("locktest", 1, token="first"):
        assert lock_holder("locktest", 1) == "first"
        with pytest.raises(AlreadyRunning) as refused:
            with flow_lock("locktest", 1, token="second"):
                pass
        assert refused.value.holder == "first"
    assert lock_holder("locktest", 1) is None


def test_lock_outlives_its_ttl_while_held():
    with flow_lock("locktest", 2, token="long", ttl=1):
        deadline = time.monotonic() + 2.5  # two and a half ttls, renewed every third of one
        seen: list[int] = []
        wait_until(lambda: seen.append(ttl_ms("locktest", 2)) or time.monotonic() > deadline, 5, "2.5 s to pass",
                   interval=0.05)
        assert lock_holder("locktest", 2) == "long"
        assert min(seen) > 0
    assert lock_holder("locktest", 2) is None
    assert "locktest:2" not in " ".join(renewer().held)


def test_one_renewer_serves_concurrent_holders():
    held = threading.Barrier(3)

    def hold(channel_id: int) -> None:
        with flow_lock("locktest", channel_id, ttl=1):
            held.wait(5)
            held.wait(5)

    threads = [threading.Thread(target=hold, args=(n,)) for n in (3, 4)]
    for thread in threads:
        thread.start()
    held.wait(5)
    assert {key for key in renewer().held if "locktest" in key} == {lock_key("locktest", 3), lock_key("locktest", 4)}
    assert sum(t.name == "lock-renewer" for t in threading.enumerate()) == 1
    held.wait(5)
    for thread in threads:
        thread.join(5)
    assert lock_holder("locktest", 3) is None and lock_holder("locktest", 4) is None


def test_release_after_expiry_only_warns(caplog):
    with flow_lock("locktest", 5, token="gone", ttl=60):
        renewer().remove(lock_key("locktest", 5))
        lock_client().delete(lock_key("locktest", 5))
    assert "had already expired" in caplog.text


def test_release_during_a_cache_outage_only_warns(settings, tmp_path, caplog):
    with redis_server(tmp_path) as (url, process):
        settings.CACHE_URL = url
        with flow_lock("locktest", 6, token="outage", ttl=60):
            process.stop()
    assert "could not release lock" in caplog.text
