"""The one loop every catalog sync runs: `sync(rt, flow)`; `send(...)` and `check(...)` make
flow bodies of it (`channel.flows.lifecycle.run_flow` runs them).

    resume batches a killed run left waiting on the marketplace (from Omnitron's state)
    repeat until the listing is empty or the per-run cap is reached:
        read page 1 of the pending listing (large pages; committed objects drop out of it)
        for each chunk of the adapter's limit:
            enrich in bulk and map                     (flow.prepare)
            create batch, commit the chunk             (objects locked)
            push                                       (flow.push)
            sent_to_remote with the remote batch ids   (from here any run can finish it)
            poll; ongoing while the marketplace works
            done with remote ids and failure reasons, or fail if nothing was sent
            error reports for failed objects

A dry run reads, enriches, maps and validates through the same hooks, and reports what it
would send without writing to either side.
"""
from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from channel.adapters import PushResult, RequestRejected, UnsupportedOperation
from channel import faultpoints
from channel.flows import batches, error_reports, outcomes, writeahead
from channel.flows.definition import CatalogFlow, WorkItem
from channel.flows.runtime import Runtime

if TYPE_CHECKING:
    from omnitron.pagination import Paginator
    from omnitron.types import BatchRequest

    from channel.flows.registry import Body
    from channel.models import PendingPush

logger = logging.getLogger(__name__)

DUPLICATE_KEY = "another object of the same run has the same marketplace key ({key})"


def send(*flows: CatalogFlow) -> Body:
    """The body of a flow that drains `flows` back to back on one runtime (insert then update,
    as the template does)."""

    def run(rt: Runtime) -> None:
        for flow in flows:
            sync(rt, flow)

    return run


def check(flow: CatalogFlow) -> Body:
    """The body of a check flow: only finish `flow`'s batches that wait on the marketplace."""

    def run(rt: Runtime) -> None:
        if rt.ctx.dry_run:
            return
        try:
            resume_open_batches(rt, flow)
        except outcomes.StillProcessing as exc:
            rt.summary.notes.append(str(exc))

    return run


def sync(rt: Runtime, flow: CatalogFlow) -> None:
    """Drain `flow`'s listing on `rt` (or, on a dry run, read and map it without writing)."""
    if flow.operation and not rt.adapter.supports(flow.operation):
        raise UnsupportedOperation(f"{rt.adapter.name}: {flow.operation.replace('_', ' ')}")
    if rt.ctx.dry_run:
        _dry_run(rt, flow)
        return
    try:
        resume_open_batches(rt, flow)
        _drain(rt, flow)
    except outcomes.StillProcessing as exc:
        rt.summary.notes.append(f"{exc}; the next run or the check flow finishes them")


# ---- the loop ---------------------------------------------------------------------------------

def _chunk_size(rt: Runtime) -> int:
    return int(rt.option("chunk_size", rt.adapter.limits.items_per_request))


def _drain(rt: Runtime, flow: CatalogFlow) -> None:
    rows = pending_rows(flow.source(rt), rt.cache.setdefault(f"seen:{flow.name}", set()))
    _in_chunks(rt, rows, lambda chunk: send_chunk(rt, flow, chunk), flow.name)


def _in_chunks(rt: Runtime, pages: Iterable[tuple[int | None, list[dict[str, Any]]]],
               handle: Callable[[list[dict[str, Any]]], None], stage: str) -> None:
    """Feed `handle` chunks of the adapter's limit, report progress (each page, each chunk), stop at
    the per-run cap."""
    total: int | None = None
    size = _chunk_size(rt)
    for count, rows in pages:
        if total is None and count is not None:
            total = min(count, rt.max_objects)
        rows = rows[:rt.max_objects - rt.summary.fetched]
        rt.ctx.report_progress(rt.summary.fetched, total, stage)  # a page read: the total is known early
        for start in range(0, len(rows), size):
            chunk = rows[start:start + size]
            rt.summary.fetched += len(chunk)
            handle(chunk)
            rt.ctx.report_progress(rt.summary.fetched, total, stage)
        if rt.summary.fetched >= rt.max_objects:
            rt.summary.notes.append(f"stopped at the per-run cap of {rt.max_objects} objects")
            return


def pending_rows(listing: Paginator[Any], seen: set[Any]) -> Iterator[tuple[int | None, list[dict[str, Any]]]]:
    """Rows of a listing that shrinks as batches finish, each row at most once per run.

    Committed rows leave the listing, so page 1 is read again after each page. Rows that
    failed may stay listed (Omnitron offers failures again on later runs); they are skipped,
    and when a page holds nothing new the next page is read, so failures never stall a run.
    """
    number = 1
    while True:
        page = listing.fetch(number)
        fresh = [row for row in page.results if _row_key(row) not in seen]
        if fresh:
            seen.update(_row_key(row) for row in fresh)
            yield page.count, fresh
            continue
        if not page.has_next or not page.results:
            return
        number += 1


def _row_key(row: dict[str, Any]) -> Any:
    return row.get("pk", row.get("id"))


