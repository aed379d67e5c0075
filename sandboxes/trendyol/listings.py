"""The product filter listings (Product V2): approved contents and unapproved barcodes.

    GET /product/sellers/{id}/products/approved     contents (variants inside), size <= 100;
        barcode, barcodes (<= 50), contentId, productMainId, stockCode,
        status (archived|blacklisted|locked|onSale|notOnSale), startDate/endDate + dateQueryType
        (VARIANT_CREATED_DATE | VARIANT_MODIFIED_DATE | CONTENT_MODIFIED_DATE), page, nextPageToken
    GET /product/sellers/{id}/products/unapproved   one row per barcode, size <= 1000;
        status (rejected|pendingApproval), dateQueryType CREATED_DATE | LAST_MODIFIED_DATE

Rules as documented: `page x size <= 10,000` (deeper pages only through `nextPageToken`),
400 with `{"errors": [...]}` for a bad size, too many barcodes or an unknown status. A
pending or rejected product is listed only as unapproved; an approved one (archived included)
only as approved. No date window or time zone is documented for these filters: dates compare
with the stored epochs as sent.
"""
from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from flask import Blueprint, jsonify, request

from sandboxes.trendyol import validation
from sandboxes.trendyol.responses import product_error
from sandboxes.trendyol.state import Product, SandboxState, get_state

blueprint = Blueprint("trendyol_listings", __name__, url_prefix="/integration")

PAGE_WINDOW = 10_000
MAX_BARCODES = 50
APPROVED_STATUSES = {"archived", "blacklisted", "locked", "onSale", "notOnSale"}
UNAPPROVED_STATUSES = {"rejected", "pendingApproval"}
APPROVED_DATES: dict[str, Callable[[Product], float]] = {
    "VARIANT_CREATED_DATE": lambda p: p.created, "VARIANT_MODIFIED_DATE": lambda p: p.modified,
    "CONTENT_MODIFIED_DATE": lambda p: p.modified,
}
UNAPPROVED_DATES: dict[str, Callable[[Product], float]] = {
    "CREATED_DATE": lambda p: p.created, "LAST_MODIFIED_DATE": lambda p: p.modified,
}


class ListingError(ValueError):
    """A filter Trendyol answers with 400."""


def on_sale(product: Product) -> bool:
    """Approved, not archived, in stock (locked and blacklisted are not modelled)."""
    return product.status == "approved" and not product.archived and product.quantity > 0


def _offset(max_size: int) -> tuple[int, int]:
    """(offset, size) from page/size or nextPageToken, enforcing the documented limits."""
    size = int(request.args.get("size") or 50)
    if not 1 <= size <= max_size:
        raise ListingError(f"size must be between 1 and {max_size}")
    token = request.args.get("nextPageToken")
    if token:
        try:
            return int(base64.urlsafe_b64decode(token.encode()).decode()), size
        except ValueError as exc:
            raise ListingError("nextPageToken is not valid") from exc
    page = int(request.args.get("page") or 0)
    if page < 0 or (page + 1) * size > PAGE_WINDOW:
        raise ListingError(f"page x size may not exceed {PAGE_WINDOW}; use nextPageToken")
    return page * size, size


def _common(rows: list[Product], dates: dict[str, Callable[[Product], float]]) -> list[Product]:
    """Filters both listings share: barcode(s), productMainId, stockCode, date window."""
    args = request.args
    wanted = [b for b in (args.get("barcodes") or "").split(",") if b] + ([args["barcode"]] if args.get("barcode")
                                                                         else [])
    if len(wanted) > MAX_BARCODES:
        raise ListingError(f"barcodes accepts at most {MAX_BARCODES} values")
    if wanted:
        keep = {validation.clean_barcode(b) for b in wanted}
        rows = [p for p in rows if p.barcode in keep]
    for name, field in (("productMainId", "productMainId"), ("stockCode", "stockCode")):
        if args.get(name):
            rows = [p for p in rows if str(p.fields.get(field)) == args[name]]
    start, end = args.get("startDate"), args.get("endDate")
    if start or end:
        kind = args.get("dateQueryType") or next(iter(dates))
        if kind not in dates:
            raise ListingError(f"dateQueryType must be one of {', '.join(dates)}")
        lo, hi = (int(start) / 1000 if start else float("-inf")), (int(end) / 1000 if end else float("inf"))
        rows = [p for p in rows if lo <= dates[kind](p) <= hi]
    return rows


