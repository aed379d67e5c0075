"""The engine waits for a remote batch at the pace its marketplace declares (`first_poll_s`)."""
from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from channel.adapters import AdapterLimits, BatchResult, ItemOutcome, PushResult
from channel.adapters.hepsiburada.adapter import HepsiburadaAdapter
from channel.adapters.trendyol.adapter import TrendyolAdapter
from channel.flows import outcomes


class SlowMarketplace:
    """Decides a batch once `ready_after` seconds of (recorded) sleep have passed."""

    def __init__(self, first_poll_s: float, ready_after: float) -> None:
        self.limits = AdapterLimits(items_per_request=10, requests_per_second=1.0, first_poll_s=first_poll_s)
        self.ready_after = ready_after
        self.slept = 0.0
        self.reads = 0

    def fetch_batch(self, remote_id: str, aliases: Any = None) -> BatchResult:
        self.reads += 1
        if self.slept < self.ready_after:
            return BatchResult(remote_id, "processing")
        return BatchResult(remote_id, "done", [ItemOutcome(key="k1", ok=True)])


def run_await(adapter: SlowMarketplace, monkeypatch: pytest.MonkeyPatch, **options: Any) -> list[float]:
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        adapter.slept += seconds

    monkeypatch.setattr(outcomes.time, "sleep", sleep)
    rt = SimpleNamespace(adapter=adapter, ctx=SimpleNamespace(channel_id=1, options=options),
                         option=lambda name, default: options.get(name, default))
    found = outcomes.await_batches(rt, [PushResult(keys=["k1"], remote_batch_id="b1")], lambda: None)
    assert [o.key for o in found] == ["k1"]
    return waits


def test_a_slow_marketplace_is_first_asked_after_its_declared_wait(monkeypatch):
    slow = SlowMarketplace(first_poll_s=1.0, ready_after=1.0)
    assert run_await(slow, monkeypatch) == [1.0]
    assert slow.reads == 2  # once right after sending, once when the job is done


def test_the_default_pace_asks_soon_and_backs_off(monkeypatch):
    quick = SlowMarketplace(first_poll_s=0.05, ready_after=1.0)
    waits = run_await(quick, monkeypatch)
    assert waits[0] == 0.05 and all(b == pytest.approx(a * 1.5) for a, b in zip(waits, waits[1:]))
    assert quick.reads > 2


def test_a_run_option_overrides_the_marketplace_pace(monkeypatch):
    assert run_await(SlowMarketplace(first_poll_s=1.0, ready_after=0.3), monkeypatch, poll_interval=0.3) == [0.3]


def test_each_marketplace_declares_its_pace():
    assert TrendyolAdapter.limits.first_poll_s == 0.05
    assert HepsiburadaAdapter.limits.first_poll_s == 1.0
