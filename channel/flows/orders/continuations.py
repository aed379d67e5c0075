"""Packages that continue an earlier package without naming it.

Hepsiburada packs the lines left after an unpack or a split under a new package number, and
the new package does not name the one it replaces (a Trendyol split names it in
`originPackageIds`). The lines keep their ids, so their units keep theirs: a unit Omnitron
already holds belongs to the order created from the package it first arrived in (its item's
`extra_field.package_id`, which is also that order's number). That package is the new one's
origin, and the importer re-points the order as it does for a named origin: no second order.

Only for adapters that declare `origins_by_units`. Cost: one read per page holding packages
Omnitron does not know by number (new orders, continuations), one more when some of their
units are known.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Collection
from typing import TYPE_CHECKING

from channel.adapters.orders import RemotePackage
from channel.flows.orders import integration_actions
from channel.flows.orders.payloads import order_number

if TYPE_CHECKING:
    from channel.flows.runtime import Runtime


def with_origins(rt: Runtime, packages: list[RemotePackage], held: Collection[str]) -> list[RemotePackage]:
    """`packages`, each unknown one naming the packages its units first arrived in as its origins.

    `held`: order numbers Omnitron already holds (those packages are their own orders)."""
    if not rt.orders.origins_by_units:
        return packages
    unknown = {p.package_id: p for p in packages if not p.replaces and order_number(p) not in held}
    first_package = first_packages(rt, [unit.unit_id for p in unknown.values() for unit in p.units])
    if not first_package:
        return packages
    return [_named(package, first_package) if package.package_id in unknown else package for package in packages]


def first_packages(rt: Runtime, unit_ids: list[str]) -> dict[str, str]:
    """Unit id -> the package its Omnitron item was created from, for the units Omnitron holds."""
    return {integration_actions.extra(row, "id"): integration_actions.extra(row, "package_id")
            for row in integration_actions.items_holding(rt, unit_ids)}


def _named(package: RemotePackage, first_package: dict[str, str]) -> RemotePackage:
    origins = sorted({first_package[unit.unit_id] for unit in package.units
                      if first_package.get(unit.unit_id) not in (None, "", package.package_id)})
    return dataclasses.replace(package, origin_package_ids=tuple(origins)) if origins else package
