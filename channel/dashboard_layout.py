"""How the Sync dashboard arranges its rows: by area (setup, catalog, orders), umbrella flows first
with the flows they run folded under them, diagnostics (`noop`) last and folded away.

Derived from the flow names the registry uses: `<family>_sync` runs its family's insert and update
(`products_sync` -> `products_insert`, `products_update`), and its family's other flows (check,
delete, extra lists) sit with it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from channel.dashboard import FlowRow

AREAS = (("setup", _("Setup")), ("catalog", _("Catalog")), ("orders", _("Orders")),
         ("diagnostics", _("Diagnostics")))


def area_of(flow: str) -> str:
    if flow == "noop":
        return "diagnostics"
    if flow.startswith("setup_"):
        return "setup"
    if flow.startswith("orders_"):
        return "orders"
    return "catalog"


@dataclass
class Group:
    """An umbrella flow's rows (one per channel) and the rows of the flows folded under it."""

    head: list[FlowRow]
    folded: list[FlowRow] = field(default_factory=list)

    @property
    def running(self) -> bool:
        return any(row.running_task_id for row in self.folded)


@dataclass
class Area:
    key: str
    title: str
    groups: list[Group]
    folded: bool = False  # diagnostics: out of the operator's way


def layout(rows: list[FlowRow]) -> list[Area]:
    by_flow: dict[str, list[FlowRow]] = {}
    for row in rows:
        by_flow.setdefault(row.spec.name, []).append(row)
    areas = []
    for key, title in AREAS:
        names = [name for name in by_flow if area_of(name) == key]
        if names:
            areas.append(Area(key, str(title), groups(names, by_flow), folded=key == "diagnostics"))
    return areas


def groups(names: list[str], by_flow: dict[str, list[FlowRow]]) -> list[Group]:
    """Umbrellas (`<family>_sync`) first, each with its family folded under it; the rest one group each."""
    umbrellas = [name for name in names if name.endswith("_sync") and name != "noop"]
    result, taken = [], set(umbrellas)
    for umbrella in umbrellas:
        family = umbrella.removesuffix("_sync") + "_"
        members = [name for name in names if name.startswith(family) and name not in taken]
        taken.update(members)
        result.append(Group(by_flow[umbrella], [row for name in members for row in by_flow[name]]))
    result += [Group(by_flow[name]) for name in names if name not in taken]
    return result
