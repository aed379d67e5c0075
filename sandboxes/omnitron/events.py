"""`channel/{ch}/operational_events/`: the monitoring sink Akinon's channel app posts to.

No public Akinon page documents the route; its shape is what channel_app 0.0.161 sends (one
event after each error report). Where the evidence is silent the body is read strictly: every
key present with its type, no unknown keys, event types and levels from the known sets.
"""
from __future__ import annotations

from typing import Any

from sandboxes.omnitron.resources import Collection, public
from sandboxes.omnitron.routing import ApiError, Call, Result, Router

EVENT_TYPES = frozenset({
    "product_error", "product_price_error", "product_stock_error", "product_image_error", "order_error",
    "cancellation_request_error", "category_error", "batch_request_error", "unknown_error",
})
LEVELS = frozenset({"info", "error"})
CONTEXT_KEYS = frozenset({"error_code", "error_description", "modified_date"})
RAW_KEYS = frozenset({"raw_request", "raw_response"})
NULLABLE_TEXT = (str, type(None))
# key -> the JSON types it may hold
FIELDS: dict[str, tuple[type, ...]] = {
    "action_content_type": NULLABLE_TEXT, "action_object_id": (int, type(None)), "context": (dict,),
    "event_type": (str,), "level": (str,), "message": (str,), "parent_span_id": NULLABLE_TEXT,
    "raw_data": (dict, type(None)), "source": (str,), "span_id": NULLABLE_TEXT, "tags": (dict,),
    "trace_id": NULLABLE_TEXT,
}
EVENTS = Collection("operational_events", "operational_events", "L", channel_field=False)


def validate(body: dict[str, Any]) -> dict[str, list[str]]:
    """DRF-shaped field errors; empty when the event is acceptable."""
    errors: dict[str, list[str]] = {}
    for key in sorted(set(body) - set(FIELDS)):
        errors[key] = ["Unknown field."]
    for key, types in FIELDS.items():
        if key not in body:
            errors[key] = ["This field is required."]
        elif not isinstance(body[key], types) or isinstance(body[key], bool):
            errors[key] = [f"Expected {' or '.join('null' if t is type(None) else t.__name__ for t in types)}."]
    if errors:
        return errors
    if body["event_type"] not in EVENT_TYPES:
        errors["event_type"] = [f'"{body["event_type"]}" is not a valid choice.']
    if body["level"] not in LEVELS:
        errors["level"] = [f'"{body["level"]}" is not a valid choice.']
    if not body["source"]:
        errors["source"] = ["This field may not be blank."]
    context = body["context"]
    if set(context) != CONTEXT_KEYS or not all(isinstance(v, str) for v in context.values()):
        errors["context"] = [f"Expected string keys {', '.join(sorted(CONTEXT_KEYS))} and nothing else."]
    raw = body["raw_data"]
    if raw is not None and (set(raw) != RAW_KEYS or not all(isinstance(v, NULLABLE_TEXT) for v in raw.values())):
        errors["raw_data"] = ["Expected null or raw_request and raw_response (text or null)."]
    tags = body["tags"]
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in tags.items()):
        errors["tags"] = ["Expected text values."]
    return errors


def create_event(call: Call) -> Result:
    body = call.json()
    errors = validate(body)
    if errors:
        raise ApiError(400, errors)
    row = call.store.create("operational_events", {**body, "channel": call.ch})
    return public(call.store, row), 201


def register(router: Router) -> None:
    EVENTS.register(router)
    router.add("POST", "channel/{ch}/operational_events/", create_event)
