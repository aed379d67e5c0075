"""Bulk lookups through filters Omnitron may not declare, checked on every answer.

Omnitron's lists filter through declared filter sets: a parameter the set lacks is dropped
without an error and the whole (paged) list comes back. The cheap filters this project would
like (`product__pk__gte`/`__lte`, `sku__in`, `number__in`, `email__in`, `city__in`, …) have no
evidence of being declared, so none is trusted until seen working:

* every answer is checked: a row outside the asked set, or a count no filtered answer could
  have, means the filter was ignored; a count below the unfiltered list's (one `limit=1`
  probe) proves it works;
* an ignored filter switches the lookup to the evidenced way, the one Akinon's own client
  uses (`product__pk__in` in chunks of 50, one `email` lookup per customer, …), or to reading
  the whole list when that costs fewer requests;
* the verdict is remembered per Omnitron host for a day in the shared cache, and `paths` says
  which way each family took in this client's life (the run summary shows it): "optimistic"
  (the filter is proven), "unverified" (it was used, but every answer was the whole list in
  one page, which proves nothing and is right either way) or "evidenced".

Results are filtered locally either way, so they are correct whatever the server does.
"""
from __future__ import annotations

import hashlib
import logging
import math
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Literal

from omnitron.pagination import Page, Paginator

if TYPE_CHECKING:
    from omnitron.auth import Cache
    from omnitron.transport import Transport

logger = logging.getLogger(__name__)

Optimistic = Literal["range", "in", "since"]
Evidenced = Literal["in", "exact", "get", "scan", "none"]
HONOURED, IGNORED = "honoured", "ignored"
# What a run reports per family, weakest first wins: the evidenced way was used; the
# optimistic filter was used but its answer could not prove it works; it was proven.
EVIDENCED, UNVERIFIED, OPTIMISTIC = "evidenced", "unverified", "optimistic"
_RANK = {OPTIMISTIC: 0, UNVERIFIED: 1, EVIDENCED: 2}
VERDICT_TTL = 24 * 3600
# A range query is used while the asked pks fill at least half of it.
DENSE_ENOUGH = 2.0
OPTIMISTIC_CHUNK = 200  # values per `__in` request when the filter works (URLs stay short)


@dataclass(frozen=True)
class Family:
    """One bulk filter the flows use: the cheap way, and the evidenced way to the same rows.

    `field` is the query path (`product__pk`); `evidenced_field` the one the evidenced way
    filters on when it differs. `unique`: at most one row per value under the base filters,
    so a count above the number of values proves the filter ignored.
    """

    name: str
    template: str
    field: str
    optimistic: Optimistic
    evidenced: Evidenced
    evidenced_field: str = ""
    chunk: int = 50
    unique: bool = False
    fold: bool = False

    @property
    def fallback_field(self) -> str:
        return self.evidenced_field or self.field


class FilterIgnored(Exception):
    """An answer shows the server did not apply the filter."""


def value_of(row: dict[str, Any], field: str) -> Any:
    """The row's value for a query path: `product__pk` -> row["product"] (an id or a nested dict)."""
    value = row.get(field.split("__")[0])
    if isinstance(value, dict):
        value = value.get("pk", value.get("id"))
    return value


def _key(value: Any, fold: bool) -> str:
    text = "" if value is None else str(value)
    return text.casefold() if fold else text


