"""Channel, catalog and content types: the records every run reads first."""
from __future__ import annotations

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


class ContentTypes(Listable[ContentType]):
    template = "content_types/"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._by_model: dict[str, ContentType] = {}

    def by_model(self, model: str) -> ContentType:
        """The one content type named `model`; remembered for the life of the client."""
        if model not in self._by_model:
            rows = [row for row in self.list(model=model) if row.get("model") == model]
            if len(rows) != 1:
                raise NotFound("GET", self._transport.url(self.template), 404,
                               {"detail": f"{len(rows)} content types named {model!r}"})
            self._by_model[model] = rows[0]
        return self._by_model[model]
