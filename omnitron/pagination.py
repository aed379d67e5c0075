"""Lazy paging over Omnitron list endpoints (`page` / `limit`, DRF envelope or plain list).

`Paginator` is what every list method returns: iterate it for rows, or call `pages()` for one
page at a time (the flow engine commits a page before it asks for the next). `drain()` is for
listings that shrink as the caller works (`inserts`, `updates`): it always asks for page 1.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from urllib.parse import parse_qs, urlsplit

from omnitron.errors import OmnitronError

if TYPE_CHECKING:
    from omnitron.transport import Transport

Row = TypeVar("Row")


class PaginationError(OmnitronError):
    """The server's paging does not add up (e.g. a drained listing stopped shrinking)."""


@dataclass(frozen=True)
class Page(Generic[Row]):
    """One page as Omnitron answered it."""

    number: int
    results: list[Row]
    count: int | None
    has_next: bool
    next_number: int


def encode_params(filters: dict[str, Any]) -> list[tuple[str, str]]:
    """Omnitron's query dialect: `__in` lists comma-joined, other lists repeated, booleans True/False."""
    pairs: list[tuple[str, str]] = []
    for key, value in filters.items():
        if value is None:
            continue
        if isinstance(value, (list, tuple, set, frozenset)):
            values = [str(v) for v in value]
            if key.endswith("__in"):
                pairs.append((key, ",".join(values)))
            else:
                pairs.extend((key, v) for v in values)
        else:
            pairs.append((key, str(value)))
    return pairs


def _next_page_number(next_url: Any, current: int) -> int:
    """The page the server points at (falls back to current + 1 when `next` has no `page`)."""
    if isinstance(next_url, str):
        page = parse_qs(urlsplit(next_url).query).get("page")
        if page and page[0].isdigit():
            return int(page[0])
    return current + 1


def to_page(body: Any, number: int, limit: int) -> Page[Any]:
    """Read an envelope or a plain list (a plain list is a single page)."""
    if isinstance(body, list):
        return Page(number, body, len(body), False, number + 1)
    results = body.get("results") or []
    if "next" in body:
        has_next = bool(body["next"])
    else:  # no link at all: trust a full page to mean "maybe more"
        has_next = len(results) >= limit > 0
    return Page(number, results, body.get("count"), has_next, _next_page_number(body.get("next"), number))


class Paginator(Generic[Row]):
    """Lazily walks a list endpoint; nothing is sent until iteration starts."""

    def __init__(
        self, transport: Transport, template: str, *, path: dict[str, Any] | None = None,
        filters: dict[str, Any] | None = None, page_size: int, headers: dict[str, str] | None = None,
    ) -> None:
        self.transport = transport
        self.template = template
        self.path = path
        self.filters = dict(filters or {})
        self.page_size = page_size
        self.headers = headers

    def fetch(self, number: int = 1) -> Page[Row]:
        """Exactly one request: page `number`."""
        params = encode_params({**self.filters, "page": number, "limit": self.page_size})
        body = self.transport.request("GET", self.template, path=self.path, params=params, headers=self.headers)
        return to_page(body, number, self.page_size)

    def pages(self) -> Iterator[Page[Row]]:
        """Pages in order, following `next` until it is null."""
        number = 1
        while True:
            page = self.fetch(number)
            yield page
            if not page.has_next or not page.results:
                return
            number = max(page.next_number, number + 1)

    def drain(self, max_pages: int = 10_000) -> Iterator[Page[Row]]:
        """Page 1 again and again, for listings the caller empties as it goes (commit removes rows).

        Stops on an empty page; raises when a page repeats the previous one exactly, because then
        the caller did not consume it and the loop would never end.
        """
        previous: list[Any] | None = None
        for _ in range(max_pages):
            page = self.fetch(1)
            if not page.results:
                return
            keys = [row.get("pk", row.get("id")) if isinstance(row, dict) else row for row in page.results]
            if keys == previous:
                raise PaginationError(f"{self.template}: page 1 did not change after it was processed")
            previous = keys
            yield page
        raise PaginationError(f"{self.template}: still not empty after {max_pages} pages")

    def first_page(self) -> list[Row]:
        return self.fetch(1).results

    def __iter__(self) -> Iterator[Row]:
        for page in self.pages():
            yield from page.results
