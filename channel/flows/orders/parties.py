"""Customers and addresses of imported orders: looked up in bulk per page, created once, cached.

The customer is found by the identifier the channel conf names (`CUSTOMER_IDENTIFIER_FIELD`:
"email", the default, or "phone_number"), never created twice: a page's packages are looked up
in one request, and a buyer with several packages in a run is created once and then reused.
(The reference app compares the conf value with an enum and so creates a new customer for every
order whenever the key is set, docs/omnitron.md "Orders".) Addresses of known customers are read in
one request per page and matched on their postal fields; identical shipping and billing
addresses become one Omnitron address.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from omnitron import families
from omnitron.errors import BadRequest

from channel.flows.orders.places import Places

if TYPE_CHECKING:
    from channel.adapters.orders import RemoteAddress, RemoteCustomer, RemotePackage
    from channel.flows.runtime import Runtime

logger = logging.getLogger(__name__)

IDENTIFIERS = ("email", "phone_number")
ADDRESS_KEY = ("first_name", "last_name", "phone_number", "country", "city", "township", "district", "line",
               "postcode")
HASH_IN_ERROR = re.compile(r"hash_data:([0-9a-f]+)")
LIMITS = {"email": 254, "phone_number": 128, "first_name": 255, "last_name": 255, "line": 255, "postcode": 64,
          "company_name": 255, "tax_office": 64, "tax_no": 20}


def identifier_field(conf: dict[str, Any]) -> str:
    """The conf's customer identifier; anything but "phone_number" means email."""
    value = str(conf.get("CUSTOMER_IDENTIFIER_FIELD") or "email").strip().lower()
    return value if value in IDENTIFIERS else "email"


def identifier_of(customer: RemoteCustomer, field: str) -> str:
    value = customer.phone if field == "phone_number" else customer.email
    return value.strip().lower() if field == "email" else value.strip()


def clip(body: dict[str, Any]) -> dict[str, Any]:
    """Omnitron's column limits, applied before sending (as the reference does)."""
    return {k: (v[:LIMITS[k]] if isinstance(v, str) and k in LIMITS else v) for k, v in body.items()}


def address_key(row: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple("" if row.get(name) is None else str(row.get(name)) for name in ADDRESS_KEY)


class Parties:
    """Customer and address pks for a page of packages, with the run's cache."""

    def __init__(self, rt: Runtime, places: Places) -> None:
        self.rt = rt
        self.places = places
        self.field = identifier_field(rt.conf)
        self.customers: dict[str, int] = {}
        self.addresses: dict[int, dict[tuple[str, ...], int]] = {}

    def prefetch(self, packages: Iterable[RemotePackage]) -> None:
        """One customers request and one addresses request for everything the page needs."""
        packages = list(packages)
        wanted = {identifier_of(p.customer, self.field) for p in packages} - set(self.customers) - {""}
        found = self._find_customers(wanted) if wanted else []
        for pk in found:
            self.addresses.setdefault(pk, {})
        if found:
            for address in self.rt.omnitron.filters.rows(families.ADDRESSES_BY_CUSTOMER, found):
                self.addresses.setdefault(int(address["customer"]), {}).setdefault(address_key(address),
                                                                                   int(address["pk"]))
        self.places.prefetch(a for p in packages for a in (p.shipping_address, p.billing_address))

    def _find_customers(self, wanted: set[str]) -> list[int]:
        """Remember the customers Omnitron holds under the `wanted` identifiers; their pks."""
        found: list[int] = []
        family = families.CUSTOMERS_BY_PHONE if self.field == "phone_number" else families.CUSTOMERS_BY_EMAIL
        for row in self.rt.omnitron.filters.rows(family, sorted(wanted)):
            key = str(row.get(self.field) or "").strip()
            key = key.lower() if self.field == "email" else key
            if key in wanted and key not in self.customers:
                self.customers[key] = int(row["pk"])
                found.append(int(row["pk"]))
        return found

    def key(self, package: RemotePackage) -> str:
        """The buyer's identifier (packages with the same key share a customer)."""
        return identifier_of(package.customer, self.field)

    def customer(self, package: RemotePackage) -> int:
        """The customer's pk, created on first sight."""
        remote = package.customer
        key = identifier_of(remote, self.field)
        if not key:
            raise ValueError(f"package {package.package_id} has no customer {self.field}")
        if key not in self.customers:
            row = self.rt.omnitron.customers.create(clip({
                "channel": str(self.rt.ctx.channel_id), "channel_code": remote.remote_id,
                "email": remote.email or None, "phone_number": remote.phone or None, "extra_field": {},
                "first_name": remote.first_name, "last_name": remote.last_name, "is_active": True,
            }))
            self.customers[key] = int(row["pk"])
            self.addresses[int(row["pk"])] = {}
        return self.customers[key]

    def address(self, customer: int, remote: RemoteAddress, email: str) -> int:
        """The address pk, created unless the customer already has the same one."""
        body = clip({
            "email": email or None, "phone_number": remote.phone or None, "first_name": remote.first_name,
            "last_name": remote.last_name, "customer": customer, **self.places.resolve(remote), "title": None,
            "line": remote.line, "postcode": remote.postcode or None, "notes": None,
            "company_name": remote.company or None, "tax_office": remote.tax_office or None,
            "tax_no": remote.tax_number or None, "e_bill_taxpayer": bool(remote.tax_number), "remote_id": None,
            "identity_number": None, "extra_field": {},
        })
        known = self.addresses.setdefault(customer, {})
        key = address_key(body)
        if key not in known:
            known[key] = self._create_address(body)
        return known[key]

    def _create_address(self, body: dict[str, Any]) -> int:
        try:
            return int(self.rt.omnitron.addresses.create(body)["pk"])
        except BadRequest as exc:
            match = HASH_IN_ERROR.search(str(exc.body))
            if match is None:
                raise
            rows = list(self.rt.omnitron.addresses.list(hash_data=match.group(1)))
            if len(rows) != 1:
                raise
            return int(rows[0]["pk"])
