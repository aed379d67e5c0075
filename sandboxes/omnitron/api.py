"""The `/api/v1/` routes: auth, channel and catalog, products and their satellites, batch
requests and integration actions, categories and attributes. Orders are in `orders.py`.
"""
from __future__ import annotations

import secrets
import time
import uuid
from collections.abc import Callable
from typing import Any

from sandboxes.omnitron import events, orders
from sandboxes.omnitron.resources import Collection, coerce_ids, public
from sandboxes.omnitron.routing import ApiError, Call, Result, Router, not_found
from sandboxes.omnitron.seed import add_node
from sandboxes.omnitron.store import Store
from sandboxes.omnitron.tracking import TransitionRefused, Tracker

IA_ALIASES = {"channel_id": "channel", "content_type_name": "content_type__model"}


# -- serializers ----------------------------------------------------------------------------

def show_product(store: Store, row: dict[str, Any]) -> dict[str, Any]:
    images = store.table("images")
    pks = sorted(images.lookup("product", [str(row["pk"])]))
    image_set = [{"pk": pk, "status": images.rows[pk]["status"], "image": images.rows[pk]["image"],
                  "order": images.rows[pk]["order"]} for pk in pks]
    return {**public(store, row), "productimage_set": image_set}


def show_node(store: Store, pk: Any) -> dict[str, Any] | None:
    node = store.table("category_nodes").get(pk)
    return public(store, node) if node else None


def show_product_category(store: Store, row: dict[str, Any]) -> dict[str, Any]:
    return {**public(store, row), "category": show_node(store, row["category"])}


def show_tree(store: Store, row: dict[str, Any]) -> dict[str, Any]:
    return {**public(store, row), "category_root": show_node(store, row["category_root"])}


def show_attribute_config(store: Store, row: dict[str, Any]) -> dict[str, Any]:
    attribute = store.table("attributes").get(row["attribute"]) or {}
    attribute_set = store.table("attribute_sets").get(row["attribute_set"]) or {}
    return {**public(store, row), "attribute": public(store, attribute), "attribute_set": public(store, attribute_set)}


# -- collections ----------------------------------------------------------------------------

PRODUCTS = Collection("products", "products", "LR", serialize=show_product, channel_field=False)
PRICES = Collection("product_prices", "prices", "", channel_field=False)
STOCKS = Collection("product_stocks", "stocks", "", channel_field=False)
EXTRA_PRICES = Collection("extra_product_prices", "prices", "", channel_field=False)
EXTRA_STOCKS = Collection("extra_product_stocks", "stocks", "", channel_field=False)
IMAGES = Collection("product_images", "images", "LR", channel_field=False)
PRODUCT_CATEGORIES = Collection("product_categories", "product_categories", "L", channel_field=False)
TREES = Collection("category_trees", "category_trees", "LR", serialize=show_tree, required=("name",))
NODES = Collection("category_nodes", "category_nodes", "LRU", unique=("parent", "name"), channel_field=False)
ATTRIBUTE_CONFIGS = Collection(
    "attribute_configs", "attribute_configs", "LCRU", unique=("attribute_set", "attribute"),
    required=("attribute", "attribute_set"), channel_field=False,
    defaults={"attribute_remote_id": None, "is_required": False, "is_variant": False, "is_custom": False,
              "is_meta": False, "is_image_attribute": False},
)
BATCHES = Collection("batch_requests", "batch_requests", "LR")
IAS = Collection("integration_actions", "integration_actions", "LRD", aliases=IA_ALIASES)

