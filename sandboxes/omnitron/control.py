"""`/_sandbox/...`: test controls that are not part of Omnitron's dialect.

    GET    /_sandbox/health                  -> {"ok": true, "products": n, "filters": "evidenced"}
    POST   /_sandbox/reset   {"products": n}  back to the startup state (or n products)
    POST   /_sandbox/seed    {"products": n}  add n products with prices, stocks, images, categories
    POST   /_sandbox/products/<pk> {...}      change fields (merges `attributes`); bumps modified_date
    DELETE /_sandbox/products/<pk>            remove from the catalog (its IA shows in deleted/)
    POST   /_sandbox/cancellation_requests/<pk> {"status"}   an operator decides a request
    POST   /_sandbox/prices  {"product", "price", "price_list"?}   change a price
    POST   /_sandbox/stocks  {"product", "stock", "stock_list"?}   change a stock
    GET    /_sandbox/requests                 the last 1,000 API requests (endpoint, path, query, raw body)
    GET    /_sandbox/counts                   -> {"total": n, "endpoints": {"GET channel/{ch}/products/": n}}
    DELETE /_sandbox/counts                   reset the counters
    POST   /_sandbox/faults  {"endpoint", "status", "rate", "times", "retry_after", "latency", "body"}
    GET / DELETE /_sandbox/faults
    POST   /_sandbox/tokens/expire            every issued token becomes stale (next call gets 401)
    POST   /_sandbox/settings {"token_ttl", "max_failures", "max_limit"}
    GET    /_sandbox/tables/<name>            raw rows (bookkeeping fields included), for assertions
    GET    /_sandbox/routes                   every "METHOD template" the sandbox answers
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import Blueprint, Response, request

from sandboxes.omnitron.seed import seed_products

if TYPE_CHECKING:
    from sandboxes.omnitron.app import Sandbox


def control_blueprint(sandbox: Sandbox) -> Blueprint:
    from sandboxes.omnitron.app import json_response

    bp = Blueprint("sandbox_control", __name__, url_prefix="/_sandbox")
    store = sandbox.store

    def body() -> dict[str, Any]:
        return request.get_json(silent=True) or {}

    def row_for(table: str, product: Any, list_field: str, default_list: int) -> dict[str, Any] | None:
        wanted = int(body().get(list_field, default_list))
        for pk in store.table(table).lookup("product", [str(product)]):
            row = store.table(table).rows[pk]
            if row[list_field] == wanted:
                return row
        return None

    @bp.get("/health")
    def health() -> Response:
        return json_response({"ok": True, "products": len(store.table("products")),
                              "filters": store.settings.get("filters")}, 200)

    @bp.post("/reset")
    def reset() -> Response:
        sandbox.reset(body().get("products"))
        return json_response({"ok": True, "products": len(store.table("products"))}, 200)

    @bp.post("/seed")
    def seed() -> Response:
        with store.lock:
            created = seed_products(store, int(body().get("products", 0)))
        return json_response({"created": len(created), "pks": created}, 201)

    @bp.post("/products/<int:pk>")
    def change_product(pk: int) -> Response:
        changes = body()
        with store.lock:
            product = store.table("products").get(pk)
            if product is None:
                return json_response({"detail": "Not found."}, 404)
            if "attributes" in changes:
                changes["attributes"] = {**product["attributes"], **changes["attributes"]}
            product = store.touch("products", pk, changes)
        return json_response(product, 200)

    @bp.post("/cancellation_requests/<int:pk>")
    def decide_cancellation_request(pk: int) -> Response:
        """An operator approves or rejects a request in Omnitron: {"status": "approved" | "rejected" | ...}."""
        status = body().get("status")
        if status not in ("waiting_approval", "approved", "rejected", "confirmed", "completed"):
            return json_response({"status": ["waiting_approval, approved, rejected, confirmed or completed"]}, 400)
        with store.lock:
            if store.table("cancellation_requests").get(pk) is None:
                return json_response({"detail": "Not found."}, 404)
            row = store.touch("cancellation_requests", pk, {"status": status})
        return json_response(row, 200)

    @bp.delete("/products/<int:pk>")
    def remove_product(pk: int) -> Response:
        with store.lock:
            product = store.table("products").get(pk)
            if product is None:
                return json_response({"detail": "Not found."}, 404)
            store.table("products").delete(pk)
            store.table("removed_products").rows[pk] = product
        return json_response(None, 204)

    def change_list_row(table: str, field: str, list_field: str) -> Response:
        data = body()
        with store.lock:
            row = row_for(table, data.get("product"), list_field, 1)
            if row is None:
                return json_response({"detail": "No such row."}, 404)
            row = store.touch(table, row["pk"], {field: data[field]})
        return json_response(row, 200)

    @bp.post("/prices")
    def change_price() -> Response:
        return change_list_row("prices", "price", "price_list")

    @bp.post("/stocks")
    def change_stock() -> Response:
        return change_list_row("stocks", "stock", "stock_list")

    @bp.get("/counts")
    def counts() -> Response:
        with sandbox.stats_lock:
            endpoints = dict(store.counts)
        return json_response({"total": sum(endpoints.values()), "endpoints": endpoints}, 200)

    @bp.get("/requests")
    def journal() -> Response:
        with sandbox.stats_lock:
            entries = list(sandbox.journal)
        return json_response(entries, 200)

    @bp.delete("/counts")
    def reset_counts() -> Response:
        with sandbox.stats_lock:
            store.counts.clear()
            sandbox.journal.clear()
        return json_response(None, 204)

    @bp.post("/faults")
    def add_fault() -> Response:
        try:
            with sandbox.stats_lock:
                sandbox.faults.add(body())
        except (TypeError, ValueError) as exc:
            return json_response({"detail": str(exc)}, 400)
        return json_response(sandbox.faults.describe(), 201)

    @bp.get("/faults")
    def list_faults() -> Response:
        with sandbox.stats_lock:
            faults = sandbox.faults.describe()
        return json_response(faults, 200)

    @bp.delete("/faults")
    def clear_faults() -> Response:
        with sandbox.stats_lock:
            sandbox.faults.clear()
        return json_response(None, 204)

    @bp.post("/tokens/expire")
    def expire_tokens() -> Response:
        with store.lock:
            store.tokens.clear()
        return json_response({"ok": True}, 200)

    @bp.post("/settings")
    def settings() -> Response:
        with store.lock:
            store.settings.update({k: v for k, v in body().items() if k in store.settings})
            store.derived.rebuild()  # max_failures decides which failures are offered again
            current = dict(store.settings)
        return json_response(current, 200)

    @bp.get("/tables/<name>")
    def table(name: str) -> Response:
        with store.lock.shared():
            rows = list(store.table(name).rows.values())
        return json_response(rows, 200)

    @bp.get("/routes")
    def routes() -> Response:
        return json_response(sandbox.router.templates(), 200)

    return bp
