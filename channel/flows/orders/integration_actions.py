"""Integration actions for orders and items, written through one batch request per page.

Omnitron creates an IA for each `objects` entry of a committed batch and stores its
`remote_id` and `version_date` on done (docs/omnitron.md "Integration actions"). The order's IA carries the live
package id (a replacement package moves it), each item's IA its unit id; later flows resolve
marketplace ids through them. A run killed between `create_orders` and this write leaves
orders without IAs: the next import sees them by number and records them then, and
`orders_check` finishes any batch left in `commit`.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from omnitron import families
from omnitron.resources.batches import batch_object

from channel.flows.batches import entries_per_patch


if TYPE_CHECKING:
    from omnitron.types import BatchObject

    from channel.flows.runtime import Runtime

ORDER, ORDER_ITEM = "order", "orderitem"


def order_entries(order: dict[str, Any], package_id: str, items: Iterable[dict[str, Any]],
                  version_date: str | None = None) -> list[BatchObject]:
    """The order's entry (remote id = package) and one per item (remote id = unit id)."""
    entries = [batch_object(int(order["pk"]), ORDER, remote_id=package_id,
                            version_date=version_date or order.get("modified_date"))]
    for item in items:
        unit = (item.get("extra_field") or {}).get("id")
        entries.append(batch_object(int(item["pk"]), ORDER_ITEM, remote_id=None if unit is None else str(unit),
                                    version_date=item.get("modified_date")))
    return entries


def extra(row: Mapping[str, Any] | None, key: str) -> str:
    """A marketplace id Omnitron keeps in a row's `extra_field` (unit `id`, `order_number`, ...); "" when absent."""
    return str(((row or {}).get("extra_field") or {}).get(key) or "")


def items_of(rt: Runtime, orders: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    """Items per order pk: from the order rows when Omnitron embedded them, else one bulk read."""
    found: dict[int, list[dict[str, Any]]] = {}
    missing = []
    for order in orders:
        if isinstance(order.get("orderitem_set"), list):
            found[int(order["pk"])] = list(order["orderitem_set"])
        else:
            missing.append(int(order["pk"]))
    for item in rt.omnitron.filters.rows(families.ORDER_ITEMS_BY_ORDER, missing):
        found.setdefault(int(item["order"]), []).append(item)
    return found


def items_holding(rt: Runtime, unit_ids: list[str]) -> list[dict[str, Any]]:
    """The Omnitron order items whose IAs name these units (two requests: the item IAs, the items)."""
    if not unit_ids:
        return []
    item_pks = sorted({int(ia["object_id"]) for ia in rt.omnitron.integration_actions.in_bulk(
        "remote_id", unit_ids, content_type_name=ORDER_ITEM)})
    return [dict(row) for row in rt.omnitron.filters.rows(families.ORDER_ITEMS_BY_PK, item_pks)]


def record(rt: Runtime, entries: list[BatchObject], content_type: str = ORDER) -> None:
    """create -> commit -> done: three requests per `OMNITRON_BATCH_ENTRIES` entries (an
    order and its items stay in one batch)."""
    client = rt.omnitron.batch_requests
    for part in _parts(entries, entries_per_patch(rt)):
        batch = client.create()
        rt.summary.batch_ids.append(int(batch["pk"]))
        batch = client.commit(batch, content_type, part)
        client.done(batch, part)


def _parts(entries: list[BatchObject], limit: int) -> list[list[BatchObject]]:
    """Entries cut before an entry that is not an item once a part is full."""
    parts: list[list[BatchObject]] = []
    for entry in entries:
        if not parts or (len(parts[-1]) >= limit and entry["content_type"] != ORDER_ITEM):
            parts.append([])
        parts[-1].append(entry)
    return parts


def order_ias(rt: Runtime, order_pks: list[int]) -> dict[int, dict[str, Any]]:
    """The order IAs of `order_pks` (one request per 200 orders)."""
    if not order_pks:
        return {}
    return {int(ia["object_id"]): dict(ia)
            for ia in rt.omnitron.integration_actions.in_bulk("object_id", order_pks, content_type_name=ORDER)}


def unrecorded(ia: dict[str, Any] | None) -> bool:
    """True when an order has no IA, or only one a failed batch released (status null).

    An IA in error (a later update the marketplace refused) or processing (in a batch right
    now) is left alone: re-recording it would clear the error or race the batch.
    """
    return ia is None or ia.get("status") is None
