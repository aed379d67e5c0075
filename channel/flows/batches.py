"""Batch-request lifecycle on Omnitron, and finding the batches an earlier run left open.

Every chunk the engine sends gets its own Omnitron batch request, walked through
commit -> sent_to_remote (remote batch ids recorded) -> ongoing (while the marketplace works)
-> done (per-object remote ids and failure reasons) or fail. Because the remote ids are on
Omnitron before the engine starts polling, a run killed at any later point can be finished
by the next one from Omnitron's state alone (`open_batches`), without pushing again.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, cast

from omnitron.errors import APIError, IllegalTransition, NotAcceptable
from omnitron.resources.batches import batch_object

from channel.flows.definition import WorkItem

if TYPE_CHECKING:
    from omnitron.types import BatchObject, BatchRequest, FailedReason

    from channel.flows.runtime import Runtime

logger = logging.getLogger(__name__)

# Several writes per chunk (Trendyol's approved-product update is a content and a variant
# request) give several remote ids; Omnitron keeps one string per batch request.
REMOTE_ID_SEPARATOR = ","
WAITING_STATUSES = ("sent_to_remote", "ongoing")


def entries_per_patch(rt: Runtime) -> int:
    """Most `objects` entries one batch PATCH carries (`OMNITRON_BATCH_ENTRIES`, or the run's
    `batch_entries` option)."""
    from django.conf import settings

    return max(1, int(rt.option("batch_entries", settings.OMNITRON_BATCH_ENTRIES)))


def groups(items: list[WorkItem], limit: int) -> Iterator[list[WorkItem]]:
    """`items` in order, cut so each group's entries (items and their companions) stay within
    `limit`: commit and done of one batch then fit one PATCH each. An item never splits from
    its companions, so one with more companions than `limit` travels alone."""
    group: list[WorkItem] = []
    size = 0
    for item in items:
        entries = 1 + len(item.companions)
        if group and size + entries > limit:
            yield group
            group, size = [], 0
        group.append(item)
        size += entries
    if group:
        yield group


def create(rt: Runtime) -> BatchRequest:
    """A new batch (initialized): its pk names the chunk's write-ahead record before the commit."""
    batch = rt.omnitron.batch_requests.create()
    rt.summary.batch_ids.append(int(batch["pk"]))
    return batch


def commit(rt: Runtime, batch: BatchRequest, content_type: str, items: list[WorkItem]) -> BatchRequest:
    """Commit `items` into the batch, which locks them against other listings."""
    entries = [batch_object(entry.pk, entry.content_type, remote_id=entry.remote_id,
                            version_date=entry.version_date)
               for item in items for entry in [item, *item.companions]]
    return rt.omnitron.batch_requests.commit(batch, content_type, entries)


def record_remote(rt: Runtime, batch: BatchRequest, remote_ids: list[str]) -> BatchRequest:
    """sent_to_remote: from here on the batch can be finished by any later run."""
    joined = REMOTE_ID_SEPARATOR.join(remote_ids)
    rt.summary.remote_batch_ids.extend(remote_ids)
    return rt.omnitron.batch_requests.sent_to_remote(batch, joined)


def remote_ids_of(batch: BatchRequest) -> list[str]:
    raw = batch.get("remote_batch_id") or ""
    return [part for part in raw.split(REMOTE_ID_SEPARATOR) if part]


class FinishedElsewhere(Exception):
    """Another run (a check flow polling the same batch) finished it first."""


def mark_ongoing(rt: Runtime, batch: BatchRequest) -> BatchRequest:
    if batch.get("status") == "ongoing":
        return batch
    try:
        return rt.omnitron.batch_requests.ongoing(batch)
    except NotAcceptable:  # refused: someone else moved it on; `finish` finds out
        return batch


def done_entries(items: list[WorkItem]) -> list[BatchObject]:
    """The `objects` of the done PATCH: what Omnitron writes into each integration action."""
    entries: list[BatchObject] = []
    for item in (entry for top in items for entry in top.with_companions()):
        reason_type = cast("FailedReason", item.failure[0]) if item.failure else None
        entries.append(batch_object(item.pk, item.content_type, remote_id=item.remote_id,
                                    version_date=item.version_date, failed_reason_type=reason_type))
    return entries


def finish(rt: Runtime, batch: BatchRequest, items: list[WorkItem]) -> BatchRequest:
    """done with every decided item; items absent from the list are released unchanged.

    Raises FinishedElsewhere when Omnitron refuses because the batch is already terminal
    (a check run and a sync run may poll the same batch; the first to finish wins).
    """
    try:
        return rt.omnitron.batch_requests.done(batch, done_entries(items))
    except NotAcceptable:
        current = rt.omnitron.batch_requests.get(batch["pk"])
        if current.get("status") in ("done", "fail"):
            raise FinishedElsewhere(f"batch {batch['pk']} is already {current['status']}") from None
        raise


def abort(rt: Runtime, batch: BatchRequest, why: str) -> None:
    """fail: release the batch's objects so a later run offers them again. Never raises."""
    rt.summary.failed_batches += 1
    rt.summary.notes.append(f"batch {batch.get('pk')} failed: {why}"[:500])
    try:
        rt.omnitron.batch_requests.fail(batch)
    except (APIError, IllegalTransition) as exc:
        logger.error("could not fail batch %s of channel %s: %s", batch.get("pk"), rt.ctx.channel_id, exc)


def fence(rt: Runtime, pk: int) -> bool:
    """fail a batch whose commit got no answer, so a commit still on its way is refused and
    locks nothing; a batch already final stays as it is. False when Omnitron could not be told."""
    try:
        rt.omnitron.batch_requests.fail({"pk": pk, "status": "initialized"})
    except NotAcceptable:
        logger.info("batch %s was already final", pk)
    except APIError as exc:
        logger.warning("could not fail batch %s of channel %s: %s", pk, rt.ctx.channel_id, exc)
        return False
    return True


def unfinished(rt: Runtime, content_type: str) -> list[BatchRequest]:
    """This channel's batches of `content_type` that no run finished: in one listing, those
    waiting on the marketplace (sent_to_remote, ongoing) and those never pushed (commit)."""
    statuses = ["commit", *WAITING_STATUSES]
    rows = rt.omnitron.batch_requests.list(status=statuses, content_type=content_type, channel=rt.ctx.channel_id)
    return [row for row in rows if row.get("status") in statuses and row.get("content_type") == content_type]


def committed_pks(batch: BatchRequest, content_type: str) -> list[int]:
    """The pks a batch committed for `content_type` (its `objects` as Omnitron keeps them)."""
    objects: list[Any] = batch.get("objects") or []
    return [int(entry["pk"]) for entry in objects
            if isinstance(entry, dict) and entry.get("content_type", content_type) == content_type]


def committed_remote_ids(batch: BatchRequest) -> dict[int, str]:
    """pk -> the remote id an entry was committed with (updates commit the known id)."""
    objects: list[Any] = batch.get("objects") or []
    return {int(entry["pk"]): str(entry["remote_id"]) for entry in objects
            if isinstance(entry, dict) and entry.get("remote_id")}
