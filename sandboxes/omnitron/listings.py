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
    """Per channel and model, the pks `inserts/` and `updates/` would list (before scope and query
    filters): each channel has its own integration actions, so its own answers."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.tracker = Tracker(store)
        self.inserts: dict[tuple[int, str], set[int]] = {}
        self.updates: dict[tuple[int, str], set[int]] = {}

    def channels(self) -> list[int]:
        return [int(pk) for pk in self.store.table("channels").rows] or [1]

    @classmethod
    def attach(cls, store: Store) -> Listings:
        """Derive the sets from the store as it is, and keep them current from now on."""
        listings = cls(store)
        store.derived = listings
        listings.rebuild()
        return listings

    def pending(self, model: str, kind: str, channel: int = 1) -> set[int]:
        """`kind` is "inserts", "updates" or "inserts_or_updates"."""
        key = (int(channel), model)
        if key not in self.inserts:
            self._build(*key)
        if kind == "inserts":
            return self.inserts[key]
        if kind == "updates":
            return self.updates[key]
        return self.inserts[key] | self.updates[key]

    def rebuild(self) -> None:
        """Re-test every object (after a settings change: `max_failures` moves the answers)."""
        self.inserts.clear()
        self.updates.clear()
        for channel in self.channels():
            for model in MODEL_TABLES:
                self._build(channel, model)

    def _build(self, channel: int, model: str) -> None:
        self.inserts[(channel, model)], self.updates[(channel, model)] = set(), set()
        for pk in list(self.store.table(MODEL_TABLES[model]).rows):
            self.refresh(model, pk, channel)

    def refresh(self, model: str, pk: Any, channel: int | None = None) -> None:
        """Re-test one object for one channel (None: for every channel whose sets exist)."""
        row = self.store.table(MODEL_TABLES[model]).get(pk)
        pk = int(pk)
        channels = [channel] if channel is not None else sorted({ch for ch, m in self.inserts if m == model})
        for ch in channels:
            for kind, test in ((self.inserts, self.tracker.is_insert), (self.updates, self.tracker.is_update)):
                found = kind.setdefault((ch, model), set())
                if row is not None and test(model, row, ch):
                    found.add(pk)
                else:
                    found.discard(pk)

    def changed(self, table: str, before: Row | None, after: Row | None) -> None:
        """The store's write hook: re-test the objects this write can affect."""
        if table in TABLE_MODELS:
            self.refresh(TABLE_MODELS[table], (after or before or {})["pk"])
        elif table == "integration_actions":
            for ref in {ia_ref(row) for row in (before, after) if row is not None}:
                channel, model, object_id = ref.split(":", 2)
                if model in MODEL_TABLES and object_id.isdigit() and channel.isdigit():
                    self.refresh(model, object_id, int(channel))
        elif table == "batch_requests" and after is not None and (before or {}).get("status") != after["status"]:
            self._refresh_locked_by(after["pk"])

    def _refresh_locked_by(self, batch_pk: int) -> None:
        """A batch's status decides whether the objects it locks are listed."""
        ias = self.store.table("integration_actions")
        for pk in ias.lookup("_locked_by", [str(batch_pk)]):
            self.changed("integration_actions", None, ias.rows[pk])
