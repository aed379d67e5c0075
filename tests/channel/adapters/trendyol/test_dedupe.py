"""The in-process memory behind Trendyol's 15-minute duplicate rule."""
from __future__ import annotations

from channel.adapters.trendyol.dedupe import RecentRequests


def test_add_succeeds_once_per_window_and_again_after_expiry() -> None:
    now = [0.0]
    recent = RecentRequests(clock=lambda: now[0])
    assert recent.add("k", 1, timeout=900)
    assert not recent.add("k", 1, timeout=900)
    assert recent.add("other", 1, timeout=900)
    now[0] = 900.0
    assert recent.add("k", 1, timeout=900)


def test_delete_forgets_a_key() -> None:
    recent = RecentRequests(clock=lambda: 0.0)
    recent.add("k", 1, timeout=900)
    recent.delete("k")
    recent.delete("never-added")
    assert recent.add("k", 1, timeout=900)
