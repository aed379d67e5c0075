"""Setup flows: publish the conf schema, mirror the marketplace's category tree and attributes
(`FLOWS` at the end: `setup_conf_schema`, `setup_category_tree`, `setup_category_attributes`,
`setup_attributes`).

They write reference data, not objects, so they use no batch request (the reference app
created one and never finished it). Each reads what Omnitron already holds in a few list
requests first, then creates only what is missing, so a re-run is cheap and idempotent.
Marketplace ids live in integration actions (`categorynode`, `marketplaceattribute`,
`marketplaceattributevalue`), as the rest of Omnitron expects.
"""
from __future__ import annotations

import logging
import uuid
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from omnitron.errors import BadRequest

from channel.adapters import RemoteAttribute, RemoteCategory
from channel.flows.catalog import NIGHTLY, WEEKLY, WEEKLY_AFTER_TREE
from channel.flows.registry import Flow

if TYPE_CHECKING:
    from channel.adapters import ConfField
    from channel.flows.runtime import Runtime

logger = logging.getLogger(__name__)

DATA_TYPES = {"str": "text", "int": "integer", "float": "text", "bool": "bool", "url": "URL", "choice": "text"}


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# ---- conf schema ------------------------------------------------------------------------------

def schema_entry(field: ConfField) -> dict[str, Any]:
    return {"required": field.required, "data_type": DATA_TYPES.get(field.type, "text"), "key": field.key,
            "label": field.help or field.key, "schema": None}


def publish_conf_schema(rt: Runtime) -> None:
    """Merge the adapter's conf fields into the channel's `schema` (one PATCH)."""
    from channel.marketplaces import adapter_class

    fields = adapter_class(rt.ctx.channel_id).conf_schema
    schema = {**(rt.channel.get("schema") or {}), **{field.key: schema_entry(field) for field in fields}}
    rt.summary.fetched = len(fields)
    if rt.ctx.dry_run:
        rt.summary.would_send = len(fields)
        return
    rt.omnitron.channels.update({"schema": schema})
    rt.summary.sent = rt.summary.succeeded = len(fields)


# ---- integration-action helpers -----------------------------------------------------------------

def remote_map(rt: Runtime, model: str) -> dict[str, int]:
    """remote id -> Omnitron object pk for every integration action of `model` (a few pages)."""
    rows = rt.omnitron.integration_actions.list(content_type_name=model)
    return {str(row["remote_id"]): int(row["object_id"]) for row in rows if row.get("remote_id")}


def link(rt: Runtime, model: str, object_id: int, remote_id: str) -> None:
    """Record that Omnitron object `object_id` is `remote_id` on the marketplace."""
    content_type = rt.omnitron.content_types.by_model(model)["id"]
    rt.omnitron.integration_actions.create({
        "channel_id": str(rt.ctx.channel_id), "content_type_id": content_type, "object_id": object_id,
        "remote_id": remote_id, "version_date": _now(),
    })


# ---- category tree ------------------------------------------------------------------------------

def sync_category_tree(rt: Runtime) -> None:
    """Create the channel's tree if it has none, then one node per marketplace category."""
    categories = rt.adapter.get_category_tree()
    rt.summary.fetched = len(categories)
    if rt.ctx.dry_run:
        rt.summary.would_send = len(categories)
        return
    root = tree_root(rt)
    known = remote_map(rt, "categorynode")
    # `tree` is not a declared filter of the node list (the server may answer every node): checked here.
    nodes: dict[int, dict[str, Any]] = {int(node["pk"]): dict(node) for node in
                                        rt.omnitron.category_nodes.list(tree=root["tree"])
                                        if node.get("tree") in (None, root["tree"])} if root.get("tree") else {}
    for done, category in enumerate(categories, start=1):
        parent = known.get(category.parent_remote_id or "", root["pk"])
        _sync_node(rt, category, parent, known, nodes)
        rt.ctx.report_progress(done, len(categories), "category tree")


