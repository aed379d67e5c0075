"""Cargo companies and products for imported orders: read in bulk, cached for the run.

Cargo: every Omnitron cargo company once per run (one listing), matched on `erp_code` with the
adapter's carrier code, after the conf's `cargo_mapping` ({carrier name or code: erp_code}).
Products: per page, one `products/?sku__in=` for the units' SKUs, then, only for units still
unmatched, one product integration-action lookup by the marketplace barcode (`remote_id__in`).
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from omnitron import families

if TYPE_CHECKING:
    from channel.adapters.orders import RemotePackage, RemoteUnit
    from channel.flows.runtime import Runtime


class UnknownCargo(LookupError):
    """The package's carrier matches no Omnitron cargo company."""


class UnknownProduct(LookupError):
    """A unit's SKU and barcode match no Omnitron product."""


class References:
    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self._cargos: dict[str, int] | None = None
        self.by_sku: dict[str, int] = {}
        self.by_barcode: dict[str, int] = {}
        self._asked_skus: set[str] = set()
        self._asked_barcodes: set[str] = set()

    @property
    def cargos(self) -> dict[str, int]:
        """erp_code -> cargo pk, read on first use (one listing per run)."""
        if self._cargos is None:
            self._cargos = {str(row.get("erp_code")): int(row["pk"]) for row in self.rt.omnitron.cargos.list()}
        return self._cargos

    def cargo(self, package: RemotePackage) -> int:
        mapping: dict[str, Any] = dict(self.rt.conf.get("cargo_mapping") or {})
        code = str(mapping.get(package.cargo_name) or mapping.get(package.cargo_code) or package.cargo_code)
        if code not in self.cargos:
            raise UnknownCargo(f"carrier {package.cargo_name!r} (code {code!r}) matches no Omnitron cargo company")
        return self.cargos[code]

    def prefetch(self, packages: Iterable[RemotePackage]) -> None:
        """Products of a page's units, and the cargo list once (before threads read them)."""
        if self._cargos is None:
            self._cargos = self.cargos
        units = [unit for package in packages for unit in package.units]
        self._by_sku(sorted({u.sku for u in units if u.sku} - self._asked_skus))
        self._by_barcode(sorted({u.barcode for u in units if u.barcode and u.sku not in self.by_sku}
                                - self._asked_barcodes))

    def _by_sku(self, skus: list[str]) -> None:
        self._asked_skus.update(skus)
        if skus:
            for row in self.rt.omnitron.filters.rows(families.PRODUCTS_BY_SKU, skus):
                self.by_sku.setdefault(str(row.get("sku")), int(row["pk"]))

    def _by_barcode(self, barcodes: list[str]) -> None:
        """Products sent under their barcode: the product IA's remote id is the barcode."""
        self._asked_barcodes.update(barcodes)
        if barcodes:
            for ia in self.rt.omnitron.integration_actions.in_bulk("remote_id", barcodes, content_type_name="product"):
                self.by_barcode.setdefault(str(ia.get("remote_id")), int(ia["object_id"]))

    def product(self, unit: RemoteUnit) -> int:
        found = self.by_sku.get(unit.sku) or self.by_barcode.get(unit.barcode)
        if found is None:
            raise UnknownProduct(f"no Omnitron product for SKU {unit.sku!r} / barcode {unit.barcode!r}")
        return found
