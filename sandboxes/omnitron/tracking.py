"""Integration actions and batch requests: how Omnitron remembers what the channel has seen.

Implements docs/omnitron.md "Integration actions": `commit` creates/locks IAs, `done` stores remote ids and
versions, `fail` releases the batch's objects. `inserts`/`updates` listings are derived from
this state (see `is_insert` / `is_update`). A per-object failure is offered again on later
runs until it has failed `max_failures` times at the same version (like Omnitron's
failed-integration retry counter), and always after the object changes.
"""
from __future__ import annotations

from typing import Any

from sandboxes.omnitron.query import order_key
from sandboxes.omnitron.store import Store

NON_TERMINAL = frozenset({"initialized", "commit", "sent_to_remote", "ongoing"})
ALLOWED_FROM: dict[str, frozenset[str]] = {
    "commit": frozenset({"initialized", "commit"}),
    "sent_to_remote": frozenset({"commit"}),
    "ongoing": frozenset({"sent_to_remote", "ongoing"}),
    "done": NON_TERMINAL,
    "fail": NON_TERMINAL,
}


class TransitionRefused(Exception):
    """Answered as 406 with the `batch_request_status_100_1` code the reference app checks."""

    def __init__(self, pk: int, current: str, target: str) -> None:
        self.body = {
            "non_field_errors": [f"batch_request_status_100_1: batch request {pk} cannot move "
                                 f"from {current} to {target}"],
            "error_code": "batch_request_status_100_1",
        }
        super().__init__(self.body["non_field_errors"][0])


