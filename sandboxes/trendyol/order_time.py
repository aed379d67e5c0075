"""Order dates as Trendyol writes and reads them: GMT+3 epochs, default windows, ranges, history.

* `orderDate` is Istanbul wall-clock time written as an epoch (true UTC + 3 h), as the docs say
  and their sample shows; `packageHistories[].createdDate`, `claimDate` and `lastModifiedDate`
  are true UTC epochs.
* Query dates (`startDate`/`endDate` of the package list, `lastModifiedStartDate`/`EndDate` of
  the stream) "must be sent as GMT+3". What that means for an epoch is not documented; the
  sandbox reads them as shifted (subtracts 3 h), so a client sending plain UTC misses the edge
  of its window unless it overlaps windows (knob `time_filter_mode`: shifted | utc).
* Package list (v2): no dates = the last 7 days; at most 14 days between the dates; not older
  than 1 month (30 days here; older pages said 3 months). Which date it filters is not
  documented: creation by default (knob `list_date_field`: created | modified), so a client
  that uses the list for incremental sync misses changes to older packages, as Trendyol warns.
* Stream: last-modified dates; no dates = the last 14 days; at most 14 days; 3 months back.

What live answers to a window it does not accept is not documented: 400 here (strict), or
the window clipped silently in lenient mode.
"""
from __future__ import annotations

from dataclasses import dataclass

SHIFT_MS = 3 * 3600 * 1000
DAY_MS = 86_400_000


class WindowError(ValueError):
    """A date window the service refuses (400)."""


@dataclass(frozen=True)
class WindowRules:
    default_days: int
    max_days: int
    history_days: int


LIST_RULES = WindowRules(default_days=7, max_days=14, history_days=30)
STREAM_RULES = WindowRules(default_days=14, max_days=14, history_days=90)


def shifted(utc_ms: int) -> int:
    """A true UTC epoch as Trendyol's GMT+3 epoch (Istanbul wall clock written as UTC)."""
    return utc_ms + SHIFT_MS


def as_utc(value: int, mode: str) -> int:
    """A query date as true UTC: shifted values lose their 3 hours."""
    return value - SHIFT_MS if mode == "shifted" else value


def window(start: str | None, end: str | None, now_ms: int, rules: WindowRules, *, mode: str,
           strict: bool) -> tuple[int, int]:
    """The true-UTC [start, end] a query asks for, with the documented defaults and limits."""
    try:
        hi = as_utc(int(end), mode) if end else now_ms
        lo = as_utc(int(start), mode) if start else hi - rules.default_days * DAY_MS
    except ValueError as exc:
        raise WindowError("dates must be epoch milliseconds") from exc
    if lo > hi:
        raise WindowError("startDate must not be after endDate")
    if hi - lo > rules.max_days * DAY_MS:
        if strict:
            raise WindowError(f"the date range may not exceed {rules.max_days} days")
        lo = hi - rules.max_days * DAY_MS
    oldest = now_ms - rules.history_days * DAY_MS
    if lo < oldest:
        if strict:
            raise WindowError(f"startDate may not be older than {rules.history_days} days")
        lo = oldest
    return lo, hi
