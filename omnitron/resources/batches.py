"""Batch requests (with their state machine), integration actions and error reports."""
from __future__ import annotations

from typing import Any, cast

from omnitron.errors import IllegalTransition
from omnitron.pagination import Paginator
from omnitron.resources.base import Creatable, Deletable, Listable, Retrievable, Updatable
from omnitron.types import BatchObject, BatchRequest, BatchStatus, ErrorReport, FailedReason, IntegrationAction

NON_TERMINAL: frozenset[str] = frozenset({"initialized", "commit", "sent_to_remote", "ongoing"})
# target status -> statuses it may be reached from (docs/omnitron.md "Batch requests")
ALLOWED_FROM: dict[str, frozenset[str]] = {
    "commit": frozenset({"initialized", "commit"}),
    "sent_to_remote": frozenset({"commit"}),
    "ongoing": frozenset({"sent_to_remote", "ongoing"}),
    "done": NON_TERMINAL,
    "fail": NON_TERMINAL,
}


def batch_object(
    pk: int, content_type: str, *, remote_id: str | None = None, version_date: str | None = None,
    failed_reason_type: FailedReason | None = None,
) -> BatchObject:
    """One `objects` entry as Omnitron expects it in commit and done."""
    return {"pk": pk, "content_type": content_type, "remote_id": remote_id,
            "version_date": version_date, "failed_reason_type": failed_reason_type}


class BatchRequests(Listable[BatchRequest], Retrievable[BatchRequest]):
    """`channel/{ch}/batch_requests/`: one per run; every transition is a named method."""

    template = "channel/{ch}/batch_requests/"

    def create(self) -> BatchRequest:
        return cast(BatchRequest, self._call("POST", json={"channel": self._channel}))

    def commit(self, batch: BatchRequest, content_type: str, objects: list[BatchObject]) -> BatchRequest:
        """Lock `objects` for this batch (additive: commit again to add more)."""
        return self._move(batch, "commit", content_type=content_type, objects=objects)

    def sent_to_remote(self, batch: BatchRequest, remote_batch_id: str) -> BatchRequest:
        return self._move(batch, "sent_to_remote", remote_batch_id=remote_batch_id)

    def ongoing(self, batch: BatchRequest) -> BatchRequest:
        return self._move(batch, "ongoing")

    def done(self, batch: BatchRequest, objects: list[BatchObject] | None) -> BatchRequest:
        """Finish: each entry's `remote_id` / `failed_reason_type` becomes its IA's state."""
        return self._move(batch, "done", objects=objects)

    def fail(self, batch: BatchRequest, objects: list[BatchObject] | None = None) -> BatchRequest:
        """Abort: Omnitron releases the batch's objects so the next run offers them again."""
        return self._move(batch, "fail", objects=objects)

    @property
    def _channel(self) -> str:
        return str(self._transport.path_defaults["ch"])

    def _move(self, batch: BatchRequest, target: BatchStatus, **fields: Any) -> BatchRequest:
        current = batch.get("status", "initialized")
        if current not in ALLOWED_FROM[target]:
            raise IllegalTransition(batch.get("pk"), current, target)
        body = dict(sorted({"channel": self._channel, "status": target, **fields}.items()))
        answer = self._call("PATCH", "{pk}/", path={"pk": batch["pk"]}, json=body)
        return cast(BatchRequest, {**batch, **fields, "status": target, **(answer or {})})


class IntegrationActions(Listable[IntegrationAction], Creatable[IntegrationAction],
                         Updatable[IntegrationAction], Deletable[IntegrationAction]):
    """`channel/{ch}/integration_actions/`: where marketplace ids live."""

    template = "channel/{ch}/integration_actions/"

    def deleted(self, model: str = "product", *, page_size: int | None = None, **filters: Any) -> Paginator[IntegrationAction]:
        """IAs whose object left the channel's scope (deleted, or removed from the catalog)."""
        return self._paginate("deleted/", page_size=page_size, model=model, **filters)


class ErrorReports(Creatable[ErrorReport]):
    """`channel/{ch}/error_reports/`: the "Marketplace Logs" sink."""

    template = "channel/{ch}/error_reports/"

    def create_address_report(self, kind: str, body: dict[str, Any]) -> dict[str, Any]:
        """`POST error_reports/{city|township|district}/`: an address the channel could not map."""
        return cast(dict[str, Any], self._call("POST", "{kind}/", path={"kind": kind}, json=body))


class OperationalEvents(Creatable[dict[str, Any]]):
    """`channel/{ch}/operational_events/`: the monitoring sink next to error reports (see events.py)."""

    template = "channel/{ch}/operational_events/"
