"""Setup flows build Omnitron's copy of the marketplace's categories and attributes."""
from __future__ import annotations

import pytest


pytestmark = pytest.mark.timeout(120)


def remote_ids(channel, model: str) -> dict[str, int]:
    return {ia["remote_id"]: ia["object_id"] for ia in channel.ias(model)}


def test_category_tree_mirrors_every_trendyol_category(channel):
    result = channel.run("setup_category_tree")

    nodes = {node["pk"]: node for node in channel.omnitron.table("category_nodes")}
    linked = remote_ids(channel, "categorynode")
    assert result["failed"] == 0 and len(linked) == result["fetched"] > 0
    assert nodes[linked["411"]]["name"] == "Tişört"
    assert nodes[nodes[linked["411"]]["parent"]]["name"] == "Üst Giyim"
    again = channel.run("setup_category_tree")
    assert again["sent"] == 0 and len(remote_ids(channel, "categorynode")) == len(linked)


def test_category_attributes_create_sets_attributes_and_values(channel):
    channel.run("setup_category_tree")

    result = channel.run("setup_category_attributes")

    assert result["failed"] == 0 and result["fetched"] > 0
    attributes = remote_ids(channel, "marketplaceattribute")
    assert {"293", "47"} <= set(attributes)
    names = {row["pk"]: row["name"] for row in channel.omnitron.table("attributes")}
    assert names[attributes["293"]] == "Beden" and names[attributes["47"]] == "Renk"
    values = remote_ids(channel, "marketplaceattributevalue")
    value_rows = {row["pk"]: row for row in channel.omnitron.table("attribute_values")}
    assert value_rows[values["4601"]]["label"] == "S" and value_rows[values["4601"]]["attribute"] == attributes["293"]
    sets = {row["remote_id"]: row for row in channel.omnitron.table("attribute_sets")}
    configs = [row for row in channel.omnitron.table("attribute_configs")
               if row["attribute_set"] == sets["411"]["pk"] and row["attribute"] == attributes["293"]]
    assert len(configs) == 1 and configs[0]["attribute_remote_id"] == "293" and configs[0]["is_required"]
    before = channel.omnitron.counts()["endpoints"]
    channel.run("setup_category_attributes")
    writes = {k: v - before.get(k, 0) for k, v in channel.omnitron.counts()["endpoints"].items()
              if not k.startswith("GET ")}
    assert not any(writes.values())  # a re-run only reads


def test_conf_schema_publishes_the_adapter_fields(channel):
    result = channel.run("setup_conf_schema")

    schema = channel.client.channels.get()["schema"]
    assert result["succeeded"] == len(schema) > 0
    assert schema["api_secret"]["required"] is True and schema["seller_id"]["data_type"] == "integer"
