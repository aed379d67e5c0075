"""Customers, addresses, geography lookups, retail stores and cargo companies."""
from __future__ import annotations

from omnitron.resources.base import Creatable, Listable, Retrievable, Updatable
from omnitron.types import Address, Cargo, Customer, Place, Row


class Customers(Listable[Customer], Creatable[Customer], Updatable[Customer]):
    template = "channel/{ch}/customers/"


class Addresses(Listable[Address], Creatable[Address]):
    """A duplicate answers 400 `{"non_field_errors": "hash_data:<hash> ..."}`; then list by `hash_data`."""

    template = "channel/{ch}/addresses/"


class Countries(Listable[Place]):
    template = "channel/{ch}/countries/"


class Cities(Listable[Place]):
    template = "channel/{ch}/cities/"


class Townships(Listable[Place]):
    template = "channel/{ch}/townships/"


class Districts(Listable[Place]):
    template = "channel/{ch}/districts/"


class RetailStores(Listable[Row]):
    template = "channel/{ch}/retail_stores/"


class Cargos(Listable[Cargo], Retrievable[Cargo]):
    template = "channel/{ch}/cargos/"
