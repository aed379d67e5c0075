"""The base every resource class stands on: one endpoint template plus thin verbs.

A resource class declares `template` (as Omnitron spells it, docs/omnitron.md, with `{ch}` for the
channel and `{cat}` for the catalog) and mixes in the verbs Omnitron offers for it. Methods
are a path plus a call; anything smarter belongs to the flows.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, cast

from omnitron.pagination import Paginator

if TYPE_CHECKING:
    from omnitron.transport import Transport

RowT = TypeVar("RowT")
BULK_CHUNK = 200  # ids per `__in` filter: keeps URLs well under common 8 KB limits


class Resource(Generic[RowT]):
    """Holds the transport and the endpoint template; verbs come from the mixins below."""

    template: ClassVar[str]

    def __init__(self, transport: Transport, page_size: int) -> None:
        self._transport = transport
        self.page_size = page_size

    def _paginate(
        self, suffix: str = "", *, page_size: int | None = None, headers: dict[str, str] | None = None,
        path: dict[str, Any] | None = None, **filters: Any,
    ) -> Paginator[RowT]:
        return Paginator(
            self._transport, self.template + suffix, path=path, filters=filters,
            page_size=page_size or self.page_size, headers=headers,
        )

    def _call(self, method: str, suffix: str = "", *, path: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        return self._transport.request(method, self.template + suffix, path=path, **kwargs)


class Listable(Resource[RowT]):
    def list(self, *, page_size: int | None = None, **filters: Any) -> Paginator[RowT]:
        """Rows matching `filters` (lists become `__in` comma lists or repeated keys), lazily paged."""
        return self._paginate(page_size=page_size, **filters)

    def in_bulk(self, field: str, values: Iterable[Any], **filters: Any) -> Iterator[RowT]:
        """Rows whose `field` is in `values`, a few hundred ids per request, never one per object."""
        ids = list(dict.fromkeys(values))
        for start in range(0, len(ids), BULK_CHUNK):
            chunk = ids[start:start + BULK_CHUNK]
            query: dict[str, Any] = {**filters, f"{field}__in": chunk}
            yield from self._paginate(page_size=max(len(chunk), 1), **query)


class Retrievable(Resource[RowT]):
    def get(self, pk: int | str) -> RowT:
        return cast(RowT, self._call("GET", "{pk}/", path={"pk": pk}))


class Creatable(Resource[RowT]):
    def create(self, body: dict[str, Any]) -> RowT:
        return cast(RowT, self._call("POST", json=body))


class Updatable(Resource[RowT]):
    def update(self, pk: int | str, body: dict[str, Any]) -> RowT:
        """PATCH: only the given fields change."""
        return cast(RowT, self._call("PATCH", "{pk}/", path={"pk": pk}, json=body))


class Deletable(Resource[RowT]):
    def delete(self, pk: int | str) -> None:
        self._call("DELETE", "{pk}/", path={"pk": pk})


class Detailed(Resource[RowT]):
    def detailed(self, *, page_size: int | None = None, **filters: Any) -> Paginator[dict[str, Any]]:
        """The `detailed/` listing: rows with their related objects expanded."""
        return cast(Paginator[dict[str, Any]], self._paginate("detailed/", page_size=page_size, **filters))


class Changes(Listable[RowT]):
    """Listings Omnitron derives from integration-action state (docs/omnitron.md "Integration actions")."""

    def inserts(self, *, page_size: int | None = None, language: str | None = None, **filters: Any) -> Paginator[RowT]:
        """Objects never sent to the channel, not locked in an open batch."""
        return self._paginate("inserts/", page_size=page_size, headers=_language(language), **filters)

    def updates(self, *, page_size: int | None = None, language: str | None = None, **filters: Any) -> Paginator[RowT]:
        """Objects sent before and modified since (`modified_date` newer than the IA's `version_date`)."""
        return self._paginate("updates/", page_size=page_size, headers=_language(language), **filters)


def _language(language: str | None) -> dict[str, str] | None:
    return {"Accept-Language": language} if language else None
