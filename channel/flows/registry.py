"""The registry of flows: name -> `Flow`. Tasks, schedules, admin, API and commands read it.

A `Flow` is declared once, next to its hooks, in the module that implements it (one module per
family: `channel/flows/catalog/products.py` holds `products_insert`, `products_sync`, ...). Each
flow module lists its flows in `FLOWS`; `load_flows()` imports the modules of FLOW_MODULES and
registers those lists, so the registry is complete in every process (web, worker, beat) and no
other import has side effects.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from channel.flows.options import Option, OptionSet

if TYPE_CHECKING:
    from channel.flows.runtime import Runtime

FLOW_MODULES = (
    "channel.flows.noop",
    "channel.flows.catalog.setup",
    "channel.flows.catalog.products",
    "channel.flows.catalog.inventory",
    "channel.flows.catalog.images",
    "channel.flows.orders.importer",
    "channel.flows.orders.updates",
    "channel.flows.orders.cancellations",
    "channel.flows.orders.claims",
    "channel.flows.orders.claim_actions",
    "channel.flows.orders.check",
)

# What a flow does on an open runtime; it counts into `rt.summary` and may return extra
# result keys (the order flows return `{"orders": counts}`).
Body = Callable[["Runtime"], "Mapping[str, Any] | None"]


# Akinon's channel_app_template registers its tasks under this module; teams moving from it keep
# scripts that trigger `channel_app_template.app.tasks.<template_task>` (e.g. through Flower).
TEMPLATE_TASK_PREFIX = "channel_app_template.app.tasks."


class UnknownFlow(LookupError):
    """No flow is registered under that name."""


@dataclass(frozen=True)
class Schedule:
    """A default schedule seeded into django-celery-beat: an interval or a crontab."""

    every_minutes: int | None = None
    crontab: dict[str, str] | None = None  # keys of CrontabSchedule: minute, hour, day_of_week, ...
    description: str = ""


def options(**declared: Option) -> OptionSet:
    """A flow's options, each declared with its type and bounds (channel.flows.options); reads as
    name -> default (None = "not given", the flow picks its own default)."""
    return OptionSet(declared)


NO_OPTIONS: OptionSet = options()


@dataclass(frozen=True, eq=False)
class Flow:
    """One sync as data: what it is called, what it does, when it runs by default.

    `run` is executed by `channel.flows.lifecycle.run_flow`, which owns everything around it
    (lock, runtime, inactive channel, progress, summary, run report, failure report).
    `offline` flows never need the Omnitron channel record (the `noop` flow).
    """

    name: str  # "products_insert"; the URL/CLI name
    description: str
    run: Body
    schedule: Schedule | None = None
    template_task: str = ""  # the Akinon channel_app_template task this flow replaces (README table)
    time_limit: int | None = None  # seconds; None = CELERY_TASK_TIME_LIMIT
    options: Mapping[str, Any] = field(default_factory=lambda: NO_OPTIONS)  # accepted kwargs -> defaults
    offline: bool = False

    @property
    def task_name(self) -> str:
        return f"channel.{self.name}"

    @property
    def template_alias(self) -> str:
        """The template's full task name that also runs this flow, "" when it replaces none."""
        return TEMPLATE_TASK_PREFIX + self.template_task if self.template_task else ""


_FLOWS: dict[str, Flow] = {}
_DECLARED_IN: dict[str, str] = {}


def register(flow: Flow, module: str = "") -> Flow:
    existing = _FLOWS.get(flow.name)
    if existing is not None and existing is not flow:
        raise ValueError(f"flow {flow.name!r} is registered twice")
    _FLOWS[flow.name] = flow
    _DECLARED_IN[flow.name] = module
    return flow


def load_flows() -> None:
    """Import every flow module once and register the flows it lists in `FLOWS`."""
    for name in FLOW_MODULES:
        for flow in importlib.import_module(name).FLOWS:
            register(flow, name)


def source_file(flow: Flow) -> str:
    """The file that declares `flow`, relative to the repository root ("channel/flows/noop.py")."""
    load_flows()
    return _DECLARED_IN[flow.name].replace(".", "/") + ".py"


def all_flows() -> list[Flow]:
    load_flows()
    return sorted(_FLOWS.values(), key=lambda flow: flow.name)


def get_flow(name: str) -> Flow:
    load_flows()
    try:
        return _FLOWS[name]
    except KeyError:
        raise UnknownFlow(f"unknown flow {name!r}; known flows: {', '.join(sorted(_FLOWS))}") from None


def get_flow_by_task(task_name: str) -> Flow | None:
    load_flows()
    return next((flow for flow in _FLOWS.values() if flow.task_name == task_name), None)


def resolve_flow(name: str) -> Flow:
    """The flow called `name`, or the one replacing the template task `name` (full or short form).

    The one place template names are understood: the REST API, `manage.py sync` and the
    /flower/ proxy all resolve through it. Raises UnknownFlow.
    """
    load_flows()
    if name in _FLOWS:
        return _FLOWS[name]
    short = name.removeprefix(TEMPLATE_TASK_PREFIX)
    found = next((flow for flow in _FLOWS.values() if short and flow.template_task == short), None)
    if found is None:
        raise UnknownFlow(f"unknown flow {name!r}; known flows: {', '.join(sorted(_FLOWS))}; template task "
                          f"names: {', '.join(sorted(f.template_task for f in _FLOWS.values() if f.template_task))}")
    return found