SIMPLE = [
    Collection("price_lists", "price_lists", "LR", channel_field=False),
    Collection("stock_lists", "stock_lists", "LR", channel_field=False),
    Collection("attribute_sets", "attribute_sets", "LCRU", required=("name",), unique=("channel", "name"),
               defaults={"remote_id": None}),
    Collection("attribute_set_configs", "attribute_set_configs", "LC", channel_field=False,
               aliases={"content_type__model": "content_type"}, required=("attribute_set", "object_id")),
    Collection("attributes", "attributes", "LCRU", required=("name",), unique=("channel", "name")),
    Collection("attribute_schemas", "attribute_schemas", "LC", required=("name",), unique=("name",),
               defaults={"schema": {}}),
    Collection("attribute_values", "attribute_values", "LCRU", required=("attribute", "value"),
               unique=("attribute", "value"), defaults={"label": ""}),
    Collection("attribute_value_configs", "attribute_value_configs", "LC", channel_field=False,
               unique=("attribute_set", "attribute_value")),
    Collection("error_reports", "error_reports", "LC", channel_field=False),
    Collection("countries", "countries", "LR", channel_field=False),
    Collection("cities", "cities", "LR", channel_field=False),
    Collection("townships", "townships", "LR", channel_field=False),
    Collection("districts", "districts", "LR", channel_field=False),
    Collection("retail_stores", "retail_stores", "LR", channel_field=False),
    Collection("cargos", "cargos", "LR", channel_field=False),
    Collection("cancellation_reasons", "cancellation_reasons", "LR", channel_field=False),
    PRODUCTS, PRICES, STOCKS, EXTRA_PRICES, EXTRA_STOCKS, IMAGES, PRODUCT_CATEGORIES, TREES, NODES,
    ATTRIBUTE_CONFIGS, BATCHES, IAS,
]


# -- auth, channel, catalog ----------------------------------------------------------------

def login(call: Call) -> Result:
    body = call.json()
    username, password = body.get("username"), body.get("password")
    if not username or not password or call.store.users.get(username) != password:
        raise ApiError(400, {"non_field_errors": ["Unable to log in with provided credentials."]})
    token = secrets.token_hex(20)
    call.store.tokens[token] = time.monotonic() + call.store.settings["token_ttl"]
    return {"key": token}, 200


def active_user(call: Call) -> Result:
    return {"username": next(iter(call.store.users)), "is_active": True}, 200


def channel_row(call: Call) -> dict[str, Any]:
    row = call.store.table("channels").get(call.captures["ch"])
    if row is None:
        raise not_found()
    return row


def get_channel(call: Call) -> Result:
    return public(call.store, channel_row(call)), 200


def patch_channel(call: Call) -> Result:
    row = channel_row(call)
    changes = {k: v for k, v in coerce_ids(call.json()).items() if k in row and k not in ("pk", "id")}
    if isinstance(changes.get("category_tree"), str) and changes["category_tree"].isdigit():
        changes["category_tree"] = int(changes["category_tree"])
    return public(call.store, call.store.touch("channels", row["pk"], changes)), 200


def get_catalog(call: Call) -> Result:
    row = call.store.table("catalogs").get(call.captures["cat"])
    if row is None:
        raise not_found()
    return public(call.store, row), 200


def content_types(call: Call) -> Result:
    coll = Collection("content_types", "content_types", channel_field=False)
    call.captures.setdefault("ch", "0")
    return coll.page(call, coll.select(call)), 200


# -- products and their satellites ---------------------------------------------------------

def catalog_of(call: Call) -> dict[str, Any]:
    channel = channel_row(call)
    return call.store.table("catalogs").rows[channel["catalog"]]


Scope = Callable[[Call], "set[int] | Callable[[dict[str, Any]], bool]"]


def changes_handler(coll: Collection, model: str, kind: str, scope: Scope | None = None) -> Any:
    """inserts/, updates/ or inserts_or_updates/ for `model`: the pending objects the store keeps
    current (`listings.py`), narrowed by the scope (a set of pks, or a test per row)."""

    def handler(call: Call) -> Result:
        pending = call.store.derived.pending(model, kind, call.ch)
        limit = scope(call) if scope else None
        if callable(limit):
            return coll.page(call, coll.select(call, scope=pending, predicate=limit)), 200
        return coll.page(call, coll.select(call, scope=pending if limit is None else pending & limit)), 200

    return handler


