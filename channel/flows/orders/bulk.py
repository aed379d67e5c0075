"""One-to-many bulk reads: rows whose `field` is in a list of parent ids.

`Listable.in_bulk` sizes its pages by the number of ids, right for one row per id (products
by pk) but one extra page per chunk when each id has several rows (the townships of a city,
the items of an order, a customer's addresses). Here pages have the client's page size and
ids go 200 to a request, so such a read costs one request per 200 parents in practice.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from omnitron.resources.base import BULK_CHUNK, Listable


def children(resource: Listable[Any], field: str, parents: Iterable[Any], **filters: Any) -> Iterator[dict[str, Any]]:
    ids = list(dict.fromkeys(parents))
    for start in range(0, len(ids), BULK_CHUNK):
        yield from resource.list(**{**filters, f"{field}__in": ids[start:start + BULK_CHUNK]})
