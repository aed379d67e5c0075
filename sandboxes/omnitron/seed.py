"""Initial state: one channel and catalog, price/stock lists, a category tree, attributes,
geography, cargo companies, and N sellable products (simple ones and variant families).

Seeding is deterministic (a fixed random seed per product pk), so a reset gives the same data.
"""
from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from typing import Any

from sandboxes.omnitron.store import Store

CONTENT_TYPE_MODELS = [
    ("products", "product"), ("prices", "productprice"), ("stocks", "productstock"),
    ("products", "productimage"), ("channels", "channel"), ("channels", "batchrequest"),
    ("channels", "integrationaction"), ("channels", "errorreport"), ("orders", "order"),
    ("orders", "orderitem"), ("orders", "cancellationrequest"), ("categories", "categorytree"),
    ("categories", "categorynode"), ("channels", "marketplaceattributeset"),
    ("channels", "marketplaceattributesetconfig"), ("channels", "marketplaceattribute"),
    ("channels", "marketplaceattributeschema"), ("channels", "marketplaceattributevalue"),
    ("channels", "marketplaceattributevalueconfig"), ("customers", "customer"), ("addresses", "address"),
]
COLORS = [("Kırmızı", "001"), ("Mavi", "002"), ("Siyah", "003"), ("Beyaz", "004"), ("Yeşil", "005")]
SIZES = ["S", "M", "L", "XL"]
LEAF_CATEGORIES = ["Tişört", "Pantolon", "Spor Ayakkabı", "Çanta"]


@dataclass(frozen=True)
class SeedConfig:
    """What `python -m sandboxes.omnitron` was started with; a reset re-applies it."""

    products: int = 0
    trendyol_url: str = "http://127.0.0.1:8102"
    token_ttl: float = 3600.0
    username: str = "admin"
    password: str = "admin"
    filters: str = "evidenced"  # which filter set the lists declare (filtersets.py)
    hepsiburada_url: str = ""  # set: channel 2 is a Hepsiburada store (second_channel.py)


def seed_base(store: Store, config: SeedConfig) -> None:
    store.users = {config.username: config.password}
    for app_label, model in CONTENT_TYPE_MODELS:
        store.create("content_types", {"app_label": app_label, "model": model, "name": model})
    store.create("price_lists", {"name": "Default TRY", "code": "default", "currency": "try", "is_active": True})
    store.create("price_lists", {"name": "Euro", "code": "eur", "currency": "eur", "is_active": True})
    store.create("stock_lists", {"name": "Main warehouse", "code": "main", "is_active": True})
    store.create("stock_lists", {"name": "Store stock", "code": "store", "is_active": True})
    store.create("catalogs", {"name": "Sandbox catalog", "price_list": 1, "stock_list": 1,
                              "extra_price_lists": [2], "extra_stock_lists": [2]})
    tree = seed_category_tree(store, "Sandbox categories")
    store.create("channels", {
        "name": "Trendyol (sandbox)", "channel_type": "sales_channel", "is_active": True,
        "catalog": 1, "category_tree": tree["pk"], "schema": {}, "conf": channel_conf(config),
    })
    seed_attributes(store)
    seed_geography(store)
    for name, code in [("Yurtiçi Kargo", "yurtici"), ("Aras Kargo", "aras"), ("MNG Kargo", "mng")]:
        store.create("cargos", {"name": name, "erp_code": f"{code}-kargo", "shipping_company": code})
    for name in ["Customer request", "Out of stock", "Wrong product", "Damaged"]:
        store.create("cancellation_reasons", {"reason": name, "is_active": True, "extra_information_needed": False})
    store.create("retail_stores", {"name": "Kadıköy Store", "erp_code": "STORE-001", "is_active": True})
    if config.hepsiburada_url:
        from sandboxes.omnitron.second_channel import seed_hepsiburada_channel

        seed_hepsiburada_channel(store, config.hepsiburada_url, COLORS, SIZES)


def channel_conf(config: SeedConfig) -> dict[str, Any]:
    """The channel settings a Trendyol adapter reads, pointing at the Trendyol sandbox.

    Ready to sync out of the box (the `make run` demo): brand 1791 is "Acme" in the Trendyol
    sandbox catalog, and images are served from an https host as Trendyol requires.
    """
    return {
        "base_url": config.trendyol_url, "api_key": "sandbox-key", "api_secret": "sandbox-secret",
        "seller_id": "1000", "remote_id_attribute": "sku", "send_shipping_info": False,
        "brand_id": "1791", "image_base_url": "https://cdn.example.com/",
        "reason_mapping": {}, "cancellation_reason_id": 1,
        "CURRENCY_MAPPINGS": {"2": "EUR"}, "WAREHOUSE_CODES": {"1": "MAIN", "2": "STORE"},
    }


def seed_category_tree(store: Store, name: str) -> dict[str, Any]:
    """A tree: root / {Giyim / {Tişört, Pantolon}, Ayakkabı & Çanta / {Spor Ayakkabı, Çanta}}."""
    tree = store.create("category_trees", {"name": name, "category_root": None})
    root = add_node(store, tree["pk"], None, "Root")
    store.table("category_trees").update(tree["pk"], {"category_root": root["pk"]})
    clothes = add_node(store, tree["pk"], root, "Giyim")
    other = add_node(store, tree["pk"], root, "Ayakkabı & Çanta")
    for parent, leaf in [(clothes, "Tişört"), (clothes, "Pantolon"), (other, "Spor Ayakkabı"), (other, "Çanta")]:
        add_node(store, tree["pk"], parent, leaf)
    return tree


