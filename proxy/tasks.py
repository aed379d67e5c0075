"""Task options sent through Flower (`apply`, `async-apply`, `send-task`) checked like every other trigger.

Flower queues whatever it is given. For our sync tasks (`channel.<flow>`) the proxy reads the
JSON body first and applies the same checks as the REST API, admin and `manage.py sync`
(channel.flows.options.validate_options): no positional args, `dry_run` a boolean,
`channel_id` a configured channel, each option of its declared type and range.
Other task names pass unchanged (Flower's and Celery's own tasks).
"""
from __future__ import annotations

import re
from typing import Any

from channel.flows.options import InvalidOptions, validate_options
from channel.flows.registry import get_flow_by_task
from channel.schedules import configured_channels

_SENDING = re.compile(r"^/flower/api/task/(?:apply|async-apply|send-task)/(?P<task>[^/]+)$")
RESERVED = ("channel_id", "dry_run")


class TaskBodyRefused(ValueError):
    """The body would queue a sync with arguments it cannot run with; answer 400."""


def sent_task(path: str) -> str | None:
    """The task name a task-sending Flower path queues, None for every other path."""
    match = _SENDING.match(path)
    return match.group("task") if match else None


def check(task_name: str, body: Any) -> None:
    """Raise TaskBodyRefused when `body` ({"args": [...], "kwargs": {...}}) does not fit the sync task."""
    flow = get_flow_by_task(task_name)
    if flow is None:
        return
    if not isinstance(body, dict):
        raise TaskBodyRefused("body must be a JSON object")
    if body.get("args"):
        raise TaskBodyRefused(f"{task_name} takes no positional arguments; pass options in kwargs")
    kwargs = body.get("kwargs") or {}
    if not isinstance(kwargs, dict):
        raise TaskBodyRefused("kwargs must be a JSON object")
    problems = []
    if "dry_run" in kwargs and not isinstance(kwargs["dry_run"], bool):
        problems.append("dry_run: must be true or false")
    channel = kwargs.get("channel_id")
    if channel is not None and (isinstance(channel, bool) or channel not in configured_channels()):
        problems.append(f"channel_id: {channel!r} is not a configured channel")
    try:
        validate_options(flow, {key: value for key, value in kwargs.items() if key not in RESERVED})
    except InvalidOptions as exc:
        problems.append(str(exc))
    if problems:
        raise TaskBodyRefused("; ".join(problems))