def tree_root(rt: Runtime) -> dict[str, Any]:
    """The channel tree's root node (creating the tree first when the channel has none)."""
    tree_pk = rt.channel.get("category_tree")
    if not tree_pk:
        tree = rt.omnitron.category_trees.create({"name": f"Sales Channel Tree {uuid.uuid4()}"})
        rt.omnitron.channels.update({"category_tree": tree["pk"]})
        tree_pk = tree["pk"]
    tree = rt.omnitron.category_trees.get(tree_pk)
    root = dict(tree["category_root"])
    root.setdefault("tree", tree_pk)
    return root


def _sync_node(rt: Runtime, category: RemoteCategory, parent: int, known: dict[str, int],
               nodes: dict[int, dict[str, Any]]) -> None:
    existing = known.get(category.remote_id)
    if existing is not None:
        if nodes.get(existing, {}).get("name", category.name) != category.name:
            rt.omnitron.category_nodes.update(existing, {"name": category.name})
            rt.summary.sent += 1
        rt.summary.succeeded += 1
        return
    node: dict[str, Any] | None
    try:
        node = dict(rt.omnitron.category_nodes.create({"name": category.name, "node": parent}))
    except BadRequest:  # a node of that name already sits under the parent: adopt it
        children = rt.omnitron.category_nodes.detailed(parent).get("children") or []
        node = next((child for child in children if child.get("name") == category.name), None)
        if node is None:
            rt.summary.add_error(category.remote_id, f"node {category.name!r} can be neither created nor found")
            return
    link(rt, "categorynode", int(node["pk"]), category.remote_id)
    known[category.remote_id] = int(node["pk"])
    rt.summary.sent += 1
    rt.summary.succeeded += 1


# ---- attributes ---------------------------------------------------------------------------------

def sync_category_attributes(rt: Runtime) -> None:
    """Attribute sets (one per mapped leaf category), their attributes, values and configs."""
    sync_attributes(rt, with_sets=True)


def sync_channel_attributes(rt: Runtime) -> None:
    """Channel-level attributes and values of every mapped category, without attribute sets."""
    sync_attributes(rt, with_sets=False)


def sync_attributes(rt: Runtime, with_sets: bool) -> None:
    leaves = mapped_leaves(rt)
    state = AttributeState.load(rt)
    for done, (remote_id, node_pk, name) in enumerate(leaves, start=1):
        remote_attributes = rt.adapter.get_category_attributes(remote_id, with_values=True)
        rt.summary.fetched += len(remote_attributes)
        if rt.ctx.dry_run:
            rt.summary.would_send += len(remote_attributes)
            continue
        attribute_set = state.attribute_set(remote_id, name, node_pk) if with_sets else None
        for remote in remote_attributes:
            state.attribute(remote, attribute_set)
        rt.ctx.report_progress(done, len(leaves), "category attributes")


def mapped_leaves(rt: Runtime) -> list[tuple[str, int, str]]:
    """(remote id, node pk, name) of the marketplace's leaf categories mapped to channel nodes."""
    known = remote_map(rt, "categorynode")
    leaves = [category for category in rt.adapter.get_category_tree() if category.is_leaf]
    return [(category.remote_id, known[category.remote_id], category.name)
            for category in leaves if category.remote_id in known]


