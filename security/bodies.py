"""JSON request bodies with a size and a nesting bound, shared by the REST API and the Flower apply proxy.

Python's parser recurses once per nesting level: `[[[[...` a few thousand deep raises
RecursionError, which nobody expects from a parser and so became a 500. Bodies here are small
objects (a run's options, a task's args), so a bound far below the recursion limit costs
nothing legitimate and turns every such body into a clear 4xx.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.conf import settings

DEFAULT_MAX_BYTES = 64 * 1024
DEFAULT_MAX_DEPTH = 20


class BodyRefused(ValueError):
    """The body cannot be accepted; `status` is the HTTP answer (400 or 413)."""

    status = 400


class BodyTooLarge(BodyRefused):
    status = 413


def max_bytes() -> int:
    return int(getattr(settings, "JSON_BODY_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_depth() -> int:
    return int(getattr(settings, "JSON_BODY_MAX_DEPTH", DEFAULT_MAX_DEPTH))


def check_size(length: int) -> None:
    if length > max_bytes():
        raise BodyTooLarge(f"body is larger than {max_bytes()} bytes")


def depth(value: Any) -> int:
    """Nesting depth of parsed JSON (a scalar is 0, `[]` is 1), without recursion."""
    deepest, pending = 0, [(value, 0)]
    children: Iterable[Any]
    while pending:
        item, level = pending.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, level + 1)
        pending.extend((child, level + 1) for child in children)
    return deepest


def _reject_constant(name: str) -> None:
    raise BodyRefused(f"{name} is not valid JSON")


def loads(body: bytes) -> Any:
    """Parse `body` as strict JSON (no NaN/Infinity) within the size and depth bounds; raises BodyRefused."""
    check_size(len(body))
    try:
        value = json.loads(body, parse_constant=_reject_constant)
    except RecursionError:
        raise BodyRefused(f"JSON nested deeper than {max_depth()} levels") from None
    except (ValueError, UnicodeDecodeError) as exc:
        if isinstance(exc, BodyRefused):
            raise
        raise BodyRefused(f"body is not JSON: {exc}") from None
    if depth(value) > max_depth():
        raise BodyRefused(f"JSON nested deeper than {max_depth()} levels")
    return value
