"""Trendyol's webhook management calls in the sandbox (docs/trendyol.md "Webhooks"), and its controls.

    POST   /integration/webhook/sellers/{id}/webhooks                {url, authenticationType, username?,
                                                                     password?, apiKey?, subscribedStatuses?}
                                                                     -> {"id": "<uuid>"}
    GET    /integration/webhook/sellers/{id}/webhooks                -> [{id, createdDate, lastModifiedDate, url,
                                                                     username, authenticationType, status,
                                                                     subscribedStatuses}]  (dates GMT+3-shifted)
    PUT    /integration/webhook/sellers/{id}/webhooks/{hook}         as create -> "200 OK"
    PUT    /integration/webhook/sellers/{id}/webhooks/{hook}/activate | /deactivate -> "200 OK"
    DELETE /integration/webhook/sellers/{id}/webhooks/{hook}         -> "200 OK"

Rules enforced: `url` and `authenticationType` required; API_KEY needs `apiKey`, BASIC_AUTHENTICATION
`username` and `password`; at most 15 webhooks per seller, passive ones included; the URL must not
contain "trendyol", "dolap" or "localhost" (case-insensitive: inferred); statuses from the documented
list. Refusals are 400 `{"error", "message"}` (shape inferred). Unknown webhook id -> 404.

Sandbox-only (no auth):

    GET  /_sandbox/webhooks                      the webhooks with their secrets, pending deliveries, e-mails
    GET  /_sandbox/webhooks/deliveries?since=i   delivery attempts from index i: {hook, package_id, status,
                                                 code, outcome, ms, at, attempt, changed_at}
    POST /_sandbox/webhooks/config               {"timeout", "retry_interval", "retry_window",
                                                 "duplicate_rate", "drop"}: the delivery policy
"""
from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint, jsonify, request

from sandboxes.trendyol import order_time
from sandboxes.trendyol.state import get_state
from sandboxes.trendyol.webhook_delivery import HOOK_STATUS, Hook, deliveries

blueprint = Blueprint("trendyol_webhooks", __name__)

MAX_WEBHOOKS = 15
FORBIDDEN = ("trendyol", "dolap", "localhost")
AUTH_TYPES = ("BASIC_AUTHENTICATION", "API_KEY")
API = "/integration/webhook/sellers/<int:seller_id>/webhooks"
POLICY_KEYS: dict[str, Any] = {"timeout": float, "retry_interval": float, "retry_window": float,
                               "duplicate_rate": float, "drop": bool}


class Refused(ValueError):
    pass


def bad_request(message: str) -> Any:
    return jsonify({"error": "Bad Request", "message": message}), 400


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


def validated(body: dict[str, Any]) -> dict[str, Any]:
    """The hook fields of a create/update body, or Refused naming the broken rule."""
    url, auth = str(body.get("url") or ""), body.get("authenticationType")
    if not url.startswith(("http://", "https://")):
        raise Refused("url is required")
    if any(word in url.lower() for word in FORBIDDEN):
        raise Refused("url must not contain Trendyol, Dolap or Localhost")
    if auth not in AUTH_TYPES:
        raise Refused(f"authenticationType must be one of {', '.join(AUTH_TYPES)}")
    if auth == "API_KEY" and not body.get("apiKey"):
        raise Refused("apiKey is required for API_KEY")
    if auth == "BASIC_AUTHENTICATION" and not (body.get("username") and body.get("password")):
        raise Refused("username and password are required for BASIC_AUTHENTICATION")
    statuses = body.get("subscribedStatuses") or None
    if statuses is not None and (not isinstance(statuses, list) or set(statuses) - set(HOOK_STATUS.values())):
        raise Refused(f"subscribedStatuses must be a list of {', '.join(HOOK_STATUS.values())}")
    return {"url": url, "auth_type": auth, "username": str(body.get("username") or ""),
            "password": str(body.get("password") or ""), "api_key": str(body.get("apiKey") or ""),
            "statuses": statuses}