def _page(rows: list[Any], offset: int, size: int) -> dict[str, Any]:
    total = len(rows)
    following = offset + size
    token = base64.urlsafe_b64encode(str(following).encode()).decode() if following < total else None
    return {"totalElements": total, "totalPages": -(-total // size), "page": offset // size, "size": size,
            "nextPageToken": token}


def content_json(state: SandboxState, variants: list[Product]) -> dict[str, Any]:
    first = variants[0]
    fields = first.fields
    return {
        "contentId": first.content_id, "productMainId": fields.get("productMainId"),
        "brand": {"id": fields.get("brandId")}, "category": {"id": fields.get("categoryId")},
        "creationDate": int(min(v.created for v in variants) * 1000),
        "lastModifiedDate": int(max(v.modified for v in variants) * 1000), "lastModifiedBy": "API",
        "title": fields.get("title"), "description": fields.get("description"), "images": fields.get("images") or [],
        "attributes": fields.get("attributes") or [],
        "variants": [{
            "variantId": v.variant_id, "supplierId": state.seller_id, "barcode": v.barcode,
            "stockCode": v.fields.get("stockCode"), "onSale": on_sale(v), "archived": v.archived,
            "archivedDate": int(v.archived_at * 1000) if v.archived_at else None, "locked": False,
            "blacklisted": False, "vatRate": v.fields.get("vatRate"),
            "price": {"salePrice": v.sale_price, "listPrice": v.list_price},
            "stock": {"quantity": v.quantity,
                      "lastModifiedDate": int(v.stock_modified * 1000) if v.stock_modified else None},
            "sellerCreatedDate": int(v.created * 1000), "sellerModifiedDate": int(v.modified * 1000),
        } for v in variants],
    }


def unapproved_json(state: SandboxState, product: Product) -> dict[str, Any]:
    fields = product.fields
    return {
        "supplierId": state.seller_id, "barcode": product.barcode, "productMainId": fields.get("productMainId"),
        "status": product.status, "title": fields.get("title"), "description": fields.get("description"),
        "createDateTime": int(product.created * 1000), "lastUpdateDate": int(product.modified * 1000),
        "brand": {"id": fields.get("brandId")}, "category": {"id": fields.get("categoryId")},
        "quantity": product.quantity, "listPrice": product.list_price, "salePrice": product.sale_price,
        "stockCode": fields.get("stockCode"), "vatRate": fields.get("vatRate"), "docNeeded": False,
        "media": fields.get("images") or [], "attributes": fields.get("attributes") or [],
        "rejectReasonDetails": [{"rejectReason": reason, "rejectReasonDetail": reason}
                                for reason in product.reject_reasons],
    }


def _status_filter(product: Product, status: str) -> bool:
    return {"archived": product.archived, "onSale": on_sale(product), "notOnSale": not on_sale(product),
            "locked": False, "blacklisted": False}[status]


@blueprint.get("/product/sellers/<int:seller_id>/products/approved")
def approved(seller_id: int):  # noqa: ANN201 - Flask view
    state = get_state()
    status = request.args.get("status")
    try:
        if status and status not in APPROVED_STATUSES:
            raise ListingError(f"status must be one of {', '.join(sorted(APPROVED_STATUSES))}")
        offset, size = _offset(100)
        with state.lock:
            rows = _common([p for p in state.products.values() if p.status == "approved"], APPROVED_DATES)
            if status:
                rows = [p for p in rows if _status_filter(p, status)]
            if request.args.get("contentId"):
                rows = [p for p in rows if str(p.content_id) == request.args["contentId"]]
            contents: dict[int, list[Product]] = {}
            for product in sorted(rows, key=lambda p: (p.created, p.barcode)):
                contents.setdefault(product.content_id, []).append(product)
            groups = list(contents.values())
            body = _page(groups, offset, size)
            body["content"] = [content_json(state, group) for group in groups[offset:offset + size]]
    except (ListingError, ValueError) as exc:
        return product_error(400, "invalid.filter", str(exc))
    return jsonify(body)


@blueprint.get("/product/sellers/<int:seller_id>/products/unapproved")
def unapproved(seller_id: int):  # noqa: ANN201
    state = get_state()
    status = request.args.get("status")
    try:
        if status and status not in UNAPPROVED_STATUSES:
            raise ListingError(f"status must be one of {', '.join(sorted(UNAPPROVED_STATUSES))}")
        offset, size = _offset(1000)
        with state.lock:
            rows = _common([p for p in state.products.values() if p.status != "approved"], UNAPPROVED_DATES)
            if status:
                rows = [p for p in rows if p.status == status]
            rows.sort(key=lambda p: (p.created, p.barcode))
            body = _page(rows, offset, size)
            body["content"] = [unapproved_json(state, p) for p in rows[offset:offset + size]]
    except (ListingError, ValueError) as exc:
        return product_error(400, "invalid.filter", str(exc))
    return jsonify(body)
