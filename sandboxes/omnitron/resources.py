"""Generic REST behaviour of channel-scoped Omnitron resources: list, create, get, patch, delete.

Each `Collection` names its table and the few rules that differ (aliases, required and unique
fields, defaults, how rows are shown). Special endpoints live in `api.py` and `orders.py`.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sandboxes.omnitron.filtersets import declared
from sandboxes.omnitron.query import QueryError, envelope, paging, parse_filters, select
from sandboxes.omnitron.routing import ApiError, Call, Result, Router, not_found
from sandboxes.omnitron.store import Store

READ_ONLY = frozenset({"pk", "id", "created_date", "modified_date"})
# Ids arrive as numeric strings ("channel": "6"); store them as ints.
ID_FIELDS = frozenset({
    "channel", "attribute", "attribute_set", "attribute_value", "customer", "order", "order_item", "product",
    "node", "object_id", "country", "city", "township", "district", "cargo_company", "price_list", "stock_list",
    "shipping_address", "billing_address", "reason", "retail_store", "parent",
})
Serializer = Callable[[Store, dict[str, Any]], dict[str, Any]]
DEFAULT_LIMIT = 100


def public(store: Store, row: dict[str, Any]) -> dict[str, Any]:
    """A row as the API shows it: internal bookkeeping keys (leading `_`) removed."""
    return {k: v for k, v in row.items() if not k.startswith("_")}


def declared_filters(call: Call) -> frozenset[str]:
    """The filters the route of `call` declares under the sandbox's filter set."""
    return declared(call.store.settings.get("filters", "evidenced")).get(call.template, frozenset())


def coerce_ids(body: dict[str, Any]) -> dict[str, Any]:
    return {k: int(v) if k in ID_FIELDS and isinstance(v, str) and v.lstrip("-").isdigit() else v
            for k, v in body.items()}


@dataclass
class Collection:
    segment: str
    table: str
    ops: str = "L"  # any of L(ist) C(reate) R(etrieve) U(pdate) D(elete)
    aliases: dict[str, str] = field(default_factory=dict)
    required: tuple[str, ...] = ()
    unique: tuple[str, ...] = ()
    defaults: dict[str, Any] = field(default_factory=dict)
    serialize: Serializer = public
    channel_field: bool = True

    @property
    def template(self) -> str:
        return f"channel/{{ch}}/{self.segment}/"

    def register(self, router: Router) -> None:
        routes = {"L": ("GET", "", self.list_view), "C": ("POST", "", self.create), "R": ("GET", "{pk}/", self.retrieve),
                  "U": ("PATCH", "{pk}/", self.update), "D": ("DELETE", "{pk}/", self.delete)}
        for op in self.ops:
            method, suffix, handler = routes[op]
            router.add(method, self.template + suffix, handler)

    # -- handlers ---------------------------------------------------------------------------

    def list_view(self, call: Call) -> Result:
        return self.page(call, self.select(call)), 200

    def select(self, call: Call, *, scope: Iterable[int] | None = None,
               predicate: Callable[[dict[str, Any]], bool] | None = None) -> list[int]:
        ch = str(call.ch)
        try:
            filters = parse_filters(call.args, self.aliases, drop={"channel": ch, "channel_id": ch},
                                    declared=declared_filters(call))
        except QueryError as exc:
            raise ApiError(exc.status, exc.body) from None
        return select(call.store.table(self.table), filters, scope=scope, predicate=predicate,
                      sort=call.args.get("sort"))

    def page(self, call: Call, pks: list[int], serialize: Serializer | None = None) -> dict[str, Any]:
        table = call.store.table(self.table)
        show = serialize or self.serialize
        try:
            page, limit = paging(call.args, DEFAULT_LIMIT, call.store.settings.get("max_limit", 50_000))
            return envelope(pks, page, limit, call.url, call.args, lambda pk: show(call.store, table.rows[pk]))
        except QueryError as exc:
            raise ApiError(exc.status, exc.body) from None

    def retrieve(self, call: Call) -> Result:
        return self.serialize(call.store, self.row(call)), 200

    def row(self, call: Call, name: str = "pk") -> dict[str, Any]:
        row = call.store.table(self.table).get(call.pk(name))
        if row is None:
            raise not_found()
        return row

    def create(self, call: Call) -> Result:
        row = self.insert(call, call.json())
        return self.serialize(call.store, row), 201

    def insert(self, call: Call, body: dict[str, Any]) -> dict[str, Any]:
        """Validate and store a new row (400 with DRF-shaped errors when refused)."""
        data = coerce_ids({k: v for k, v in body.items() if k not in READ_ONLY and not k.startswith("_")})
        missing = {name: ["This field is required."] for name in self.required if data.get(name) in (None, "")}
        if missing:
            raise ApiError(400, missing)
        if self.channel_field:
            data["channel"] = call.ch
        self.check_unique(call.store, data)
        return call.store.create(self.table, {**self.defaults, **data})

    def check_unique(self, store: Store, data: dict[str, Any], exclude: int | None = None) -> None:
        if not self.unique:
            return
        wanted = tuple(str(data.get(f)) for f in self.unique)
        for row in store.table(self.table).rows.values():
            if row["pk"] != exclude and tuple(str(row.get(f)) for f in self.unique) == wanted:
                raise ApiError(400, {"non_field_errors": [
                    f"The fields {', '.join(self.unique)} must make a unique set."]})

    def update(self, call: Call) -> Result:
        row = self.row(call)
        changes = {k: v for k, v in coerce_ids(call.json()).items()
                   if k in row and k not in READ_ONLY and not k.startswith("_") and k != "channel"}
        self.check_unique(call.store, {**row, **changes}, exclude=row["pk"])
        return self.serialize(call.store, call.store.touch(self.table, row["pk"], changes)), 200

    def delete(self, call: Call) -> Result:
        call.store.table(self.table).delete(self.row(call)["pk"])
        return None, 204
