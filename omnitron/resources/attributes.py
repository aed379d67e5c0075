"""Marketplace attribute sets, attributes, schemas, values and their configs."""
from __future__ import annotations

from typing import Any

from omnitron.resources.base import Creatable, Detailed, Listable, Retrievable, Updatable

Row = dict[str, Any]


class AttributeSets(Listable[Row], Creatable[Row], Updatable[Row]):
    """Rows are identified by `id` (Omnitron's naming here), equal to `pk`."""

    template = "channel/{ch}/attribute_sets/"


class AttributeSetConfigs(Listable[Row], Creatable[Row]):
    template = "channel/{ch}/attribute_set_configs/"


class Attributes(Listable[Row], Retrievable[Row], Creatable[Row], Updatable[Row]):
    template = "channel/{ch}/attributes/"


class AttributeSchemas(Listable[Row], Creatable[Row]):
    template = "channel/{ch}/attribute_schemas/"


class AttributeConfigs(Listable[Row], Creatable[Row], Updatable[Row], Detailed[Row]):
    """`detailed(attribute_set=<id>)` expands `attribute` and `attribute_set`."""

    template = "channel/{ch}/attribute_configs/"


class AttributeValues(Listable[Row], Retrievable[Row], Creatable[Row], Updatable[Row]):
    template = "channel/{ch}/attribute_values/"


class AttributeValueConfigs(Listable[Row], Creatable[Row]):
    template = "channel/{ch}/attribute_value_configs/"
