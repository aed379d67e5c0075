"""The channel's category tree and its nodes (materialised paths)."""
from __future__ import annotations

from typing import Any, cast

from omnitron.resources.base import Creatable, Listable, Retrievable, Updatable
from omnitron.types import CategoryNode, CategoryTree


class CategoryTrees(Creatable[CategoryTree], Retrievable[CategoryTree], Listable[CategoryTree]):
    """`get(pk)` returns `category_root` with its `path`."""

    template = "channel/{ch}/category_trees/"


class CategoryNodes(Creatable[CategoryNode], Retrievable[CategoryNode], Updatable[CategoryNode],
                    Listable[CategoryNode]):
    """Create with `{"name": ..., "node": <parent pk>}`; `update(pk, {})` touches `modified_date`."""

    template = "channel/{ch}/category_nodes/"

    def detailed(self, pk: int) -> dict[str, Any]:
        """The node with its `children`."""
        return cast(dict[str, Any], self._call("GET", "{pk}/detailed/", path={"pk": pk}))