def add_node(store: Store, tree: int, parent: dict[str, Any] | None, name: str) -> dict[str, Any]:
    """Materialised path: each level adds four digits to the parent's `path`."""
    nodes = store.table("category_nodes")
    if parent is None:
        path, depth = f"{tree:04d}", 1
    else:
        parent = nodes.update(parent["pk"], {"numchild": parent["numchild"] + 1})
        path, depth = parent["path"] + f"{parent['numchild']:04d}", parent["depth"] + 1
    return store.create("category_nodes", {
        "name": name, "tree": tree, "parent": parent["pk"] if parent else None, "path": path, "depth": depth,
        "numchild": 0, "order": 1, "sort_option": None, "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, path)),
    })


def seed_attributes(store: Store) -> None:
    """Attribute set 1 ("Giyim") with Renk (required) and Beden (variant), mapped from product attributes."""
    store.create("attribute_sets", {"channel": 1, "name": "Giyim", "remote_id": "411"})
    color = store.create("attributes", {"channel": 1, "name": "Renk", "_source": "renk"})
    size = store.create("attributes", {"channel": 1, "name": "Beden", "_source": "boyut"})
    # Remote ids are the Trendyol sandbox catalog's: 47 = Renk, 293 = Beden.
    for attribute, remote, required, variant in [(color, "47", True, False), (size, "293", False, True)]:
        store.create("attribute_configs", {
            "attribute": attribute["pk"], "attribute_set": 1, "attribute_remote_id": remote, "is_required": required,
            "is_variant": variant, "is_custom": False, "is_meta": False, "is_image_attribute": False,
        })
    for label, code in COLORS:
        store.create("attribute_values", {"attribute": color["pk"], "channel": 1, "label": label, "value": code})
    for label in SIZES:
        store.create("attribute_values", {"attribute": size["pk"], "channel": 1, "label": label, "value": label})


def seed_geography(store: Store) -> None:
    country = store.create("countries", {"name": "Türkiye", "code": "tr", "is_active": True,
                                         "mapping": [{"code": "1_TR", "integration_type": "sales_channel"}]})
    for city_name, townships in [("İstanbul", {"Kadıköy": ["Moda", "Caferağa"], "Beşiktaş": ["Levent"]}),
                                 ("Ankara", {"Çankaya": ["Kızılay"]}), ("İzmir", {"Konak": ["Alsancak"]})]:
        city = store.create("cities", {"name": city_name, "country": country["pk"], "is_active": True,
                                       "mapping": [{"code": f"1_{city_name}", "integration_type": "sales_channel"}]})
        for township_name, districts in townships.items():
            township = store.create("townships", {"name": township_name, "country": country["pk"],
                                                  "city": city["pk"], "is_active": True, "mapping": []})
            for district in districts:
                store.create("districts", {"name": district, "country": country["pk"], "city": city["pk"],
                                           "township": township["pk"], "is_active": True, "mapping": []})


def seed_products(store: Store, count: int) -> list[int]:
    """Add `count` sellable products; every fourth family is a meta product with three variants."""
    created: list[int] = []
    family = len(store.table("products"))
    while len(created) < count:
        family += 1
        rng = random.Random(family)
        if family % 4 == 0 and count - len(created) >= 3:
            meta = add_product(store, rng, family, product_type="1", parent=None, size=None)
            for size in SIZES[:3]:
                created.append(add_product(store, rng, family, product_type="0", parent=meta["pk"], size=size)["pk"])
        else:
            created.append(add_product(store, rng, family, product_type="0", parent=None, size=rng.choice(SIZES))["pk"])
    return created


def add_product(store: Store, rng: random.Random, family: int, *, product_type: str, parent: int | None,
                size: str | None) -> dict[str, Any]:
    color, color_code = COLORS[family % len(COLORS)]
    base_code = f"BC{family:06d}"
    sku = f"{base_code}-{size}" if size else base_code
    attributes: dict[str, Any] = {"renk": color_code, "renk_adi": color}
    if size:
        attributes.update(boyut=size, barcode=f"869{family:07d}{SIZES.index(size):03d}")
    product = store.create("products", {
        "name": f"Ürün {family} {color}", "base_code": base_code, "sku": sku, "product_type": product_type,
        "is_active": True, "parent": parent, "listing_code": base_code, "attributes": attributes,
        "attribute_set": 1, "productization_date": store.now(), "description": f"Sandbox product {sku}",
    })
    if product_type != "0":
        return product
    pk = product["pk"]
    price = rng.randint(5000, 90000) / 100
    store.create("prices", {"product": pk, "price": f"{price:.2f}", "price_list": 1, "currency_type": "try",
                            "tax_rate": "20.00", "retail_price": f"{price * 1.2:.2f}", "extra_field": {},
                            "discount_percentage": "0.00", "price_type": "default"})
    store.create("prices", {"product": pk, "price": f"{price / 35:.2f}", "price_list": 2, "currency_type": "eur",
                            "tax_rate": "20.00", "retail_price": None, "extra_field": {},
                            "discount_percentage": "0.00", "price_type": "default"})
    for stock_list in (1, 2):
        store.create("stocks", {"product": pk, "stock": rng.randint(0, 50), "stock_list": stock_list,
                                "unit_type": "qty", "extra_field": {}, "sold_quantity_unreported": 0})
    for order in range(1 + family % 2):
        store.create("images", {"product": pk, "image": f"/media/products/{base_code}/{sku}-{order}.jpg",
                                "order": order, "source": None, "height": 1200, "width": 900, "hash": None,
                                "status": "active", "is_active": True})
    leaves = [n for n in store.table("category_nodes").rows.values() if n["name"] in LEAF_CATEGORIES and n["tree"] == 1]
    if leaves:
        store.create("product_categories", {"product": pk, "category": leaves[family % len(leaves)]["pk"]})
    return product