def main_list(table: str, field: str) -> Scope:
    """Rows of the catalog's main price or stock list."""
    def scope(call: Call) -> set[int]:
        return call.store.table(table).lookup(field, [str(catalog_of(call)[field])])
    return scope


def extra_list(table: str, field: str, catalog_field: str) -> Scope:
    """Rows of the catalog's extra price or stock lists."""
    def scope(call: Call) -> set[int]:
        return call.store.table(table).lookup(field, [str(list_id) for list_id in catalog_of(call)[catalog_field]])
    return scope


def images_of_sent_products(call: Call) -> Callable[[dict[str, Any]], bool]:
    tracker = Tracker(call.store)
    return lambda row: tracker.is_synced("product", row["product"], call.ch)


def list_scoped(coll: Collection, scope: Scope) -> Any:
    def handler(call: Call) -> Result:
        limit = scope(call)
        if callable(limit):
            return coll.page(call, coll.select(call, predicate=limit)), 200
        return coll.page(call, coll.select(call, scope=limit)), 200
    return handler


def mapped_product(call: Call) -> Result:
    """The product through the channel's attribute configs; 406 when a required one is missing."""
    store = call.store
    product = PRODUCTS.row(call)
    attribute_set = channel_attribute_set(call, store.table("attribute_sets").get(product.get("attribute_set")) or {})
    mapped, values = {}, {}
    for config in store.table("attribute_configs").rows.values():
        if config["attribute_set"] != attribute_set.get("pk"):
            continue
        attribute = store.table("attributes").rows[config["attribute"]]
        raw = product["attributes"].get(attribute.get("_source", attribute["name"]))
        if raw is None:
            if config["is_required"]:
                raise ApiError(406, {"error": f"Missing attribute: {attribute['name']}"})
            continue
        value = next((v for v in store.table("attribute_values").rows.values()
                      if v["attribute"] == attribute["pk"] and v["value"] == str(raw)), None)
        label = value["label"] if value else str(raw)
        mapped[attribute["name"]] = label
        values[str(attribute["pk"])] = {
            "attribute_name": attribute["name"], "label": label, "value": str(raw),
            "attribute_remote_id": config["attribute_remote_id"], "is_required": config["is_required"],
            "is_variant": config["is_variant"], "is_custom": config["is_custom"], "is_meta": config["is_meta"],
        }
    return {"pk": product["pk"], "mapped_attributes": mapped, "attribute_set_id": attribute_set.get("pk"),
            "attribute_set_name": attribute_set.get("name"), "attribute_set_remote_id": attribute_set.get("remote_id"),
            "mapped_attribute_values": values}, 200


def channel_attribute_set(call: Call, attribute_set: dict[str, Any]) -> dict[str, Any]:
    """The product's attribute set as this channel maps it: attribute sets belong to a channel,
    so another channel's set of the same name stands for it there."""
    if attribute_set.get("channel", call.ch) == call.ch:
        return attribute_set
    return next((row for row in call.store.table("attribute_sets").rows.values()
                 if row.get("channel") == call.ch and row.get("name") == attribute_set.get("name")), {})


def product_categories_detailed(call: Call) -> Result:
    coll = PRODUCT_CATEGORIES
    return coll.page(call, coll.select(call), show_product_category), 200


def attribute_configs_detailed(call: Call) -> Result:
    coll = ATTRIBUTE_CONFIGS
    return coll.page(call, coll.select(call), show_attribute_config), 200


# -- categories ----------------------------------------------------------------------------

def create_tree(call: Call) -> Result:
    body = call.json()
    if not body.get("name"):
        raise ApiError(400, {"name": ["This field is required."]})
    tree = call.store.create("category_trees", {"name": body["name"], "category_root": None, "channel": call.ch})
    root = add_node(call.store, tree["pk"], None, "Root")
    tree = call.store.table("category_trees").update(tree["pk"], {"category_root": root["pk"]})
    return show_tree(call.store, tree), 201