def _mark_duplicates(items: list[WorkItem]) -> None:
    seen: set[str] = set()
    for item in items:
        if not item.sendable or not item.key:
            continue
        if item.key in seen:
            item.fail(DUPLICATE_KEY.format(key=item.key))
        seen.add(item.key)


def _prepare(rt: Runtime, flow: CatalogFlow, rows: list[dict[str, Any]]) -> list[WorkItem]:
    items = flow.prepare(rt, rows)
    for item in items:
        if item.sendable and not item.key:
            item.key = item.payload.key
    _mark_duplicates(items)
    return items


def send_chunk(rt: Runtime, flow: CatalogFlow, rows: list[dict[str, Any]]) -> None:
    """One chunk through one batch request per `batch_entries` entries, from commit to done."""
    items = _prepare(rt, flow, rows)
    for group in batches.groups(items, batches.entries_per_patch(rt)):
        _send_group(rt, flow, group)


def _send_group(rt: Runtime, flow: CatalogFlow, items: list[WorkItem]) -> None:
    sendable = [item for item in items if item.sendable]
    batch = batches.create(rt)
    writeahead.begin(batch, flow.name, flow.content_type, rt.ctx.channel_id, [item.key or "" for item in sendable])
    batch = batches.commit(rt, batch, flow.content_type, items)
    faultpoints.reached("after_commit")
    receipts = _push(rt, flow, batch, sendable)
    faultpoints.reached("after_push")
    rt.summary.sent += len(sendable)
    by_key = outcomes.index_by_key(sendable)
    decided: set[int] = set()
    outcomes.apply(by_key, _local_outcomes(receipts), decided)
    waiting = outcomes.remote_receipts(receipts)
    if waiting:
        remote_ids = [r.remote_batch_id for r in waiting if r.remote_batch_id]
        writeahead.pushed(batch, remote_ids)
        batch = batches.record_remote(rt, batch, remote_ids)
        faultpoints.reached("after_sent")
        batch = _await(rt, batch, waiting, by_key, decided)
    for item in sendable:
        if item.pk not in decided:
            item.fail(outcomes.NO_OUTCOME)
    faultpoints.reached("before_done")
    _finish(rt, flow, batch, items)


def _push(rt: Runtime, flow: CatalogFlow, batch: BatchRequest, sendable: list[WorkItem]) -> list[PushResult]:
    """The adapter write for the chunk.

    A request the marketplace refuses as malformed fails its items with the marketplace's
    words (retrying would only repeat it); any other error releases the batch's objects for
    a later run and stops this one (credentials, conf, or an outage that outlived the retries).
    """
    if not sendable:
        return []
    writeahead.pushing(batch)
    try:
        return flow.push(rt, [item.payload for item in sendable])
    except RequestRejected as exc:
        for item in sendable:
            item.fail(f"refused by the marketplace: {exc}")
        return []
    except UnsupportedOperation as exc:  # nothing left: no write-ahead to recover
        batches.abort(rt, batch, f"not supported: {exc}")
        writeahead.forget(batch)
        raise
    except Exception as exc:
        batches.abort(rt, batch, f"push failed: {exc}")
        raise


def _local_outcomes(receipts: list[PushResult]) -> list[Any]:
    return [outcome for receipt in receipts for outcome in (receipt.outcomes or [])]


def _await(rt: Runtime, batch: BatchRequest, receipts: list[PushResult],
           by_key: dict[str, list[WorkItem]], decided: set[int]) -> BatchRequest:
    holder = {"batch": batch}

    def on_waiting() -> None:
        holder["batch"] = batches.mark_ongoing(rt, holder["batch"])

    outcomes.apply(by_key, outcomes.await_batches(rt, receipts, on_waiting), decided)
    return holder["batch"]


def _finish(rt: Runtime, flow: CatalogFlow, batch: BatchRequest, items: list[WorkItem]) -> None:
    """done, then counters, bookkeeping for accepted items and error reports."""
    try:
        batches.finish(rt, batch, items)
    except batches.FinishedElsewhere as exc:
        writeahead.forget(batch)
        rt.summary.notes.append(str(exc))
        return
    writeahead.forget(batch)
    succeeded = [item for item in items if item.failure is None]
    rt.summary.succeeded += len(succeeded)
    for item in items:
        if item.failure:
            rt.summary.add_error(item.pk, item.failure[1], item.failure[0], item.key or "")
    if flow.after_success and succeeded:
        flow.after_success(rt, succeeded)
    error_reports.object_failures(rt, dict(batch), items)


# ---- resuming a killed run ---------------------------------------------------------------------

