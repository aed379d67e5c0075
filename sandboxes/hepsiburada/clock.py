"""Dates as the OMS writes and reads them: `yyyy-MM-dd HH:mm` query filters and offset-less
response dates, both in Türkiye time (UTC+3). The documentation does not state the zone; this
sandbox takes the reading the brief's sources infer and says so here."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

TURKEY = timezone(timedelta(hours=3))
QUERY_FORMAT = "%Y-%m-%d %H:%M"


def stamp(epoch: float) -> str:
    """An offset-less response date (`2026-12-02T10:11:12.123`)."""
    return datetime.fromtimestamp(epoch, TURKEY).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3]


def parse_query(text: str) -> float:
    """Epoch seconds of a `yyyy-MM-dd HH:mm` filter; ValueError when it is not one."""
    return datetime.strptime(text, QUERY_FORMAT).replace(tzinfo=TURKEY).timestamp()
