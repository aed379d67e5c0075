"""Sandbox-only order controls under `/_sandbox/` (not part of Trendyol; no auth).

    POST /_sandbox/orders      create packages: {"count": n, "products": [{"barcode", "stockCode",
                               "price"}], "customers": k (distinct buyers, default n), "lines": 1..3 per
                               package (default 1), "quantity": units per line (default 1),
                               "unknown_city": m, "unknown_cargo": m (the first m packages get a city /
                               carrier nobody maps), "separate_invoice": bool, "seed": int,
                               "age_days": d (placed d days ago)}
                               -> {"packages": [<package>...]}
    GET  /_sandbox/packages[/<id>]                     stored packages
    POST /_sandbox/packages/<id>/status {"status"}     system moves: Shipped, Delivered, UnDelivered, Returned
    POST /_sandbox/packages/<id>/cancel {"lines"?: [{"lineId","quantity"}], "reason"?, "code"?}
                               a customer cancellation (all units when lines are omitted)
    POST /_sandbox/claims {"package_id"}               a return claim for a delivered package
    POST /_sandbox/claims/<id>/waiting-in-action       the stage "waiting-in-action" helper
"""
from __future__ import annotations

import random
from typing import Any

from flask import Blueprint, jsonify, request

from sandboxes.trendyol import claims
from sandboxes.trendyol import packages as pk
from sandboxes.trendyol.state import get_state

blueprint = Blueprint("trendyol_order_control", __name__, url_prefix="/_sandbox")

FIRST_NAMES = ["Ayşe", "Mehmet", "Zeynep", "Ahmet", "Elif", "Mustafa", "Fatma", "Emre"]
LAST_NAMES = ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Arslan", "Doğan"]
# Places as Trendyol names them: city, district (Omnitron's township), neighborhood (its district).
PLACES = [
    {"city": "İstanbul", "cityCode": 34, "district": "Kadıköy", "neighborhood": "Moda", "postalCode": "34710"},
    {"city": "İstanbul", "cityCode": 34, "district": "Beşiktaş", "neighborhood": "Levent", "postalCode": "34330"},
    {"city": "Ankara", "cityCode": 6, "district": "Çankaya", "neighborhood": "Kızılay", "postalCode": "06420"},
    {"city": "İzmir", "cityCode": 35, "district": "Konak", "neighborhood": "Alsancak", "postalCode": "35220"},
]
UNKNOWN_PLACE = {"city": "Atlantis", "cityCode": 99, "district": "Merkez", "neighborhood": "", "postalCode": "99999"}
CARRIERS = ["Yurtiçi Kargo Marketplace", "Aras Kargo Marketplace", "MNG Kargo Marketplace"]
UNKNOWN_CARRIER = "Horoz Lojistik Marketplace"
DEFAULT_PRODUCTS = [{"barcode": f"869000000{i:04d}", "stockCode": f"SKU-{i:04d}", "price": 100.0 + i}
                    for i in range(1, 6)]


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


def customer(index: int) -> dict[str, Any]:
    first, last = FIRST_NAMES[index % len(FIRST_NAMES)], LAST_NAMES[(index // len(FIRST_NAMES)) % len(LAST_NAMES)]
    return {"customerId": 700_000_000 + index, "firstName": first, "lastName": last,
            "email": f"pf+buyer{index}@trendyolmail.com", "phone": f"5{index:09d}"}


def package_specs(body: dict[str, Any]) -> list[dict[str, Any]]:
    """Deterministic specs for `POST /_sandbox/orders` (same body and seed, same packages)."""
    count = int(body.get("count", 1))
    products = body.get("products") or DEFAULT_PRODUCTS
    buyers = max(1, int(body.get("customers") or count))
    rng = random.Random(int(body.get("seed", 0)))
    unknown_city, unknown_cargo = int(body.get("unknown_city", 0)), int(body.get("unknown_cargo", 0))
    per_package, quantity = int(body.get("lines", 1)), int(body.get("quantity", 1))
    specs = []
    for index in range(count):
        buyer = index % buyers
        home = PLACES[buyer % len(PLACES)]
        shipping = UNKNOWN_PLACE if index < unknown_city else home
        chosen = rng.sample(products, min(per_package, len(products)))
        specs.append({
            "customer": customer(buyer),
            "shipping": {**shipping, "address1": f"Atatürk Caddesi No:{buyer + 1}"},
            "invoice": ({**PLACES[(buyer + 1) % len(PLACES)], "address1": f"İş Merkezi Kat:{buyer % 9 + 1}"}
                        if body.get("separate_invoice") else None),
            "cargoProviderName": UNKNOWN_CARRIER if index < unknown_cargo else CARRIERS[index % len(CARRIERS)],
            "age_days": float(body.get("age_days") or 0),
            "lines": [{**product, "quantity": quantity, "productName": f"Ürün {product['stockCode']}"}
                      for product in chosen],
        })
    return specs


@blueprint.post("/orders")
def create_orders():  # noqa: ANN201 - Flask view
    state = get_state()
    specs = package_specs(_body())
    with state.lock:
        ob = pk.book(state)
        created = [pk.build_package(state, ob, spec) for spec in specs]
        return jsonify({"packages": created}), 201


@blueprint.get("/packages")
def list_packages():  # noqa: ANN201
    state = get_state()
    with state.lock:
        return jsonify(list(pk.book(state).packages.values()))


@blueprint.get("/packages/<int:package_id>")
def one_package(package_id: int):  # noqa: ANN201
    state = get_state()
    with state.lock:
        found = pk.book(state).packages.get(package_id)
        return (jsonify(found), 200) if found else (jsonify({"error": "not found"}), 404)


def _act(package_id: int, action: Any) -> Any:
    state = get_state()
    with state.lock:
        ob = pk.book(state)
        try:
            package = pk.get(ob, package_id)
            result = action(state, ob, package)
        except pk.PackageError as exc:
            return jsonify({"error": "Bad Request", "message": str(exc)}), 400
        return jsonify({"package": package, "result": result})


@blueprint.post("/packages/<int:package_id>/status")
def system_status(package_id: int):  # noqa: ANN201
    status = str(_body().get("status") or "")
    return _act(package_id, lambda state, ob, package: pk.system_status(state, package, status))


@blueprint.post("/packages/<int:package_id>/cancel")
def customer_cancel(package_id: int):  # noqa: ANN201
    body = _body()
    return _act(package_id, lambda state, ob, package: pk.customer_cancel(
        state, ob, package, body.get("lines"), str(body.get("reason", "Vazgeçtim")), int(body.get("code", 401))))


@blueprint.post("/claims")
def create_claim():  # noqa: ANN201
    package_id = int(_body().get("package_id", 0))
    return _act(package_id, lambda state, ob, package: pk.new_claim(state, ob, package))


@blueprint.post("/claims/<claim_id>/waiting-in-action")
def waiting_in_action(claim_id: str):  # noqa: ANN201
    state = get_state()
    with state.lock:
        claim = pk.book(state).claims.get(claim_id)
        if claim is None:
            return jsonify({"error": "not found"}), 404
        claims.set_waiting(state, claim)
        return jsonify(claim)