def resume_open_batches(rt: Runtime, flow: CatalogFlow) -> None:
    """Finish batches an earlier run pushed but never finalised; release ones it never pushed.

    Batches in sent_to_remote/ongoing carry their remote ids, so they are polled, never
    pushed again. A batch in commit is decided by its write-ahead record once the run that
    wrote it no longer holds its lock (see `writeahead`). Items the marketplace does not
    name are left out of `done` (released unchanged) so a later run offers them again.
    Records of batches that are not open are dropped first (`_drop_orphans`).
    """
    unfinished = batches.unfinished(rt, flow.content_type)
    _drop_orphans(rt, flow, {int(batch["pk"]) for batch in unfinished})
    for batch in unfinished:
        if batch["status"] in batches.WAITING_STATUSES:
            _resume(rt, flow, batch)
            continue
        record = writeahead.find(batch)
        if record is None:
            if _is_stale(rt, batch):  # committed before write-ahead records existed
                batches.abort(rt, batch, "left in commit by a run that stopped before pushing")
        elif writeahead.owner_alive(record):
            continue  # its run is alive and finishes it
        elif writeahead.never_pushed(record):
            batches.abort(rt, batch, "left in commit by a run that stopped before pushing")
            writeahead.forget(batch)
        elif record.remote_batch_ids:
            _resume(rt, flow, batches.record_remote(rt, batch, list(record.remote_batch_ids)))
        else:
            _settle(rt, flow, batch, record)


def _drop_orphans(rt: Runtime, flow: CatalogFlow, open_pks: set[int]) -> None:
    """Forget records of batches that are not open; a commit that got no answer is fenced first
    (it may still land on Omnitron and lock the chunk with nobody left to finish it)."""
    for record in writeahead.orphans(rt.ctx.channel_id, flow.content_type, open_pks):
        if writeahead.never_pushed(record) and not batches.fence(rt, record.batch_pk):
            continue  # kept: a later run fences it
        writeahead.drop(record)
        logger.info("dropped the write-ahead record of batch %s (not open on Omnitron)", record.batch_pk)


def _is_stale(rt: Runtime, batch: BatchRequest) -> bool:
    stamp = batch.get("modified_date")
    if not stamp:
        return True
    modified = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    age = (datetime.now(timezone.utc) - modified).total_seconds()
    return age > float(rt.option("stale_commit_after_s", 600))


def _resume(rt: Runtime, flow: CatalogFlow, batch: BatchRequest) -> None:
    remote_ids = batches.remote_ids_of(batch)
    pks = batches.committed_pks(batch, flow.object_type)
    logger.info("resuming batch %s of channel %s: %d objects, remote %s", batch.get("pk"),
                rt.ctx.channel_id, len(pks), remote_ids)
    rows = flow.reload(rt, pks) if pks else []
    items = _prepare(rt, flow, rows)
    committed = batches.committed_remote_ids(batch)
    for item in items:
        item.remote_id = item.remote_id or committed.get(item.pk)
    sendable = [item for item in items if item.sendable]
    by_key = outcomes.index_by_key(sendable)
    decided: set[int] = set()
    receipts = [PushResult(remote_id, keys=[]) for remote_id in remote_ids]
    batch = _await(rt, batch, receipts, by_key, decided)
    finished = [item for item in sendable if item.pk in decided]
    rt.summary.resumed_batches += 1
    rt.summary.batch_ids.append(int(batch["pk"]))
    rt.summary.remote_batch_ids.extend(remote_ids)
    _finish(rt, flow, batch, finished)


def _settle(rt: Runtime, flow: CatalogFlow, batch: BatchRequest, record: PendingPush) -> None:
    """A run died during its push: finish the batch with what the marketplace holds."""
    items = _prepare(rt, flow, flow.reload(rt, batches.committed_pks(batch, flow.object_type)))
    sendable = [item for item in items if item.sendable]
    found = writeahead.settle(rt, record, sendable)
    if found is None:
        rt.summary.notes.append(f"batch {batch['pk']}: a create may still be arriving; a later run settles it")
        return
    logger.info("settling batch %s of channel %s from the marketplace: %d of %d arrived", batch.get("pk"),
                rt.ctx.channel_id, len(found), len(sendable))
    decided: set[int] = set()
    outcomes.apply(outcomes.index_by_key(sendable), found, decided)
    rt.summary.resumed_batches += 1
    rt.summary.batch_ids.append(int(batch["pk"]))
    _finish(rt, flow, batch, [item for item in sendable if item.pk in decided])


# ---- dry run -------------------------------------------------------------------------------------

def _dry_run(rt: Runtime, flow: CatalogFlow) -> None:
    """Read, enrich, map and validate; count what would be sent; write nothing anywhere.

    The listing is paged normally (nothing is committed, so page 1 would never change)."""
    pages = ((page.count, page.results) for page in flow.source(rt).pages())
    _in_chunks(rt, pages, lambda chunk: _dry_run_chunk(rt, chunk, flow), f"{flow.name} (dry run)")


def _dry_run_chunk(rt: Runtime, rows: list[dict[str, Any]], flow: CatalogFlow) -> None:
    for item in _prepare(rt, flow, rows):
        if item.failure:
            rt.summary.add_error(item.pk, item.failure[1], item.failure[0], item.key or "")
            continue
        rt.summary.would_send += 1
        rt.summary.add_dry_run_sample({"pk": item.pk, "key": item.key, "payload": _jsonable(item.payload)})


def _jsonable(payload: Any) -> Any:
    data = dataclasses.asdict(payload) if dataclasses.is_dataclass(payload) and not isinstance(payload, type) \
        else payload
    return json.loads(json.dumps(data, default=str))
