"""In-memory tables guarded by one lock, plus the clock every `modified_date` comes from."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from datetime import datetime, timedelta, timezone
from collections.abc import Callable
from typing import Any

from sandboxes.omnitron.rwlock import ReadWriteLock

TABLE_INDEXES: dict[str, tuple[str, ...]] = {
    "products": ("sku", "product_type"),
    "prices": ("product", "price_list"),
    "stocks": ("product", "stock_list"),
    "images": ("product",),
    "product_categories": ("product",),
    "integration_actions": ("object_id", "local_batch_id", "remote_id", "_locked_by", "_ref"),
    "orders": ("number",),
    "order_items": ("order",),
    "customers": ("email",),
    "addresses": ("hash_data",),
}


def ia_ref(row: dict[str, Any]) -> str:
    """`"<channel>:<model>:<object_id>"`, the key an integration action is found by: each channel
    keeps its own record of what it has sent (one catalog may be sold on several marketplaces)."""
    content_type = row.get("content_type")
    model = content_type.get("model") if isinstance(content_type, dict) else content_type
    return f"{row.get('channel')}:{model}:{row.get('object_id')}"


# Indexes on a value derived from the row rather than stored in it.
COMPUTED: dict[str, Callable[[dict[str, Any]], Any]] = {"_ref": ia_ref}

Row = dict[str, Any]
# Told about every write: (table name, the row before (None on insert), the row after (None on delete)).
ChangeHook = Callable[[str, "Row | None", "Row | None"], None]


def key(value: Any) -> str:
    """Index/compare key: ids arrive as ints or numeric strings, booleans as True/False."""
    return str(value)


class Table:
    """Rows by pk in insertion (= pk) order, with equality indexes on a few fields."""

    def __init__(self, name: str, indexes: tuple[str, ...] = (), on_change: ChangeHook | None = None) -> None:
        self.name = name
        self.rows: dict[int, dict[str, Any]] = {}
        self.next_pk = 1
        self.indexes: dict[str, dict[str, set[int]]] = {field: {} for field in indexes}
        self._order: list[int] | None = []
        self.on_change = on_change

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
        if self.on_change:
            self.on_change(self.name, None, row)
        return row

    def update(self, pk: int, changes: dict[str, Any]) -> dict[str, Any]:
        row = self.rows[pk]
        before = dict(row) if self.on_change else None
        self._index(row, add=False)
        row.update(changes)
        self._index(row, add=True)
        if self.on_change:
            self.on_change(self.name, before, row)
        return row

    def delete(self, pk: int) -> None:
        row = self.rows.pop(pk)
        self._index(row, add=False)
        self._order = None
        if self.on_change:
            self.on_change(self.name, row, None)

    def ordered_pks(self) -> list[int]:
        """Pks ascending; rebuilt only after a delete."""
        if self._order is None:
            self._order = sorted(self.rows)
        return self._order

    def pk_range(self, low: int | None, high: int | None) -> list[int]:
        """Pks between `low` and `high` (inclusive, None = open), ascending: two bisects."""
        order = self.ordered_pks()
        start = 0 if low is None else bisect_left(order, low)
        end = len(order) if high is None else bisect_right(order, high)
        return order[start:end]

    def lookup(self, field: str, values: list[str]) -> set[int]:
        index = self.indexes[field]
        if len(values) == 1:
            return set(index.get(values[0], ()))
        found: set[int] = set()
        for value in values:
            found |= index.get(value, set())
        return found

    def _index(self, row: dict[str, Any], add: bool) -> None:
        for field, index in self.indexes.items():
            if field in COMPUTED:
                value = COMPUTED[field](row)
            elif field in row:
                value = row[field]
            else:
                continue
            bucket = index.setdefault(key(value), set())
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
    """All sandbox state. Handlers that write hold `lock` alone; GET handlers share
    `lock.shared()` with each other, so they never see a half-applied write."""

    def __init__(self) -> None:
        self.lock = ReadWriteLock()
        self.clock = Clock()
        self.tables: dict[str, Table] = {}
        self.tokens: dict[str, float] = {}
        self.users: dict[str, str] = {}
        self.counts: Counter[str] = Counter()
        self.settings: dict[str, Any] = {}
        # State derived from the tables and kept current on every write (the inserts/updates
        # listings, `sandboxes.omnitron.listings`); attached by whoever builds the store.
        self.derived: Any = None

    def clear(self, settings: dict[str, Any]) -> None:
        """Back to empty tables (call with `lock` held); `derived` must be attached again."""
        self.clock = Clock()
        self.tables = {}
        self.tokens.clear()
        self.users = {}
        self.counts.clear()
        self.settings = settings
        self.derived = None

    def table(self, name: str) -> Table:
        table = self.tables.get(name)
        if table is None:  # setdefault: two readers asking for a new table get the same one
            table = self.tables.setdefault(name, Table(name, TABLE_INDEXES.get(name, ()), self._changed))
        return table

    def _changed(self, name: str, before: Row | None, after: Row | None) -> None:
        if self.derived is not None:
            self.derived.changed(name, before, after)

    def now(self) -> str:
        return self.clock.now()

    def create(self, name: str, row: dict[str, Any]) -> dict[str, Any]:
        stamp = self.now()
        return self.table(name).insert({"created_date": stamp, "modified_date": stamp, **row})

    def touch(self, name: str, pk: int, changes: dict[str, Any] | None = None) -> dict[str, Any]:
        """Apply `changes` and bump `modified_date` (what makes an object an update)."""
        return self.table(name).update(pk, {**(changes or {}), "modified_date": self.now()})
