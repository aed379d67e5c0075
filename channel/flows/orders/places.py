"""Country / city / township / district resolution for order addresses, fetched in bulk and
cached for the run (the reference app asks Omnitron 3-9 times per address, docs/omnitron.md "Orders").

Countries and a country's cities are read once per run; townships and districts once per page
for the cities and townships that page needs. Names are matched folded (Turkish dotted and
dotless i, accents, case), then through the channel mapping codes (`<channel>_<name>`).
An unresolved city or township is an `AddressError` naming the kind, so the flow can post the
address mapping report (`error_reports/{kind}/`) and skip only that order.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from omnitron import families
from omnitron.filters import Family

if TYPE_CHECKING:
    from channel.adapters.orders import RemoteAddress
    from channel.flows.runtime import Runtime

COUNTRY_REPORT_CODE = "integrations_200_10_0"
REPORT_CODES = {"city": "integrations_200_10_2", "township": "integrations_200_10_1",
                "district": "integrations_200_10_3"}


class AddressError(Exception):
    """An address names a place Omnitron does not know; `kind` is country, city or township."""

    def __init__(self, kind: str, name: str, params: dict[str, Any]) -> None:
        self.kind, self.name, self.params = kind, name, params
        super().__init__(f"{kind} {name!r} is not mapped in Omnitron")


def fold(name: str) -> str:
    """Comparable form of a place name: "İSTANBUL", "Istanbul", "istanbul" -> "istanbul"."""
    text = name.replace("İ", "i").replace("I", "i").replace("ı", "i").strip()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@dataclass
class PlaceIndex:
    """Rows of one kind by folded name and by mapping code, grouped by their parent pk."""

    by_parent: dict[int, dict[str, int]] = field(default_factory=dict)

    def add(self, parent: int, rows: Iterable[Mapping[str, Any]], channel_id: int) -> None:
        names = self.by_parent.setdefault(parent, {})
        for row in rows:
            names.setdefault(fold(str(row.get("name", ""))), int(row["pk"]))
            for mapping in row.get("mapping") or []:
                code = str(mapping.get("code", ""))
                prefix = f"{channel_id}_"
                if code.startswith(prefix):
                    names.setdefault("map:" + fold(code[len(prefix):]), int(row["pk"]))

    def find(self, parent: int, name: str) -> int | None:
        names = self.by_parent.get(parent, {})
        return names.get(fold(name)) or names.get("map:" + fold(name))

    def known(self, parent: int) -> bool:
        return parent in self.by_parent


class Places:
    """The run's geography cache; `resolve(address)` -> (country, city, township, district) pks."""

    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self.countries = PlaceIndex()
        self.cities = PlaceIndex()
        self.townships = PlaceIndex()
        self.districts = PlaceIndex()

    def prefetch(self, addresses: Iterable[RemoteAddress]) -> None:
        """Bulk-load every city, township and district a page of addresses may need."""
        addresses = list(addresses)
        client, ch = self.rt.omnitron, self.rt.ctx.channel_id
        if not self.countries.known(0):
            rows = list(client.countries.list(is_active=True))
            self.countries.add(0, rows, ch)
            for row in rows:
                self.countries.by_parent[0].setdefault("code:" + fold(str(row.get("code", ""))), int(row["pk"]))
        for country in _found(self.country, addresses):
            if not self.cities.known(country):
                self.cities.add(country, client.cities.list(country=country, is_active=True), ch)
        cities = _found(self._city, addresses)
        self._load(self.townships, families.TOWNSHIPS_BY_CITY, [c for c in cities if not self.townships.known(c)])
        townships = _found(self._township, addresses)
        self._load(self.districts, families.DISTRICTS_BY_TOWNSHIP,
                   [t for t in townships if not self.districts.known(t)])

    def _load(self, index: PlaceIndex, family: Family, parents: list[int]) -> None:
        if not parents:
            return
        grouped: dict[int, list[dict[str, Any]]] = {parent: [] for parent in parents}
        for row in self.rt.omnitron.filters.rows(family, parents, is_active=True):
            grouped.setdefault(int(row[family.field]), []).append(row)
        for parent, rows in grouped.items():
            index.add(parent, rows, self.rt.ctx.channel_id)

    def country(self, address: RemoteAddress) -> int | None:
        names = self.countries.by_parent.get(0, {})
        code = fold(address.country_code or "TR")
        return names.get("code:" + code) or names.get(code) or names.get("map:" + code)

    def _city(self, address: RemoteAddress) -> int | None:
        country = self.country(address)
        return None if country is None else self.cities.find(country, address.city)

    def _township(self, address: RemoteAddress) -> int | None:
        city = self._city(address)
        if city is None or not address.township:
            return None
        return self.townships.find(city, address.township)

    def resolve(self, address: RemoteAddress) -> dict[str, int | None]:
        """`{"country", "city", "township", "district"}` pks; raises `AddressError` for a miss
        of the country, the city, or a named township. A district (neighbourhood) miss is left
        empty: Omnitron addresses do not require one."""
        country = self.country(address)
        if country is None:
            raise AddressError("country", address.country_code, {})
        city = self._city(address)
        if city is None:
            raise AddressError("city", address.city, {"country_id": country})
        township = self._township(address)
        if address.township and township is None:
            raise AddressError("township", address.township, {"country_id": country, "city_id": city})
        district = self.districts.find(township, address.district) if township and address.district else None
        return {"country": country, "city": city, "township": township, "district": district}


def _found(resolve: Callable[[RemoteAddress], int | None], addresses: list[RemoteAddress]) -> list[int]:
    """The distinct pks `resolve` finds for `addresses`, in a stable order."""
    return sorted({pk for pk in map(resolve, addresses) if pk is not None})
