"""Channel, catalog and content types: the records every run reads first."""
from __future__ import annotations

import hashlib
from typing import Any, cast

from omnitron.errors import NotFound
from omnitron.resources.base import Listable, Resource
from omnitron.types import Catalog, Channel, ContentType


class Channels(Resource[Channel]):
    template = "channels/{ch}/"

    def get(self) -> Channel:
        """The configured channel (`is_active`, `conf`, `category_tree`, `schema`)."""
        return cast(Channel, self._call("GET"))

    def update(self, body: dict[str, Any]) -> Channel:
        return cast(Channel, self._call("PATCH", json=body))


class Catalogs(Resource[Catalog]):
    template = "catalogs/{cat}/"

    def get(self) -> Catalog:
        """The configured catalog: `price_list`, `stock_list` and the extra lists."""
        return cast(Catalog, self._call("GET"))


# Content types are rows of Omnitron's own schema: their ids do not change while its database
# lives. Shared through the cache for a day, so runs stop asking for them every few minutes.
SHARED_FOR = 24 * 3600


class ContentTypes(Listable[ContentType]):
    template = "content_types/"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._by_model: dict[str, ContentType] = {}

    def by_model(self, model: str) -> ContentType:
        """The one content type named `model`: from this client, else the shared cache, else Omnitron."""
        if model not in self._by_model:
            key = f"omnitron:content-type:{hashlib.sha256(self._transport.base_url.encode()).hexdigest()[:16]}:{model}"
            row = self._transport.cache.get(key)
            if not isinstance(row, dict):
                row = self._fetch(model)
                self._transport.cache.set(key, row, SHARED_FOR)
            self._by_model[model] = cast(ContentType, row)
        return self._by_model[model]

    def _fetch(self, model: str) -> ContentType:
        rows = [row for row in self.list(model=model) if row.get("model") == model]
        if len(rows) != 1:
            raise NotFound("GET", self._transport.url(self.template), 404,
                           {"detail": f"{len(rows)} content types named {model!r}"})
        return rows[0]
