"""The registry of flows: name -> FlowSpec. Tasks, schedules, admin, API and commands read it.

Flow modules register themselves when `load_flows()` imports them (see FLOW_MODULES), so the
registry is complete in every process (web, worker, beat) without import-time side effects elsewhere.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.module_loading import import_string

FLOW_MODULES = (
    "channel.flows.noop",
    "channel.flows.catalog",
    "channel.flows.orders",
)


class UnknownFlow(LookupError):
    """No flow is registered under that name."""


@dataclass(frozen=True)
class Schedule:
    """A default schedule seeded into django-celery-beat: an interval or a crontab."""

    every_minutes: int | None = None
    crontab: dict[str, str] | None = None  # keys of CrontabSchedule: minute, hour, day_of_week, ...
    description: str = ""


@dataclass(frozen=True)
class FlowSpec:
    name: str
    description: str
    run: str  # dotted path of `def run(ctx: FlowContext) -> dict`
    schedule: Schedule | None = None
    template_task: str = ""  # the channel_app_template task this flow replaces
    time_limit: int | None = None  # seconds; None = CELERY_TASK_TIME_LIMIT
    options: dict[str, Any] = field(default_factory=dict)  # kwargs the flow accepts, with defaults

    @property
    def task_name(self) -> str:
        return f"channel.{self.name}"

    def load(self) -> Callable[..., dict]:
        return import_string(self.run)


_FLOWS: dict[str, FlowSpec] = {}


def register(spec: FlowSpec) -> FlowSpec:
    existing = _FLOWS.get(spec.name)
    if existing is not None and existing != spec:
        raise ValueError(f"flow {spec.name!r} is registered twice with different specs")
    _FLOWS[spec.name] = spec
    return spec


def load_flows() -> None:
    """Import every flow module once; a module not written yet is skipped, any other error raises."""
    for module in FLOW_MODULES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise


def all_flows() -> list[FlowSpec]:
    load_flows()
    return sorted(_FLOWS.values(), key=lambda spec: spec.name)


def get_flow(name: str) -> FlowSpec:
    load_flows()
    try:
        return _FLOWS[name]
    except KeyError:
        raise UnknownFlow(f"unknown flow {name!r}; known flows: {', '.join(sorted(_FLOWS))}") from None


def get_flow_by_task(task_name: str) -> FlowSpec | None:
    load_flows()
    return next((spec for spec in _FLOWS.values() if spec.task_name == task_name), None)
