"""Pushing a chunk to the adapter and turning receipts and batch results into item outcomes.

Synchronous marketplaces answer every item in the receipt; asynchronous ones return remote
batch ids that `await_batches` polls until each is decided. Both end the same way: every
`WorkItem` of the chunk either got a remote id or a failure reason.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from channel.adapters import BatchNotFound, ItemOutcome, PushResult

from channel.flows.definition import WorkItem

if TYPE_CHECKING:
    from channel.flows.runtime import Runtime

logger = logging.getLogger(__name__)

NO_OUTCOME = "the marketplace reported no outcome for this item"
BATCH_FAILED = "the marketplace failed the whole batch"
BATCH_EXPIRED = "the marketplace no longer knows the batch (expired)"


class StillProcessing(Exception):
    """The marketplace did not finish a batch within the poll budget; a later run resumes it."""


def index_by_key(items: Iterable[WorkItem]) -> dict[str, list[WorkItem]]:
    by_key: dict[str, list[WorkItem]] = {}
    for item in items:
        if item.key:
            by_key.setdefault(item.key, []).append(item)
    return by_key


def apply(by_key: dict[str, list[WorkItem]], outcomes: Iterable[ItemOutcome], decided: set[int]) -> None:
    """Write outcomes onto the items they name; `decided` collects the pks that got one."""
    for outcome in outcomes:
        for item in by_key.get(outcome.key, []):
            if outcome.ok:
                # Omnitron keeps the key the marketplace knows the object by (the barcode:
                # orders and deletes look products up by it); a failure on one of several
                # writes for the item (content + variant) wins over a success.
                item.remote_id = item.key or outcome.remote_id or item.remote_id
            else:
                item.fail(outcome.reason or "refused by the marketplace")
            decided.add(item.pk)


def remote_receipts(receipts: Iterable[PushResult]) -> list[PushResult]:
    return [receipt for receipt in receipts if receipt.remote_batch_id]


def await_batches(rt: Runtime, receipts: list[PushResult], on_waiting: Callable[[], None]) -> list[ItemOutcome]:
    """Poll every remote batch until decided; return all outcomes.

    `on_waiting()` is called once, the first time a batch is still processing (the engine
    moves the Omnitron batch to `ongoing`). Raises StillProcessing after `poll_timeout` s.
    """
    pending = {receipt.remote_batch_id: receipt for receipt in receipts if receipt.remote_batch_id}
    outcomes: list[ItemOutcome] = []
    delay = float(rt.option("poll_interval", rt.adapter.limits.first_poll_s))
    max_delay = float(rt.option("poll_max_interval", 2.0))
    deadline = time.monotonic() + float(rt.option("poll_timeout", 300))
    waiting_reported = False
    while pending:
        for remote_id, receipt in list(pending.items()):
            outcome_list = _poll_once(rt, remote_id, receipt)
            if outcome_list is not None:
                outcomes.extend(outcome_list)
                del pending[remote_id]
        if not pending:
            break
        if not waiting_reported:
            on_waiting()
            waiting_reported = True
        if time.monotonic() > deadline:
            raise StillProcessing(f"remote batches {sorted(pending)} still processing")
        time.sleep(delay)  # waiting on the marketplace, not on our own state
        delay = min(delay * 1.5, max_delay)
    return outcomes


def _poll_once(rt: Runtime, remote_id: str, receipt: PushResult) -> list[ItemOutcome] | None:
    """The outcomes of one remote batch, or None while it is still processing."""
    try:
        result = rt.adapter.fetch_batch(remote_id, receipt.aliases or None)
    except BatchNotFound:
        logger.warning("remote batch %s of channel %s expired before it was read", remote_id, rt.ctx.channel_id)
        return [ItemOutcome(key=key, ok=False, reason=BATCH_EXPIRED) for key in receipt.keys]
    if result.status == "processing":
        return None
    outcomes = list(result.outcomes)
    if result.status == "failed":
        reported = {outcome.key for outcome in outcomes}
        outcomes += [ItemOutcome(key=key, ok=False, reason=BATCH_FAILED) for key in receipt.keys
                     if key not in reported]
    return outcomes
