"""Where units live on the marketplace now: package ids from Omnitron, followed to replacements.

Omnitron's order IA names the package the order was last linked to; after a partial
cancellation or a split the marketplace moves the remaining units to a new package, which the
import re-links on its next run. Writes must address the package that holds a unit *now*, so
this module reads the linked packages in bulk and, only for units no longer there, every
package of the same customer order.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from channel.adapters.orders import CANCELLED_UNITS, IMPORTABLE, RemotePackage, RemoteUnit

if TYPE_CHECKING:
    from channel.flows.runtime import Runtime

Located = dict[str, tuple[RemotePackage, RemoteUnit]]


def locate_units(rt: Runtime, package_ids: Iterable[str], unit_orders: dict[str, str]) -> Located:
    """unit id -> (package holding it, unit) for every unit of `unit_orders` (unit -> customer
    order number). A live copy wins over a cancelled or replaced one; units found nowhere are
    left out. Costs one listing per 50 packages, plus one per order whose units moved."""
    found: Located = {}
    _collect(rt.orders.get_packages(sorted(set(package_ids))), found)
    missing = {unit for unit in unit_orders if unit not in found or not _alive(*found[unit])}
    for number in sorted({unit_orders[unit] for unit in missing} - {""}):
        _collect(rt.orders.packages_of_order(number), found)
    return {unit: found[unit] for unit in unit_orders if unit in found}


def _collect(packages: list[RemotePackage], found: Located) -> None:
    """Keep one copy per unit: a copy in a live package beats one in a replaced package."""
    for package in packages:
        for unit in package.units:
            current = found.get(unit.unit_id)
            if current is None or (not _alive(*current) and _alive(package, unit)):
                found[unit.unit_id] = (package, unit)


def _alive(package: RemotePackage, unit: RemoteUnit) -> bool:
    return package.status in IMPORTABLE and unit.status not in CANCELLED_UNITS