def create_node(call: Call) -> Result:
    body = coerce_ids(call.json())
    parent = call.store.table("category_nodes").get(body.get("node"))
    if not body.get("name") or parent is None:
        raise ApiError(400, {"node": ["A valid parent node and a name are required."]})
    NODES.check_unique(call.store, {"parent": parent["pk"], "name": body["name"]})
    node = add_node(call.store, parent["tree"], parent, body["name"])
    return public(call.store, node), 201


def node_detailed(call: Call) -> Result:
    node = NODES.row(call)
    children = [public(call.store, n) for n in call.store.table("category_nodes").rows.values()
                if n["parent"] == node["pk"]]
    return {**public(call.store, node), "children": children}, 200


# -- batch requests and integration actions ------------------------------------------------

def create_batch(call: Call) -> Result:
    row = call.store.create("batch_requests", {
        "channel": call.ch, "local_batch_id": str(uuid.uuid4()), "remote_batch_id": None, "content_type": None,
        "status": "initialized", "objects": None, "log_file": None,
    })
    return public(call.store, row), 201


def patch_batch(call: Call) -> Result:
    batch = BATCHES.row(call)
    body = call.json()
    try:
        if body.get("status"):
            batch = Tracker(call.store).transition(batch, body["status"], body)
        elif body.get("remote_batch_id") is not None:
            batch = call.store.touch("batch_requests", batch["pk"], {"remote_batch_id": body["remote_batch_id"]})
    except TransitionRefused as exc:
        raise ApiError(406, exc.body) from None
    return public(call.store, batch), 200


def content_type_model(store: Store, value: Any) -> str | None:
    """Accept a content type as id, numeric string, model name or dict."""
    if isinstance(value, dict):
        value = value.get("id") or value.get("model")
    row = store.table("content_types").get(value)
    if row:
        return str(row["model"])
    if isinstance(value, str) and any(r["model"] == value for r in store.table("content_types").rows.values()):
        return value
    return None


def create_ia(call: Call) -> Result:
    body = call.json()
    model = content_type_model(call.store, body.get("content_type_id", body.get("content_type")))
    object_id = str(body.get("object_id", ""))
    if model is None or not object_id.isdigit():
        raise ApiError(400, {"content_type": ["A valid content type and an integer object_id are required."]})
    tracker = Tracker(call.store)
    remote_id = body.get("remote_id")
    ia = tracker.create_ia(call.ch, model, int(object_id), remote_id=remote_id, version_date=body.get("version_date"),
                           state=body.get("state") or {}, status="success" if remote_id is not None else None,
                           _synced=remote_id is not None)
    return public(call.store, ia), 201


def patch_ia(call: Call) -> Result:
    ia = IAS.row(call)
    body = call.json()
    changes: dict[str, Any] = {
        k: body[k] for k in ("remote_id", "version_date", "state", "status", "local_batch_id") if k in body}
    if "content_type_id" in body and content_type_model(call.store, body["content_type_id"]):
        changes["content_type"] = Tracker(call.store).content_type(content_type_model(call.store, body["content_type_id"]) or "")
    if changes.get("remote_id") is not None:
        changes["_synced"] = True
    return public(call.store, call.store.touch("integration_actions", ia["pk"], changes)), 200


def deleted_ias(call: Call) -> Result:
    """IAs whose object is gone from the channel's catalog (deleted or removed)."""
    model = call.args.get("model", "product")
    table = {"product": "products", "productprice": "prices", "productstock": "stocks",
             "productimage": "images"}.get(model, "products")
    rows = call.store.table(table).rows
    tracker = Tracker(call.store)

    def gone(ia: dict[str, Any]) -> bool:
        return ia["content_type"]["model"] == model and ia["object_id"] not in rows and not tracker.locked(ia)

    call.args = call.args.copy()
    call.args.poplist("model")
    return IAS.page(call, IAS.select(call, predicate=gone)), 200


