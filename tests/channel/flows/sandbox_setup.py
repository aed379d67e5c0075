"""Wire the two sandboxes into one channel, as an operator would (used by tests and bench/).

The Omnitron sandbox seeds a channel whose conf lacks what the Trendyol sandbox needs (its
URL, a brand, an https image host) and maps "Beden" to a remote id the Trendyol catalog does
not have; `configure_channel` fixes both through Omnitron's own API.
"""
from __future__ import annotations

from typing import Any

from omnitron.client import OmnitronClient

CHANNEL_ID = 1
BRAND_ID = "1791"  # "Acme" in the Trendyol sandbox catalog
IMAGE_BASE = "https://cdn.example.com/"
# The Trendyol sandbox's id for what the Omnitron sandbox seeds as "Beden" (size).
SIZE_ATTRIBUTE_REMOTE_ID = "293"


def configure_channel(client: OmnitronClient, trendyol_conf: dict[str, Any]) -> None:
    """Aim the channel at the Trendyol sandbox and complete the mapping the seed leaves open."""
    conf = {**client.channels.get()["conf"], **trendyol_conf, "brand_id": BRAND_ID, "image_base_url": IMAGE_BASE}
    client.channels.update({"conf": conf})
    for config in client.attribute_configs.list():
        attribute = client.attributes.get(config["attribute"])
        if attribute["name"] == "Beden" and config.get("attribute_remote_id") != SIZE_ATTRIBUTE_REMOTE_ID:
            client.attribute_configs.update(config["pk"], {"attribute_remote_id": SIZE_ATTRIBUTE_REMOTE_ID})


def admin_client(url: str, cache: Any) -> OmnitronClient:
    return OmnitronClient(url, "admin", "admin", channel_id=CHANNEL_ID, catalog_id=1, cache=cache, page_size=1000)


