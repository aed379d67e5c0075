"""Which objects the `inserts/` and `updates/` listings hold, kept current on every write.

Deriving a listing by testing every row (`Tracker.is_insert` / `is_update`) costs a scan of
the whole table per request, however short the page. Instead, each write that can change an
object's answer (the object's own row, its integration action, the status of the batch
that locks it) re-tests just that object, and the listings read ready sets: a request then
costs set operations plus the page it serialises.
"""
from __future__ import annotations

from typing import Any

from sandboxes.omnitron.store import Row, Store, ia_ref
from sandboxes.omnitron.tracking import Tracker

# model -> the table its objects live in
MODEL_TABLES = {"product": "products", "productprice": "prices", "productstock": "stocks",
                "productimage": "images", "order": "orders", "cancellationrequest": "cancellation_requests"}
TABLE_MODELS = {table: model for model, table in MODEL_TABLES.items()}


class Listings:
    """Per model, the pks `inserts/` and `updates/` would list (before scope and query filters)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.tracker = Tracker(store)
        self.inserts: dict[str, set[int]] = {model: set() for model in MODEL_TABLES}
        self.updates: dict[str, set[int]] = {model: set() for model in MODEL_TABLES}

    @classmethod
    def attach(cls, store: Store) -> Listings:
        """Derive the sets from the store as it is, and keep them current from now on."""
        listings = cls(store)
        store.derived = listings
        listings.rebuild()
        return listings

    def pending(self, model: str, kind: str) -> set[int]:
        """`kind` is "inserts", "updates" or "inserts_or_updates"."""
        if kind == "inserts":
            return self.inserts[model]
        if kind == "updates":
            return self.updates[model]
        return self.inserts[model] | self.updates[model]

    def rebuild(self) -> None:
        """Re-test every object (after a settings change: `max_failures` moves the answers)."""
        for model, table in MODEL_TABLES.items():
            self.inserts[model].clear()
            self.updates[model].clear()
            for pk in list(self.store.table(table).rows):
                self.refresh(model, pk)

    def refresh(self, model: str, pk: Any) -> None:
        row = self.store.table(MODEL_TABLES[model]).get(pk)
        pk = int(pk)
        for kind, test in ((self.inserts, self.tracker.is_insert), (self.updates, self.tracker.is_update)):
            if row is not None and test(model, row):
                kind[model].add(pk)
            else:
                kind[model].discard(pk)

    def changed(self, table: str, before: Row | None, after: Row | None) -> None:
        """The store's write hook: re-test the objects this write can affect."""
        if table in TABLE_MODELS:
            self.refresh(TABLE_MODELS[table], (after or before or {})["pk"])
        elif table == "integration_actions":
            for ref in {ia_ref(row) for row in (before, after) if row is not None}:
                model, _, object_id = ref.partition(":")
                if model in MODEL_TABLES and object_id.isdigit():
                    self.refresh(model, object_id)
        elif table == "batch_requests" and after is not None and (before or {}).get("status") != after["status"]:
            self._refresh_locked_by(after["pk"])

    def _refresh_locked_by(self, batch_pk: int) -> None:
        """A batch's status decides whether the objects it locks are listed."""
        ias = self.store.table("integration_actions")
        for pk in ias.lookup("_locked_by", [str(batch_pk)]):
            self.changed("integration_actions", None, ias.rows[pk])
