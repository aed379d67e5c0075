"""`TrendyolListing`: what Trendyol holds, read a page at a time from the product filter listings.

The approved listing (`/products/approved`, contents with their variants, 100 a page; its
`status=archived` filter is the archived listing) and the unapproved one
(`/products/unapproved`, one barcode per row, 1000 a page: pending approval or rejected)
answer for many barcodes per call, where the base-status call answers for one. Reconciliation
after a timed-out write and the approval check therefore ask these, 50 barcodes per call (the
documented maximum of the `barcodes` filter).

Trendyol serves `page x size <= 10,000`; deeper pages are reached with the `nextPageToken` of
the previous answer. The product filters document no time zone for `startDate`: a
`modified_since` is sent 3 hours early (the GMT+3 reading), so either reading covers it.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from channel.adapters.payloads import ProductRef
from channel.adapters.results import RemoteProductState
from channel.adapters.trendyol import mappers

if TYPE_CHECKING:
    from channel.adapters.trendyol.http import TrendyolHTTP

LISTINGS = ("approved", "unapproved", "archived")
PAGE_SIZES = {"approved": 100, "archived": 100, "unapproved": 1000}
BARCODES_PER_CALL = 50
PAGE_WINDOW = 10_000
ZONE_MARGIN = timedelta(hours=3)


class TrendyolListing:
    """Product filter listings for `TrendyolAdapter` (uses its `http` and `seller_id`)."""

    http: TrendyolHTTP
    seller_id: int

    def list_products(self, listing: str = "approved", *, barcodes: Sequence[str] = (),
                      modified_since: datetime | None = None) -> Iterator[list[RemoteProductState]]:
        """Pages of product states from one listing: `approved`, `unapproved` or `archived`.

        With `barcodes`, only those (asked 50 per call); with `modified_since`, only products
        changed since then (approved: variant modified date; unapproved: last update).
        """
        if listing not in LISTINGS:
            raise ValueError(f"listing must be one of {', '.join(LISTINGS)}")
        wanted = list(dict.fromkeys(mappers.normalize_barcode(b) for b in barcodes))
        groups = [wanted[i:i + BARCODES_PER_CALL] for i in range(0, len(wanted), BARCODES_PER_CALL)] or [[]]
        for group in groups:
            params = self._filter_params(listing, group, modified_since)
            for page in self._pages(listing, params):
                states = [state for row in page for state in _states(listing, row)]
                yield [s for s in states if s.key in group] if group else states

    def get_product_states(self, refs: Sequence[ProductRef]) -> dict[str, RemoteProductState]:
        """States by `ref.key` of the refs Trendyol knows: approved (archived included) first,
        then the unapproved listing for the rest; a barcode in neither is left out."""
        keys: dict[str, list[str]] = {}
        for ref in refs:
            keys.setdefault(mappers.normalize_barcode(ref.barcode or ref.key), []).append(ref.key)
        found: dict[str, RemoteProductState] = {}
        for listing in ("approved", "unapproved"):
            missing = [barcode for barcode in keys if not any(key in found for key in keys[barcode])]
            if not missing:
                break
            for page in self.list_products(listing, barcodes=missing):
                for state in page:
                    for key in keys.get(state.key, []):
                        found[key] = state
        return found

    def _filter_params(self, listing: str, barcodes: list[str], since: datetime | None) -> dict[str, Any]:
        params: dict[str, Any] = {"size": PAGE_SIZES[listing]}
        if barcodes:
            params["barcodes"] = ",".join(barcodes)
        if listing == "archived":
            params["status"] = "archived"
        if since is not None:
            params["startDate"] = int((since - ZONE_MARGIN).timestamp() * 1000)
            params["dateQueryType"] = "LAST_MODIFIED_DATE" if listing == "unapproved" else "VARIANT_MODIFIED_DATE"
        return params

    def _pages(self, listing: str, params: dict[str, Any]) -> Iterator[list[dict[str, Any]]]:
        kind = "unapproved" if listing == "unapproved" else "approved"
        path = f"/product/sellers/{self.seller_id}/products/{kind}"
        size, page, token = params["size"], 0, None
        while True:
            query = {**params, "nextPageToken": token} if token else {**params, "page": page}
            data = self.http.call("GET", path, f"product.list_{kind}", params=query) or {}
            yield list(data.get("content") or [])
            page += 1
            if page >= int(data.get("totalPages") or 0):
                return
            if (page + 1) * size > PAGE_WINDOW:
                token = data.get("nextPageToken")
                if not token:
                    return


def _states(listing: str, row: dict[str, Any]) -> list[RemoteProductState]:
    """One listing row as product states: a content's variants, or one unapproved barcode."""
    if listing == "unapproved":
        reasons = tuple(str(r.get("rejectReasonDetail") or r.get("rejectReason") or "")
                        for r in row.get("rejectReasonDetails") or [])
        return [RemoteProductState(key=str(row.get("barcode", "")), approved=False,
                                   status=str(row.get("status") or "pendingApproval"), reasons=reasons,
                                   list_price=_money(row.get("listPrice")), sale_price=_money(row.get("salePrice")),
                                   quantity=_count(row.get("quantity")), title=row.get("title"),
                                   description=row.get("description"))]
    content_id = row.get("contentId")
    return [RemoteProductState(key=str(variant.get("barcode", "")), approved=True,
                               archived=bool(variant.get("archived")), status="approved",
                               remote_id=None if content_id in (None, "") else str(content_id),
                               list_price=_money((variant.get("price") or {}).get("listPrice")),
                               sale_price=_money((variant.get("price") or {}).get("salePrice")),
                               quantity=_count((variant.get("stock") or {}).get("quantity")),
                               title=row.get("title"), description=row.get("description"))
            for variant in row.get("variants") or []]


def _money(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def _count(value: Any) -> int | None:
    return None if value is None else int(value)
