"""Bound how long Flower's `POST /api/task/apply/<task>` may wait for a task result.

Flower's apply blocks until the task finishes, forever without a `timeout` option, and
each waiting call holds a web thread here. The proxy rewrites the JSON body so `timeout`
is at most FLOWER_APPLY_TIMEOUT; past it Flower answers 200 with the task's current state.
"""
from __future__ import annotations

import json
import math

APPLY_PREFIX = "/flower/api/task/apply/"


class ApplyBodyRefused(ValueError):
    """The body is not the JSON object Flower expects; answer 400 rather than guess."""


def is_apply(path: str) -> bool:
    return path.startswith(APPLY_PREFIX)


def cap_timeout(body: bytes, cap: float) -> bytes:
    """Return `body` with `timeout` set to min(requested, cap); an empty body becomes `{"timeout": cap}`.

    >>> cap_timeout(b'{"args": [1], "timeout": 600}', 30)
    b'{"args": [1], "timeout": 30}'
    """
    try:
        options = json.loads(body) if body.strip() else {}
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApplyBodyRefused(f"body is not JSON: {exc}") from exc
    if not isinstance(options, dict):
        raise ApplyBodyRefused("body must be a JSON object")
    requested = options.get("timeout", cap)
    try:
        requested = float(requested)
    except (TypeError, ValueError) as exc:
        raise ApplyBodyRefused("timeout must be a number") from exc
    if math.isnan(requested) or requested <= 0:
        requested = cap
    options["timeout"] = min(requested, cap)
    return json.dumps(options).encode()