def _stamp(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00").replace(" ", "T"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


class FilterChecks:
    """The one place flows ask for rows by a bulk filter; owned by `OmnitronClient.filters`."""

    def __init__(self, transport: Transport, page_size: int, cache: Cache, ttl: int = VERDICT_TTL) -> None:
        self._transport = transport
        self.page_size = page_size
        self._cache = cache
        self.ttl = ttl
        self.paths: dict[str, str] = {}
        self._verdicts: dict[str, str] = {}
        self._counts: dict[tuple[str, str], int] = {}
        self._lock = threading.Lock()
        self._host = hashlib.sha1(transport.base_url.encode()).hexdigest()[:16]

    # -- public -------------------------------------------------------------------------------

    def rows(self, family: Family, values: Iterable[Any], **base: Any) -> list[dict[str, Any]]:
        """Rows whose `family.field` is one of `values` (and that match `base`, evidenced filters)."""
        wanted = list(dict.fromkeys(v for v in values if v is not None and v != ""))
        if not wanted:
            return []
        if self.verdict(family) != IGNORED:
            try:
                found = self._optimistic(family, wanted, base)
            except FilterIgnored as exc:
                logger.warning("omnitron %s ignores %s (%s); using %s", self._transport.base_url, family.name, exc,
                               family.evidenced)
                self._remember(family, IGNORED)
            else:
                return found
        self._used(family, EVIDENCED)
        return self._evidenced(family, wanted, base)

    def since(self, family: Family, since: datetime, **base: Any) -> list[dict[str, Any]]:
        """Rows whose `family.field` (a date) is at or after `since`."""
        if self.verdict(family) != IGNORED:
            try:
                query = {**base, f"{family.field}__gte": since.isoformat()}
                found = self._checked(family, query, self.page_size, lambda row: self._after(row, family, since),
                                      possible=None, base=base)
            except FilterIgnored as exc:
                logger.warning("omnitron %s ignores %s (%s); reading the whole list", self._transport.base_url,
                               family.name, exc)
                self._remember(family, IGNORED)
            else:
                return found
        self._used(family, EVIDENCED)
        return [row for row in self._list(family.template, base, self.page_size) if self._after(row, family, since)]

    def verdict(self, family: Family) -> str | None:
        """"honoured", "ignored" or None (not seen yet) for this host."""
        with self._lock:
            if family.name in self._verdicts:
                return self._verdicts[family.name]
        value = self._cache.get(self._cache_key(family))
        if value in (HONOURED, IGNORED):
            with self._lock:
                self._verdicts[family.name] = value
            return str(value)
        return None

    def forget(self, family: Family) -> None:
        with self._lock:
            self._verdicts.pop(family.name, None)
        self._cache.delete(self._cache_key(family))

    # -- the optimistic way ---------------------------------------------------------------------

    def _optimistic(self, family: Family, wanted: list[Any], base: dict[str, Any]) -> list[dict[str, Any]]:
        keys = {_key(v, family.fold) for v in wanted}
        inside = lambda row: _key(value_of(row, family.field), family.fold) in keys  # noqa: E731
        if family.optimistic == "range":
            numbers = sorted({int(v) for v in wanted})
            low, high = numbers[0], numbers[-1]
            span = high - low + 1
            if span > DENSE_ENOUGH * len(numbers):
                # Scattered pks: the range would bring too many strangers; the evidenced `__in`.
                return self._evidenced(family, wanted, base)
            query = {**base, f"{family.field}__gte": low, f"{family.field}__lte": high}

            def in_range(row: dict[str, Any]) -> bool:
                value = value_of(row, family.field)
                return value is not None and low <= int(value) <= high

            rows = self._checked(family, query, span, in_range, possible=span, base=base)
            return [row for row in rows if inside(row)]
        found: list[dict[str, Any]] = []
        for start in range(0, len(wanted), OPTIMISTIC_CHUNK):
            chunk = wanted[start:start + OPTIMISTIC_CHUNK]
            query = {**base, f"{family.field}__in": chunk}
            size = len(chunk) if family.unique else self.page_size
            found += self._checked(family, query, size, inside, possible=len(chunk), base=base)
        return found

    def _checked(self, family: Family, query: dict[str, Any], page_size: int, belongs: Any,
                 possible: int | None, base: dict[str, Any]) -> list[dict[str, Any]]:
        """All pages of `query`, each checked; raises `FilterIgnored` when an answer betrays it."""
        rows: list[dict[str, Any]] = []
        paginator: Paginator[dict[str, Any]] = Paginator(self._transport, family.template, filters=query,
                                                         page_size=page_size)
        for page in paginator.pages():
            strangers = [row for row in page.results if not belongs(row)]
            if strangers:
                raise FilterIgnored(f"{len(strangers)} rows outside the asked set")
            if page.number == 1:
                self._judge(family, page, possible, base)
            rows += page.results
        # Proven by now, or the answer (the whole list in one page) could not tell.
        self._used(family, OPTIMISTIC if self.verdict(family) == HONOURED else UNVERIFIED)
        return rows

    def _judge(self, family: Family, page: Page[Any], possible: int | None, base: dict[str, Any]) -> None:
        """First page of an unproven filter: does its count show the filter at work?"""
        if self.verdict(family) == HONOURED or page.count is None:
            return
        if family.unique and possible is not None and page.count > possible:
            raise FilterIgnored(f"count {page.count} for {possible} values")
        unfiltered = self._count(family.template, base)
        if page.count < unfiltered:
            self._remember(family, HONOURED)
        elif page.has_next:
            raise FilterIgnored(f"count {page.count} equals the unfiltered list's")
        # A single page as long as the whole list proves nothing either way; its rows are right.

    # -- the evidenced way ----------------------------------------------------------------------

    def _evidenced(self, family: Family, wanted: list[Any], base: dict[str, Any]) -> list[dict[str, Any]]:
        field = family.fallback_field
        keys = {_key(v, family.fold) for v in wanted}
        kind = family.evidenced
        if kind == "none":
            return []
        if kind == "in":
            rows: list[dict[str, Any]] = []
            for start in range(0, len(wanted), family.chunk):
                chunk = wanted[start:start + family.chunk]
                size = len(chunk) if family.unique else self.page_size
                rows += self._list(family.template, {**base, f"{field}__in": chunk}, size)
        elif kind in ("exact", "get") and not self._scan_is_cheaper(family, len(wanted), base):
            rows = list(self._one_by_one(family, wanted, base))
        else:
            rows = self._list(family.template, base, self.page_size)
        return [row for row in rows if _key(value_of(row, field), family.fold) in keys]

    def _one_by_one(self, family: Family, wanted: list[Any], base: dict[str, Any]) -> Iterator[dict[str, Any]]:
        for value in wanted:
            if family.evidenced == "get":
                yield self._transport.request("GET", family.template + "{pk}/", path={"pk": value})
            else:
                yield from self._list(family.template, {**base, family.fallback_field: value}, self.page_size)

    def _scan_is_cheaper(self, family: Family, lookups: int, base: dict[str, Any]) -> bool:
        if lookups <= 2:
            return False
        return math.ceil(self._count(family.template, base) / self.page_size) < lookups

    # -- plumbing -------------------------------------------------------------------------------

    def _list(self, template: str, query: dict[str, Any], page_size: int) -> list[dict[str, Any]]:
        paginator: Paginator[dict[str, Any]] = Paginator(self._transport, template, filters=query,
                                                         page_size=max(page_size, 1))
        return list(paginator)

    def _count(self, template: str, base: dict[str, Any]) -> int:
        """Rows of the list under the evidenced base filters only (one `limit=1` request, once)."""
        key = (template, repr(sorted(base.items())))
        if key not in self._counts:
            page: Page[Any] = Paginator(self._transport, template, filters=base, page_size=1).fetch(1)
            self._counts[key] = page.count if page.count is not None else len(page.results)
        return self._counts[key]

    @staticmethod
    def _after(row: dict[str, Any], family: Family, since: datetime) -> bool:
        stamp = _stamp(row.get(family.field))
        return stamp is not None and stamp >= since

    def _remember(self, family: Family, verdict: str) -> None:
        with self._lock:
            self._verdicts[family.name] = verdict
        self._cache.set(self._cache_key(family), verdict, self.ttl)

    def _used(self, family: Family, path: str) -> None:
        with self._lock:
            if _RANK[path] >= _RANK.get(self.paths.get(family.name, OPTIMISTIC), 0):
                self.paths[family.name] = path

    def _cache_key(self, family: Family) -> str:
        return f"omnitron:filters:{self._host}:{family.name.replace(' ', ':')}"
