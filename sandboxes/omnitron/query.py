"""Django-style query filters, sorting and DRF page envelopes over sandbox tables.

Only the filters the route declares apply (`filtersets.py`); any other parameter is ignored,
as django-filter ignores it, and the list comes back unfiltered.
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

from sandboxes.omnitron.store import COMPUTED, Table, key

LOOKUPS = frozenset({"exact", "iexact", "in", "gt", "gte", "lt", "lte", "isnull", "contains", "icontains",
                     "startswith"})
PAGING = frozenset({"page", "limit", "sort"})
# A declared filter whose value cannot be parsed is a 400, as django-filter's form validation
# answers; these lookups take integers.
INTEGER_FILTERS = frozenset({"pk__in", "id__in", "object_id__in", "product__pk__in"})
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


def parse_filters(args: Any, aliases: dict[str, str], drop: dict[str, str],
                  declared: frozenset[str] | None = None) -> list[Filter]:
    """Turn a werkzeug MultiDict into filters; `drop` holds params equal to the URL's own ids.

    With `declared`, a parameter not in it is skipped (the route's filter set lacks it).
    """
    filters = []
    for name in args:
        if name in PAGING or (declared is not None and name not in declared):
            continue
        raw = args.getlist(name)
        if name in INTEGER_FILTERS and not all(_is_int(v) for item in raw for v in item.split(",") if v):
            raise QueryError(400, {name: ["Enter a whole number."]})
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


RANGES = frozenset({"gt", "gte", "lt", "lte"})
# Enumerating an integer range through an equality index beats a scan while the range is not
# much wider than the table.
RANGE_PROBES_PER_ROW = 4


def candidates(table: Table, filters: list[Filter], scope: Iterable[int] | None) -> tuple[list[int], list[Filter]]:
    """Pks to scan, ascending, and the filters still to test on them.

    Every filter an index can answer narrows the set (equality and `__in` on indexed fields
    and pk, integer ranges on pk and indexed fields); those the index answers exactly
    (equality on an indexed column, ranges on pk) need no per-row test afterwards.
    """
    narrowed: list[set[int] | list[int]] = []
    answered: set[int] = set()
    for number, flt in enumerate(filters):
        if flt.lookup in ("exact", "in"):
            found = _by_equality(table, flt)
            if found is not None:
                narrowed.append(found)
                if len(flt.path) == 1 and all(_canonical_key(v) for v in flt.values):
                    answered.add(number)
    for field, (low, high) in _integer_ranges(filters).items():
        found = _by_range(table, field, low, high)
        if found is not None:
            narrowed.append(found)
            if field in ("pk", "id"):
                answered.update(n for n, f in enumerate(filters)
                                if f.lookup in RANGES and f.path == (field,) and _is_int(f.values[0]))
    remaining = [flt for number, flt in enumerate(filters) if number not in answered]
    if scope is not None:
        narrowed.append(scope if isinstance(scope, (set, frozenset)) else set(scope))
    if not narrowed:
        return table.ordered_pks(), remaining
    narrowed.sort(key=len)
    if len(narrowed) == 1 and isinstance(narrowed[0], list):  # a pk range: sorted, every pk a row
        return narrowed[0], remaining
    chosen = set(narrowed[0]).intersection(*narrowed[1:])
    rows = table.rows
    return sorted(pk for pk in chosen if pk in rows), remaining


def _is_int(text: str) -> bool:
    return text.lstrip("-").isdigit()


def _canonical_key(text: str) -> bool:
    """A value whose index key and filter test agree: not "None" (a None never matches a
    filter), and an integer only when written as Python writes it ("5", not "05")."""
    if text == "None":
        return False
    return not _is_int(text) or str(int(text)) == text


def _field(flt: Filter) -> str | None:
    """The single column a filter tests; `product__pk` is the `product` foreign key's id."""
    path = flt.path
    if len(path) == 2 and path[1] in ("pk", "id"):
        path = path[:1]
    return path[0] if len(path) == 1 else None


def _by_equality(table: Table, flt: Filter) -> set[int] | None:
    field = _field(flt)
    if field in ("pk", "id"):
        return {int(v) for v in flt.values if _is_int(v)}
    if field is not None and field in table.indexes and field not in COMPUTED:
        return table.lookup(field, list(flt.values))
    return None


def _integer_ranges(filters: list[Filter]) -> dict[str, tuple[int | None, int | None]]:
    """`field__gte=a&field__lte=b` (and gt/lt) as inclusive integer bounds per field."""
    bounds: dict[str, tuple[int | None, int | None]] = {}
    for flt in filters:
        field = _field(flt)
        if flt.lookup not in RANGES or field is None or not _is_int(flt.values[0]):
            continue
        value = int(flt.values[0])
        low, high = bounds.get(field, (None, None))
        if flt.lookup in ("gt", "gte"):
            value += flt.lookup == "gt"
            low = value if low is None else max(low, value)
        else:
            value -= flt.lookup == "lt"
            high = value if high is None else min(high, value)
        bounds[field] = (low, high)
    return bounds


def _by_range(table: Table, field: str, low: int | None, high: int | None) -> set[int] | list[int] | None:
    if field in ("pk", "id"):
        return table.pk_range(low, high)
    if field not in table.indexes or low is None or high is None:
        return None
    if high < low:
        return set()
    if high - low + 1 > RANGE_PROBES_PER_ROW * max(len(table), 1):
        return None
    return table.lookup(field, [str(value) for value in range(low, high + 1)])


def select(
    table: Table, filters: list[Filter], *, scope: Iterable[int] | None = None,
    predicate: Callable[[dict[str, Any]], bool] | None = None, sort: str | None = None,
) -> list[int]:
    if not filters and predicate is None and not sort and scope is None:
        return table.ordered_pks()  # O(1): paging slices it
    pks, filters = candidates(table, filters, scope)
    rows = table.rows
    if filters or predicate is not None:
        chosen = [pk for pk in pks
                  if all(f.matches(rows[pk]) for f in filters) and (predicate is None or predicate(rows[pk]))]
    else:
        chosen = list(pks)
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