class Tracker:
    """IA bookkeeping on top of the store (call with `store.lock` held, or shared for reads)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.ias = store.table("integration_actions")
        self.batches = store.table("batch_requests")

    # -- lookups ----------------------------------------------------------------------------

    def content_type(self, model: str) -> dict[str, Any]:
        for row in self.store.table("content_types").rows.values():
            if row["model"] == model:
                return {"id": row["pk"], "app_label": row["app_label"], "model": model}
        return {"id": None, "app_label": "", "model": model}

    def find(self, model: str, object_id: Any, channel: Any = 1) -> dict[str, Any] | None:
        found = self.ias.lookup("_ref", [f"{channel}:{model}:{object_id}"])
        return self.ias.rows[min(found)] if found else None

    def locked(self, ia: dict[str, Any]) -> bool:
        batch = self.batches.get(ia.get("_locked_by"))
        return batch is not None and batch["status"] in NON_TERMINAL

    def _retry_allowed(self, ia: dict[str, Any], row: dict[str, Any]) -> bool:
        if ia["_failures"] < self.store.settings.get("max_failures", 3):
            return True
        return newer(row.get("modified_date"), ia.get("_failed_version"))

    def is_insert(self, model: str, row: dict[str, Any], channel: Any = 1) -> bool:
        ia = self.find(model, row["pk"], channel)
        if ia is None:
            return True
        if ia["_synced"] or self.locked(ia):
            return False
        return ia["status"] != "error" or self._retry_allowed(ia, row)

    def is_update(self, model: str, row: dict[str, Any], channel: Any = 1) -> bool:
        ia = self.find(model, row["pk"], channel)
        if ia is None or not ia["_synced"] or self.locked(ia):
            return False
        if ia["status"] == "error":
            return self._retry_allowed(ia, row)
        return newer(row.get("modified_date"), ia.get("version_date"))

    def is_synced(self, model: str, object_id: Any, channel: Any = 1) -> bool:
        ia = self.find(model, object_id, channel)
        return ia is not None and ia["_synced"]

    # -- writes -----------------------------------------------------------------------------

    def create_ia(self, channel: int, model: str, object_id: int, **fields: Any) -> dict[str, Any]:
        base = {"channel": channel, "content_type": self.content_type(model), "object_id": object_id,
                "remote_id": None, "version_date": None, "state": {}, "local_batch_id": None, "status": None,
                "_synced": False, "_locked_by": None, "_prev_status": None, "_failures": 0,
                "_failed_version": None}
        base.update(fields)
        return self.store.create("integration_actions", base)

    def transition(self, batch: dict[str, Any], target: str, body: dict[str, Any]) -> dict[str, Any]:
        current = batch["status"]
        if target not in ALLOWED_FROM or current not in ALLOWED_FROM[target]:
            raise TransitionRefused(batch["pk"], current, target)
        objects = body.get("objects")
        changes: dict[str, Any] = {"status": target}
        if target == "commit":
            if body.get("content_type"):
                changes["content_type"] = body["content_type"]
            new = list(objects or [])
            self._commit(batch, body.get("content_type") or batch.get("content_type"), new)
            changes["objects"] = (batch.get("objects") or []) + new
        elif target == "done":
            self._finish(batch, objects or [], success=True)
            changes["objects"] = objects
        elif target == "fail":
            self._finish(batch, objects or [], success=False)
            changes["objects"] = objects
        if body.get("remote_batch_id") is not None:
            changes["remote_batch_id"] = body["remote_batch_id"]
        return self.store.touch("batch_requests", batch["pk"], changes)

    def _entry_ia(self, batch: dict[str, Any], default_model: str | None, entry: dict[str, Any]) -> dict[str, Any]:
        model = entry.get("content_type") or default_model or "product"
        object_id = int(entry["pk"])
        ia = self.find(model, object_id, batch["channel"])
        if ia is None:
            ia = self.create_ia(batch["channel"], model, object_id)
        return ia

    def _commit(self, batch: dict[str, Any], model: str | None, entries: list[dict[str, Any]]) -> None:
        for entry in entries:
            ia = self._entry_ia(batch, model, entry)
            changes: dict[str, Any] = {"local_batch_id": batch["local_batch_id"], "_locked_by": batch["pk"]}
            if not self.locked(ia):
                changes["_prev_status"] = ia["status"]
            changes["status"] = "processing"
            if entry.get("remote_id") is not None:
                changes["remote_id"] = entry["remote_id"]
            self.store.touch("integration_actions", ia["pk"], changes)
            if entry.get("failed_reason_type"):
                self._record(ia, entry, success=False)

    def _finish(self, batch: dict[str, Any], entries: list[dict[str, Any]], success: bool) -> None:
        seen: set[int] = set()
        for entry in entries:
            ia = self._entry_ia(batch, batch.get("content_type"), entry)
            seen.add(ia["pk"])
            ok = success and not entry.get("failed_reason_type")
            if success or entry.get("failed_reason_type"):
                self._record(ia, entry, success=ok)
            else:
                self._release(ia)
        for pk in list(self.ias.lookup("local_batch_id", [str(batch["local_batch_id"])])):
            ia = self.ias.rows[pk]
            if pk not in seen and ia.get("_locked_by") == batch["pk"]:
                self._release(ia)

    def _record(self, ia: dict[str, Any], entry: dict[str, Any], success: bool) -> None:
        changes: dict[str, Any] = {"_locked_by": None}
        if entry.get("remote_id") is not None:
            changes["remote_id"] = entry["remote_id"]
        if success:
            changes.update(status="success", _synced=True, _failures=0, _failed_version=None)
            if entry.get("version_date"):
                changes["version_date"] = entry["version_date"]
        else:
            version = entry.get("version_date")
            same = version is not None and version == ia.get("_failed_version")
            changes.update(status="error", _failed_version=version,
                           _failures=(ia["_failures"] + 1) if same or ia["_failed_version"] is None else 1)
            self.store.create("failed_integrations", {
                "integration_action": ia["pk"], "object_id": ia["object_id"],
                "content_type": ia["content_type"], "reason_type": entry.get("failed_reason_type"),
                "version_date": version, "retry_count": changes["_failures"],
                "max_retry_count": self.store.settings.get("max_failures", 3),
            })
        self.store.touch("integration_actions", ia["pk"], changes)

    def _release(self, ia: dict[str, Any]) -> None:
        self.store.touch("integration_actions", ia["pk"], {"_locked_by": None, "status": ia.get("_prev_status")})


def newer(modified: Any, version: Any) -> bool:
    """True when `modified` is later than `version` (a missing version counts as never synced)."""
    if version is None:
        return True
    if modified is None:
        return False
    if _canonical(modified) and _canonical(version):  # the usual case, without parsing dates
        return bool(modified > version)
    left, right = order_key(modified), order_key(version)
    if type(left) is not type(right):
        return str(left) > str(right)
    return bool(left > right)


def _canonical(stamp: Any) -> bool:
    """`2024-01-02T07:53:06.392780Z`, the one format the store's clock writes: fixed width,
    so comparing the strings compares the instants."""
    return isinstance(stamp, str) and len(stamp) == 27 and stamp[10] == "T" and stamp[19] == "." and stamp[26] == "Z"
