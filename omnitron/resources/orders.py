"""Orders, order items, cancellations, shipping infos."""
from __future__ import annotations

from typing import Any, cast

from omnitron.pagination import Paginator
from omnitron.resources.base import Creatable, Listable, Resource, Retrievable, Updatable
from omnitron.types import CancellationRequest, Order, OrderItem, Row


class Orders(Listable[Order], Retrievable[Order]):
    template = "channel/{ch}/orders/"

    def updates(self, *, page_size: int | None = None, **filters: Any) -> Paginator[Order]:
        """Orders changed in Omnitron since they were last pushed to the marketplace."""
        return self._paginate("updates/", page_size=page_size, **filters)

    def cancel(self, pk: int, cancel_items: list[int], reasons: dict[str, int],
               forced_refund_amount: str | None = None) -> dict[str, Any]:
        """Cancel units of an order: one `cancel_items` entry per unit, reasons keyed by item pk."""
        body = {"cancel_items": cancel_items, "order": pk, "reasons": reasons,
                "forced_refund_amount": forced_refund_amount}
        return cast(dict[str, Any], self._call("POST", "{pk}/cancel/", path={"pk": pk}, json=body))


class CreateOrders(Resource[Order]):
    """`create_orders/`: an order and its items in one call (one item row per unit)."""

    template = "channel/{ch}/create_orders/"

    def create(self, order: dict[str, Any], items: list[dict[str, Any]]) -> Order:
        return cast(Order, self._call("POST", json={"order": order, "order_item": items}))


class OrderItems(Listable[OrderItem], Retrievable[OrderItem], Updatable[OrderItem]):
    template = "channel/{ch}/order_items/"


class OrderShippingInfos(Creatable[Row]):
    template = "channel/{ch}/order_shipping_infos/"


class CancellationRequests(Listable[CancellationRequest], Creatable[CancellationRequest]):
    """Rows carry both `pk` and `id`."""

    template = "channel/{ch}/cancellation_requests/"

    def updates(self, *, page_size: int | None = None, **filters: Any) -> Paginator[CancellationRequest]:
        return self._paginate("updates/", page_size=page_size, **filters)


class CancellationReasons(Listable[Row]):
    template = "channel/{ch}/cancellation_reasons/"