class AttributeState:
    """What Omnitron holds for the channel's attributes, read once, then kept current."""

    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self.attribute_ids = remote_map(rt, "marketplaceattribute")
        self.value_ids = remote_map(rt, "marketplaceattributevalue")
        self.sets = {str(row.get("remote_id")): row for row in rt.omnitron.attribute_sets.list()}
        self.set_configs = {(int(row["attribute_set"]), int(row["object_id"]))
                            for row in rt.omnitron.attribute_set_configs.list(content_type__model="categorynode")}
        self.configs = {(int(row["attribute_set"]), int(row["attribute"])): row
                        for row in rt.omnitron.attribute_configs.list()}
        self.value_configs: set[tuple[int, int]] | None = None

    @classmethod
    def load(cls, rt: Runtime) -> AttributeState:
        return cls(rt)

    def attribute_set(self, remote_id: str, name: str, node_pk: int) -> int:
        """The attribute set standing for category `remote_id`, tied to its node."""
        client = self.rt.omnitron
        row = self.sets.get(remote_id)
        if row is None:
            row = _create_or_find(client.attribute_sets, {"channel": str(self.rt.ctx.channel_id), "name": name,
                                                          "remote_id": remote_id}, name__exact=name)
            self.sets[remote_id] = row
            self.rt.summary.sent += 1
        set_id = int(row.get("id") or row["pk"])
        if (set_id, node_pk) not in self.set_configs:
            client.attribute_set_configs.create({"attribute_set": set_id, "content_type": "categorynode",
                                                 "object_id": node_pk})
            self.set_configs.add((set_id, node_pk))
        return set_id

    def attribute(self, remote: RemoteAttribute, attribute_set: int | None) -> None:
        client = self.rt.omnitron
        pk = self.attribute_ids.get(remote.remote_id)
        if pk is None:
            row = _create_or_find(client.attributes, {"channel": str(self.rt.ctx.channel_id), "name": remote.name},
                                  name__exact=remote.name)
            pk = int(row["pk"])
            link(self.rt, "marketplaceattribute", pk, remote.remote_id)
            self.attribute_ids[remote.remote_id] = pk
            self.rt.summary.sent += 1
        self.rt.summary.succeeded += 1
        if attribute_set is not None:
            self._config(remote, attribute_set, pk)
        for value in remote.values:
            self._value(pk, value.remote_id, value.name, attribute_set)

    def _config(self, remote: RemoteAttribute, attribute_set: int, attribute: int) -> None:
        body = {"attribute": attribute, "attribute_set": attribute_set, "attribute_remote_id": remote.remote_id,
                "is_required": remote.required, "is_variant": remote.varianter, "is_custom": remote.allow_custom,
                "is_meta": False, "is_image_attribute": False}
        existing = self.configs.get((attribute_set, attribute))
        if existing is None:
            self.configs[(attribute_set, attribute)] = self.rt.omnitron.attribute_configs.create(body)
        elif any(existing.get(key) != value for key, value in body.items()):
            self.configs[(attribute_set, attribute)] = self.rt.omnitron.attribute_configs.update(existing["pk"], body)

    def _value(self, attribute: int, remote_id: str, name: str, attribute_set: int | None) -> None:
        client = self.rt.omnitron
        pk = self.value_ids.get(remote_id)
        if pk is None:
            row = _create_or_find(client.attribute_values, {"attribute": attribute, "channel": str(self.rt.ctx.channel_id),
                                                            "label": name, "value": remote_id},
                                  attribute=attribute, value__exact=remote_id)
            pk = int(row["pk"])
            link(self.rt, "marketplaceattributevalue", pk, remote_id)
            self.value_ids[remote_id] = pk
        if attribute_set is not None:
            self._value_config(attribute_set, pk)

    def _value_config(self, attribute_set: int, value: int) -> None:
        if self.value_configs is None:
            self.value_configs = {(int(row["attribute_set"]), int(row["attribute_value"]))
                                  for row in self.rt.omnitron.attribute_value_configs.list()}
        if (attribute_set, value) not in self.value_configs:
            self.rt.omnitron.attribute_value_configs.create({"attribute_set": attribute_set, "attribute_value": value})
            self.value_configs.add((attribute_set, value))


def _create_or_find(resource: Any, body: dict[str, Any], **lookup: Any) -> dict[str, Any]:
    """POST `body`; on a 4xx (already exists) find the row with `lookup` instead."""
    try:
        return dict(resource.create(body))
    except BadRequest:
        found = resource.list(**lookup).first_page()
        if not found:
            raise
        return dict(found[0])


FLOWS = (
    Flow("setup_conf_schema", "Publish the adapter's channel conf fields to the Omnitron channel schema.",
         publish_conf_schema, NIGHTLY, "update_channel_conf_schema"),
    Flow("setup_category_tree", "Create or update the channel category tree and nodes from the marketplace.",
         sync_category_tree, WEEKLY, "create_or_update_category_tree_and_nodes"),
    Flow("setup_category_attributes",
         "Create or update attribute sets, attributes and values of every mapped category.",
         sync_category_attributes, WEEKLY_AFTER_TREE, "create_or_update_category_attributes"),
    Flow("setup_attributes", "Create or update channel-level marketplace attributes and values.",
         sync_channel_attributes, WEEKLY_AFTER_TREE, "create_or_update_attributes"),
)