def as_json(hook: Hook) -> dict[str, Any]:
    return {"id": hook.id, "createdDate": order_time.shifted(hook.created),
            "lastModifiedDate": order_time.shifted(hook.modified) if hook.modified else None, "url": hook.url,
            "username": hook.username or None, "authenticationType": hook.auth_type, "status": hook.status,
            "subscribedStatuses": hook.statuses}


@blueprint.post(API)
def create(seller_id: int):  # noqa: ANN201 - Flask view
    state, book = get_state(), deliveries(get_state())
    try:
        fields = validated(_body())
    except Refused as exc:
        return bad_request(str(exc))
    with book.cond:
        if len(book.hooks) >= MAX_WEBHOOKS:
            return bad_request(f"at most {MAX_WEBHOOKS} webhooks per seller (passive ones count); delete one")
        hook = Hook(id=str(uuid.uuid4()), created=state.now_ms(), **fields)
        book.hooks[hook.id] = hook
    return jsonify({"id": hook.id})


@blueprint.get(API)
def listing(seller_id: int):  # noqa: ANN201
    book = deliveries(get_state())
    with book.cond:
        return jsonify([as_json(hook) for hook in book.hooks.values()])


def _change(hook_id: str, action: Any) -> Any:
    state, book = get_state(), deliveries(get_state())
    with book.cond:
        hook = book.hooks.get(hook_id)
        if hook is None:
            return jsonify({"error": "Not Found", "message": f"webhook {hook_id} not found"}), 404
        try:
            action(book, hook)
        except Refused as exc:
            return bad_request(str(exc))
        if hook.id in book.hooks:
            hook.modified = state.now_ms()
    return "200 OK", 200, {"Content-Type": "text/plain"}


@blueprint.put(f"{API}/<hook_id>")
def update(seller_id: int, hook_id: str):  # noqa: ANN201
    fields = _body()

    def apply(book: Any, hook: Hook) -> None:
        for key, value in validated(fields).items():
            setattr(hook, key, value)

    return _change(hook_id, apply)


@blueprint.put(f"{API}/<hook_id>/activate")
def activate(seller_id: int, hook_id: str):  # noqa: ANN201
    def apply(book: Any, hook: Hook) -> None:
        hook.status, hook.failing_since = "ACTIVE", None

    return _change(hook_id, apply)


@blueprint.put(f"{API}/<hook_id>/deactivate")
def deactivate(seller_id: int, hook_id: str):  # noqa: ANN201
    return _change(hook_id, lambda book, hook: setattr(hook, "status", "PASSIVE"))


@blueprint.delete(f"{API}/<hook_id>")
def delete(seller_id: int, hook_id: str):  # noqa: ANN201
    return _change(hook_id, lambda book, hook: book.hooks.pop(hook.id))


# ---- sandbox controls ------------------------------------------------------------------------

@blueprint.get("/_sandbox/webhooks")
def inspect():  # noqa: ANN201
    book = deliveries(get_state())
    with book.cond:
        hooks = [{**as_json(h), "apiKey": h.api_key, "password": h.password} for h in book.hooks.values()]
        return jsonify({"webhooks": hooks, "pending": len(book.queue) + book.in_flight, "emails": book.emails,
                        "policy": vars(book.policy)})


@blueprint.get("/_sandbox/webhooks/deliveries")
def attempts():  # noqa: ANN201
    book = deliveries(get_state())
    since = int(request.args.get("since", 0))
    with book.cond:
        return jsonify({"deliveries": book.log[since:], "next": len(book.log)})


@blueprint.post("/_sandbox/webhooks/config")
def policy():  # noqa: ANN201
    body, book = _body(), deliveries(get_state())
    with book.cond:
        for key, cast in POLICY_KEYS.items():
            if key in body:
                setattr(book.policy, key, cast(body[key]))
        return jsonify(vars(book.policy))


