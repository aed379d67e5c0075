"""Channel 2, a Hepsiburada store selling the same catalog as channel 1 (seeded when the sandbox is
started with `--hepsiburada-url`): its own category tree, attribute set and attribute mappings, with
the Hepsiburada sandbox's ids (sandboxes/hepsiburada/data.py): set "Giyim" -> category 60001546
(Tişört), Renk -> `renk_variant_property`, Beden -> `beden_variant_property`. Values keep the
colour and size labels, which are Hepsiburada's value texts.
"""
from __future__ import annotations

from typing import Any

from sandboxes.omnitron.store import Store

HEPSIBURADA_CHANNEL = 2
MERCHANT_ID = "6fc6d90d-ee1d-4372-b3a6-264b1275e9ff"


def hepsiburada_conf(url: str) -> dict[str, Any]:
    """A ready conf for the Hepsiburada sandbox's SIT hosts (the `make run` demo and tests)."""
    return {
        "merchant_id": MERCHANT_ID, "service_key": "SitKey123456", "integrator_user": "sandbox_dev",
        "environment": "sit", "base_url": url, "brand": "Acme", "brand_id": "Acme",
        "remote_id_attribute": "sku", "image_base_url": "https://cdn.example.com/",
        "reason_mapping": {}, "cancellation_reason_id": 1,
    }


def seed_hepsiburada_channel(store: Store, url: str, colors: list[tuple[str, str]], sizes: list[str]) -> None:
    from sandboxes.omnitron.seed import seed_category_tree

    tree = seed_category_tree(store, "Hepsiburada categories")
    channel = store.create("channels", {
        "name": "Hepsiburada (sandbox)", "channel_type": "sales_channel", "is_active": True,
        "catalog": 1, "category_tree": tree["pk"], "schema": {}, "conf": hepsiburada_conf(url),
    })
    assert channel["pk"] == HEPSIBURADA_CHANNEL, "seed channel 1 first"
    attribute_set = store.create("attribute_sets", {"channel": HEPSIBURADA_CHANNEL, "name": "Giyim", "remote_id": "60001546"})
    color = store.create("attributes", {"channel": HEPSIBURADA_CHANNEL, "name": "Renk", "_source": "renk"})
    size = store.create("attributes", {"channel": HEPSIBURADA_CHANNEL, "name": "Beden", "_source": "boyut"})
    for attribute, remote, required, variant in [(color, "renk_variant_property", True, True),
                                                 (size, "beden_variant_property", False, True)]:
        store.create("attribute_configs", {
            "attribute": attribute["pk"], "attribute_set": attribute_set["pk"], "attribute_remote_id": remote,
            "is_required": required, "is_variant": variant, "is_custom": False, "is_meta": False,
            "is_image_attribute": False,
        })
    for label, code in colors:
        store.create("attribute_values", {"attribute": color["pk"], "channel": HEPSIBURADA_CHANNEL, "label": label,
                                          "value": code})
    for label in sizes:
        store.create("attribute_values", {"attribute": size["pk"], "channel": HEPSIBURADA_CHANNEL, "label": label,
                                          "value": label})
