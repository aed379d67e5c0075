"""Django-style query filters, sorting and DRF page envelopes over sandbox tables.

`status=a&status=b` (repeated key) means "any of", `pk__in=1,2` is a comma list, booleans come
as `True`/`False`, and lookups walk into nested dicts (`content_type__model`). An indexed
equality or `__in` filter narrows the scan first, so bulk lookups stay cheap at 10,000 rows.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlencode

from sandboxes.omnitron.store import Table, key

LOOKUPS = frozenset({"exact", "iexact", "in", "gt", "gte", "lt", "lte", "isnull", "contains", "icontains",
                     "startswith"})
PAGING = frozenset({"page", "limit", "sort", "ordering", "format"})
MISSING = object()


class QueryError(Exception):
    """A bad page or limit; answered as a JSON 4xx."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(body)
        self.status, self.body = status, body


@dataclass(frozen=True)
class Filter:
    path: tuple[str, ...]
    lookup: str
    values: tuple[str, ...]

    def matches(self, row: dict[str, Any]) -> bool:
        value = resolve(row, self.path)
        if value is MISSING:
            return False
        if isinstance(value, list):
            return any(self._test(item) for item in value)
        return self._test(value)

    def _test(self, value: Any) -> bool:
        lookup, values = self.lookup, self.values
        if lookup == "isnull":
            return (value is None) == (values[0].lower() in ("true", "1"))
        if value is None:
            return False
        text = norm(value)
        if lookup in ("exact", "in"):
            return text in values
        if lookup == "iexact":
            return text.casefold() in {v.casefold() for v in values}
        if lookup == "contains":
            return values[0] in text
        if lookup == "icontains":
            return values[0].casefold() in text.casefold()
        if lookup == "startswith":
            return text.startswith(values[0])
        left, right = order_key(value), order_key(values[0])
        if type(left) is not type(right):
            left, right = str(left), str(right)
        return {"gt": left > right, "gte": left >= right, "lt": left < right, "lte": left <= right}[lookup]


def norm(value: Any) -> str:
    return key(value)


def order_key(value: Any) -> Any:
    """Numbers as numbers, ISO dates as datetimes, anything else as text."""
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value)
    try:
        return float(text)
    except ValueError:
        pass
    if len(text) >= 10 and text[4:5] == "-":
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "T"))
        except ValueError:
            return text
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
    return text


def resolve(row: Any, path: tuple[str, ...]) -> Any:
    value = row
    for segment in path:
        if isinstance(value, dict):
            value = value.get(segment, MISSING)
            if value is MISSING:
                return MISSING
        elif isinstance(value, list):
            value = [item.get(segment) for item in value if isinstance(item, dict)]
        elif segment in ("pk", "id"):  # a foreign key stored as its id: product__pk == product
            continue
        else:
            return MISSING
    return value


def parse_filters(args: Any, aliases: dict[str, str], drop: dict[str, str]) -> list[Filter]:
    """Turn a werkzeug MultiDict into filters; `drop` holds params equal to the URL's own ids."""
    filters = []
    for name in args:
        if name in PAGING:
            continue
        raw = args.getlist(name)
        if name in drop and all(v == drop[name] for v in raw):
            continue
        parts = name.split("__")
        lookup = parts.pop() if len(parts) > 1 and parts[-1] in LOOKUPS else "exact"
        path = tuple(_alias(parts, aliases))
        values: list[str] = []
        for item in raw:
            values.extend(item.split(",") if lookup == "in" else [item])
        filters.append(Filter(path, "in" if len(values) > 1 and lookup == "exact" else lookup, tuple(values)))
    return filters


def _alias(parts: list[str], aliases: dict[str, str]) -> list[str]:
    """Replace the longest aliased prefix (`content_type_name` -> `content_type__model`)."""
    for size in range(len(parts), 0, -1):
        prefix = "__".join(parts[:size])
        if prefix in aliases:
            return aliases[prefix].split("__") + parts[size:]
    return parts


def candidates(table: Table, filters: list[Filter], scope: Iterable[int] | None) -> list[int]:
    """Pks to scan: narrowed by an indexed equality filter when there is one."""
    for flt in filters:
        if flt.lookup not in ("exact", "in") or len(flt.path) != 1:
            continue
        field = flt.path[0]
        if field in ("pk", "id"):
            pks = {int(v) for v in flt.values if v.lstrip("-").isdigit()}
        elif field in table.indexes:
            pks = table.lookup(field, list(flt.values))
        else:
            continue
        allowed = set(scope) if scope is not None else None
        return sorted(pk for pk in pks if pk in table.rows and (allowed is None or pk in allowed))
    return list(scope) if scope is not None else table.ordered_pks()


def select(
    table: Table, filters: list[Filter], *, scope: Iterable[int] | None = None,
    predicate: Callable[[dict[str, Any]], bool] | None = None, sort: str | None = None,
) -> list[int]:
    if not filters and predicate is None and not sort:
        return list(scope) if scope is not None else table.ordered_pks()  # O(1): paging slices it
    pks = candidates(table, filters, scope)
    rows = table.rows
    chosen = [pk for pk in pks if all(f.matches(rows[pk]) for f in filters) and (predicate is None or predicate(rows[pk]))]
    for field in reversed([f for f in (sort or "").split(",") if f]):
        desc = field.startswith("-")
        path = tuple(field.lstrip("-").split("__"))
        if path in (("id",), ("pk",)):
            chosen.sort(reverse=desc)
            continue
        keys = {pk: _sort_key(resolve(rows[pk], path)) for pk in chosen}
        chosen.sort(key=keys.__getitem__, reverse=desc)
    return chosen


def _sort_key(value: Any) -> tuple[int, Any]:
    """Missing values first, then numbers and dates (as numbers), then text."""
    if value is MISSING or value is None:
        return (0, 0.0)
    ordered = order_key(value)
    if isinstance(ordered, datetime):
        return (1, ordered.timestamp())
    if isinstance(ordered, float):
        return (1, ordered)
    return (2, str(ordered))


def paging(args: Any, default_limit: int, max_limit: int) -> tuple[int, int]:
    try:
        page = int(args.get("page", 1))
        limit = int(args.get("limit", default_limit))
    except ValueError:
        raise QueryError(400, {"detail": "page and limit must be integers"}) from None
    if page < 1:
        raise QueryError(404, {"detail": "Invalid page."})
    return page, max(1, min(limit, max_limit))


def envelope(
    pks: list[int], page: int, limit: int, url: str, args: Any, serialize: Callable[[int], dict[str, Any]],
) -> dict[str, Any]:
    """DRF page: `next` is null on the last page, an absolute URL otherwise."""
    start = (page - 1) * limit
    if start >= len(pks) and page > 1:
        raise QueryError(404, {"detail": "Invalid page."})
    chunk = pks[start:start + limit]
    has_next = start + limit < len(pks)

    def link(number: int) -> str:
        params = [(k, v) for k in args for v in args.getlist(k) if k != "page"] + [("page", str(number))]
        return f"{url}?{urlencode(params)}"

    return {
        "count": len(pks),
        "next": link(page + 1) if has_next else None,
        "previous": link(page - 1) if page > 1 else None,
        "results": [serialize(pk) for pk in chunk],
    }
