"""Flower's task-sending endpoints: template task names, and a bounded wait for apply's result.

Teams moving from Akinon's channel_app_template trigger tasks by the template's names
(`POST <flower>/api/task/apply/channel_app_template.app.tasks.<task>`); those resolve to the
flow that replaces the task, through the flow registry, before the request goes upstream.

Flower's apply blocks until the task finishes, forever without a `timeout` option, and
each waiting call holds a web thread here. The proxy rewrites the JSON body so `timeout`
is at most FLOWER_APPLY_TIMEOUT; past it Flower answers 200 with the task's current state.
"""
from __future__ import annotations

import json
import math

from channel.flows.registry import TEMPLATE_TASK_PREFIX, UnknownFlow, resolve_flow
from security import bodies

APPLY_PREFIX = "/flower/api/task/apply/"
# Flower routes that name a task to send (flower/urls.py, 2.2).
TASK_SENDING_PREFIXES = (APPLY_PREFIX, "/flower/api/task/async-apply/", "/flower/api/task/send-task/")


class UnknownTemplateTask(LookupError):
    """A template task name that no flow replaces; answer 404 with the known names."""


def resolve_template_task(path: str) -> str:
    """`…/apply/channel_app_template.app.tasks.<task>` → `…/apply/channel.<flow>`; other paths as they are.

    >>> resolve_template_task("/flower/api/task/apply/channel_app_template.app.tasks.insert_and_update_products")
    '/flower/api/task/apply/channel.products_sync'
    """
    for prefix in TASK_SENDING_PREFIXES:
        name = path.removeprefix(prefix)
        if name != path and name.startswith(TEMPLATE_TASK_PREFIX):
            try:
                return prefix + resolve_flow(name).task_name
            except UnknownFlow as exc:
                raise UnknownTemplateTask(str(exc)) from None
    return path


class ApplyBodyRefused(ValueError):
    """The body is not the JSON object Flower expects; answer `status` (400, or 413 when too large)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def is_apply(path: str) -> bool:
    return path.startswith(APPLY_PREFIX)


def cap_timeout(body: bytes, cap: float) -> bytes:
    """Return `body` with `timeout` set to min(requested, cap); an empty body becomes `{"timeout": cap}`.

    >>> cap_timeout(b'{"args": [1], "timeout": 600}', 30)
    b'{"args": [1], "timeout": 30}'
    """
    try:
        options = parse_body(body)
    except bodies.BodyRefused as exc:
        raise ApplyBodyRefused(str(exc), exc.status) from exc
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


def parse_body(body: bytes) -> object:
    """The JSON body; also the seeds' documented curl body `'{\\n"args":[]\\n}'`.

    That curl sends a literal backslash-n between the tokens (single quotes keep it), which is
    not JSON. Only when the body does not parse as it is, backslash-n sequences are read as the
    line breaks the document meant; anything still not JSON is refused.
    """
    if not body.strip():
        return {}
    try:
        return bodies.loads(body)  # bounded size and depth (security.bodies); raises BodyRefused
    except bodies.BodyRefused:
        if b"\\n" not in body:
            raise
        return bodies.loads(body.replace(b"\\n", b"\n"))
