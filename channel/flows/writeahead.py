"""Write-ahead records for marketplace pushes, and settling a push a killed run left in doubt.

Per chunk the engine writes, in our database: `begin` (before the Omnitron commit: the keys,
the run's lock), `pushing` (just before the marketplace request), `pushed` (the remote batch
ids, the moment the marketplace answered), and deletes the record once the Omnitron batch
is finished. A later run that finds a committed batch whose run no longer holds its lock
reads the record and knows how far the push got:

    no record, or not yet pushing     nothing left the process: release the objects (fail)
    remote batch ids recorded         poll them (as for a batch in sent_to_remote)
    pushing, no ids                   ask the marketplace which keys arrived (`settle`)

A Celery retry runs under the same task id, so a record with the current run's own token
is an earlier attempt's and counts as dead. A record whose batch is not open on Omnitron is
dropped (`orphans`); if its commit got no answer, the engine fails that batch first.

A create is proven by looking (the product exists afterwards and did not before), an update,
a price or a stock by the listing showing the values sent (`arrival`); what is not shown after
`arrival_grace_s` is released and sent again by a later run.
"""
from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db import DatabaseError
from django.utils import timezone

from channel.adapters import ItemOutcome, RemoteProductState
from channel.flows import arrival
from channel.locks import current_lock, is_held
from channel.models import PendingPush
from channel.reconnect import reconnecting

if TYPE_CHECKING:
    from omnitron.types import BatchRequest

    from channel.flows.definition import WorkItem
    from channel.flows.runtime import Runtime

logger = logging.getLogger(__name__)

COMMITTING, PUSHING, PUSHED = "committing", "pushing", "pushed"
# Flows whose write creates the object: presence on the marketplace proves the push arrived.
CREATES = frozenset({"products_insert"})
ARRIVAL_GRACE_S = 120.0  # how long a pushed write may take to show before it counts as lost


def begin(batch: BatchRequest, flow: str, content_type: str, channel_id: int, keys: list[str]) -> None:
    """Record the chunk before it is committed.

    The batch was created a moment ago, so a record already under its id is stale: an Omnitron
    whose batch ids started again (a restarted sandbox, a restored database). It is replaced."""
    held = current_lock()
    if held is None:
        return
    values = {"channel_id": channel_id, "flow": flow, "content_type": content_type, "keys": keys,
              "lock_key": held[0], "lock_token": held[1], "phase": COMMITTING, "remote_batch_ids": [],
              "created": timezone.now()}
    _, created = reconnecting(lambda: PendingPush.objects.update_or_create(batch_pk=int(batch["pk"]),
                                                                          defaults=values))
    if not created:
        logger.warning("replaced a stale write-ahead record of batch %s: Omnitron gave its id out again",
                       batch.get("pk"))


def pushing(batch: BatchRequest) -> None:
    """The request is about to leave: from here the marketplace may hold it."""
    if current_lock() is not None:
        reconnecting(lambda: PendingPush.objects.filter(batch_pk=int(batch["pk"])).update(phase=PUSHING))


def pushed(batch: BatchRequest, remote_ids: list[str]) -> None:
    """The marketplace's batch ids; a database blip here is survivable (Omnitron gets them next)."""
    if current_lock() is None:
        return
    try:
        reconnecting(lambda: PendingPush.objects.filter(batch_pk=int(batch["pk"])).update(
            phase=PUSHED, remote_batch_ids=remote_ids))
    except DatabaseError as exc:
        logger.warning("could not record remote ids %s of batch %s: %s", remote_ids, batch.get("pk"), exc)


def forget(batch: BatchRequest) -> None:
    """The Omnitron batch is final: nothing is left to recover."""
    if current_lock() is None:
        return
    try:
        reconnecting(lambda: PendingPush.objects.filter(batch_pk=int(batch["pk"])).delete())
    except DatabaseError as exc:  # a stale record only costs a lookup; its batch is final
        logger.warning("could not delete the write-ahead record of batch %s: %s", batch.get("pk"), exc)


def find(batch: BatchRequest) -> PendingPush | None:
    """The batch's record; runs outside a lock (inline tools and tests) keep and read none."""
    if current_lock() is None:
        return None
    return reconnecting(lambda: PendingPush.objects.filter(batch_pk=int(batch["pk"])).first())


def owner_alive(record: PendingPush) -> bool:
    """The run that wrote `record` still holds its lock (so it still works on the batch).

    A record carrying this run's own lock and token was written by an earlier attempt of the
    same run: a Celery retry keeps the task id, which is the token, and that attempt is over.
    """
    if current_lock() == (record.lock_key, record.lock_token):
        return False
    return is_held(record.lock_key, record.lock_token)


def orphans(channel_id: int, content_type: str, open_batch_pks: set[int]) -> list[PendingPush]:
    """Records whose batch is not open on Omnitron and whose run is over: a batch someone else
    finished, or a commit whose answer never came (it may still land: see `engine`)."""
    if current_lock() is None:
        return []
    records = reconnecting(lambda: list(PendingPush.objects.filter(channel_id=channel_id, content_type=content_type)))
    return [record for record in records if record.batch_pk not in open_batch_pks and not owner_alive(record)]


def drop(record: PendingPush) -> None:
    reconnecting(lambda: PendingPush.objects.filter(batch_pk=record.batch_pk).delete())


def never_pushed(record: PendingPush) -> bool:
    return record.phase == COMMITTING


def _arrived(rt: Runtime, item: WorkItem, state: RemoteProductState) -> bool:
    return arrival.shows(item.payload, state) or arrival.in_content_check(rt.adapter, item.payload, state)


def settle(rt: Runtime, record: PendingPush, sendable: list[WorkItem]) -> list[ItemOutcome] | None:
    """What arrived of a push that died without an answer: outcomes for the keys found.

    A create arrived when the product is listed; any other write when the listing shows the
    values it sent (`arrival.shows`), or, for an approved product's content, when the content
    check holds it (`arrival.in_content_check`). Returns None while a write may still be on its way (some
    keys not shown yet, record younger than `arrival_grace_s`); the batch then waits for a
    later run. Keys not shown after that get no outcome, so `done` releases them for the next
    run to send.
    """
    states = rt.adapter.get_product_states([item.payload for item in sendable])  # by the page, by barcode
    creates = record.flow in CREATES
    found = {item.key: ItemOutcome(key=item.key, ok=True, remote_id=states[item.payload.key].remote_id)
             for item in sendable if item.key and item.payload.key in states
             and (creates or _arrived(rt, item, states[item.payload.key]))}
    grace = timedelta(seconds=float(rt.option("arrival_grace_s", ARRIVAL_GRACE_S)))
    if len(found) < len(sendable) and timezone.now() - record.created < grace:
        return None
    return list(found.values())
