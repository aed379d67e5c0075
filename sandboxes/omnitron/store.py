"""In-memory tables guarded by one lock, plus the clock every `modified_date` comes from."""
from __future__ import annotations

import threading
from collections import Counter
from datetime import datetime, timedelta, timezone
from typing import Any

TABLE_INDEXES: dict[str, tuple[str, ...]] = {
    "products": ("sku",),
    "prices": ("product",),
    "stocks": ("product",),
    "images": ("product",),
    "product_categories": ("product",),
    "integration_actions": ("object_id", "local_batch_id", "remote_id"),
    "orders": ("number",),
    "order_items": ("order",),
    "customers": ("email",),
    "addresses": ("hash_data",),
}


def key(value: Any) -> str:
    """Index/compare key: ids arrive as ints or numeric strings, booleans as True/False."""
    return str(value)


class Table:
    """Rows by pk in insertion (= pk) order, with equality indexes on a few fields."""

    def __init__(self, name: str, indexes: tuple[str, ...] = ()) -> None:
        self.name = name
        self.rows: dict[int, dict[str, Any]] = {}
        self.next_pk = 1
        self.indexes: dict[str, dict[str, set[int]]] = {field: {} for field in indexes}
        self._order: list[int] | None = []

    def __len__(self) -> int:
        return len(self.rows)

    def get(self, pk: Any) -> dict[str, Any] | None:
        try:
            return self.rows.get(int(pk))
        except (TypeError, ValueError):
            return None

    def insert(self, row: dict[str, Any]) -> dict[str, Any]:
        pk = self.next_pk
        self.next_pk += 1
        row = {"pk": pk, "id": pk, **row}
        self.rows[pk] = row
        if self._order is not None:
            self._order.append(pk)
        self._index(row, add=True)
        return row

    def update(self, pk: int, changes: dict[str, Any]) -> dict[str, Any]:
        row = self.rows[pk]
        self._index(row, add=False)
        row.update(changes)
        self._index(row, add=True)
        return row

    def delete(self, pk: int) -> None:
        row = self.rows.pop(pk)
        self._index(row, add=False)
        self._order = None

    def ordered_pks(self) -> list[int]:
        """Pks ascending; rebuilt only after a delete."""
        if self._order is None:
            self._order = sorted(self.rows)
        return self._order

    def lookup(self, field: str, values: list[str]) -> set[int]:
        index = self.indexes[field]
        found: set[int] = set()
        for value in values:
            found |= index.get(value, set())
        return found

    def _index(self, row: dict[str, Any], add: bool) -> None:
        for field, index in self.indexes.items():
            if field not in row:
                continue
            bucket = index.setdefault(key(row[field]), set())
            if add:
                bucket.add(row["pk"])
            else:
                bucket.discard(row["pk"])


class Clock:
    """Strictly increasing UTC timestamps, so `modified_date > version_date` is never a tie."""

    def __init__(self) -> None:
        self._last = datetime.now(timezone.utc)

    def now(self) -> str:
        current = datetime.now(timezone.utc)
        if current <= self._last:
            current = self._last + timedelta(microseconds=1)
        self._last = current
        return current.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Store:
    """All sandbox state. Every handler runs under `lock`, so threads see consistent tables."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.clock = Clock()
        self.tables: dict[str, Table] = {}
        self.tokens: dict[str, float] = {}
        self.users: dict[str, str] = {}
        self.counts: Counter[str] = Counter()
        self.settings: dict[str, Any] = {}

    def table(self, name: str) -> Table:
        if name not in self.tables:
            self.tables[name] = Table(name, TABLE_INDEXES.get(name, ()))
        return self.tables[name]

    def now(self) -> str:
        return self.clock.now()

    def create(self, name: str, row: dict[str, Any]) -> dict[str, Any]:
        stamp = self.now()
        return self.table(name).insert({"created_date": stamp, "modified_date": stamp, **row})

    def touch(self, name: str, pk: int, changes: dict[str, Any] | None = None) -> dict[str, Any]:
        """Apply `changes` and bump `modified_date` (what makes an object an update)."""
        return self.table(name).update(pk, {**(changes or {}), "modified_date": self.now()})