def error_report_kind(call: Call) -> Result:
    row = call.store.create("error_reports", {**call.json(), "type": call.captures["kind"], "channel": call.ch})
    return public(call.store, row), 201


# -- wiring --------------------------------------------------------------------------------

def build_router() -> Router:
    router = Router()
    router.add("POST", "auth/login/", login)
    router.add("GET", "active_user/", active_user)
    router.add("GET", "channels/{ch}/", get_channel)
    router.add("PATCH", "channels/{ch}/", patch_channel)
    router.add("GET", "catalogs/{cat}/", get_catalog)
    router.add("GET", "content_types/", content_types)
    for coll in SIMPLE:
        coll.register(router)
    for kind in ("inserts", "updates"):
        router.add("GET", f"channel/{{ch}}/products/{kind}/", changes_handler(PRODUCTS, "product", kind))
        router.add("GET", f"channel/{{ch}}/product_prices/{kind}/",
                   changes_handler(PRICES, "productprice", kind, main_list("prices", "price_list")))
        router.add("GET", f"channel/{{ch}}/product_stocks/{kind}/",
                   changes_handler(STOCKS, "productstock", kind, main_list("stocks", "stock_list")))
        router.add("GET", f"channel/{{ch}}/extra_product_prices/{kind}/",
                   changes_handler(EXTRA_PRICES, "productprice", kind,
                                   extra_list("prices", "price_list", "extra_price_lists")))
        router.add("GET", f"channel/{{ch}}/extra_product_stocks/{kind}/",
                   changes_handler(EXTRA_STOCKS, "productstock", kind,
                                   extra_list("stocks", "stock_list", "extra_stock_lists")))
        router.add("GET", f"channel/{{ch}}/product_images/{kind}/",
                   changes_handler(IMAGES, "productimage", kind, images_of_sent_products))
    router.add("GET", "channel/{ch}/products/inserts_or_updates/",
               changes_handler(PRODUCTS, "product", "inserts_or_updates"))
    # Plain lists of prices/stocks are scoped to the catalog's main or extra lists.
    router.add("GET", PRICES.template, list_scoped(PRICES, main_list("prices", "price_list")))
    router.add("GET", STOCKS.template, list_scoped(STOCKS, main_list("stocks", "stock_list")))
    router.add("GET", EXTRA_PRICES.template, list_scoped(EXTRA_PRICES, extra_list("prices", "price_list", "extra_price_lists")))
    router.add("GET", EXTRA_STOCKS.template, list_scoped(EXTRA_STOCKS, extra_list("stocks", "stock_list", "extra_stock_lists")))
    router.add("GET", "channel/{ch}/mapped_products/{pk}/", mapped_product)
    router.add("GET", "channel/{ch}/product_categories/detailed/", product_categories_detailed)
    router.add("GET", "channel/{ch}/attribute_configs/detailed/", attribute_configs_detailed)
    router.add("POST", "channel/{ch}/category_trees/", create_tree)
    router.add("POST", "channel/{ch}/category_nodes/", create_node)
    router.add("GET", "channel/{ch}/category_nodes/{pk}/detailed/", node_detailed)
    router.add("POST", "channel/{ch}/batch_requests/", create_batch)
    router.add("PATCH", "channel/{ch}/batch_requests/{pk}/", patch_batch)
    router.add("POST", "channel/{ch}/integration_actions/", create_ia)
    router.add("PATCH", "channel/{ch}/integration_actions/{pk}/", patch_ia)
    router.add("GET", "channel/{ch}/integration_actions/deleted/", deleted_ias)
    router.add("POST", "channel/{ch}/error_reports/{kind}/", error_report_kind)
    orders.register(router)
    events.register(router)
    return router
