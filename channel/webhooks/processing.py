"""Drain a channel's pending webhook events through the order flows' own per-package steps.

    claim a batch          pending events no live worker holds, of packages no live worker holds;
                           a lease (`WEBHOOK_LEASE_S`) marks them taken, so workers never share an
                           event or a package, and a dead worker's lapse
    newest per package     older events of a package in the batch, or older than one already
                           processed, are `superseded`: out-of-order deliveries never roll back
    live packages          the import's triage and create (`orders_import`'s steps): an order per
                           new package; known ones are recorded or re-linked, nothing is created twice
    cancelled units        the cancellation import's plan and cancel (`orders_cancel_import`)
    finish                 each event gets its outcome: imported, existing, cancelled, tracked,
                           superseded or failed

Exactly once with polling rests on what the order flows already rely on: Omnitron refuses a
second order with the same number (the package id), and a refused or timed-out create is read
back by number. A webhook and a poll racing for one package therefore end in one order.

A failure that may pass (Omnitron or the marketplace unreachable) leaves the batch pending with
a growing delay before the sweep offers it again; after `MAX_ATTEMPTS` its events are failed.
"""
from __future__ import annotations

import logging
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from channel.adapters.orders import CANCELLED_UNITS, IMPORTABLE, RemotePackage
from channel.flows.context import FlowContext
from channel.flows.orders import cancellations, importer
from channel.flows.orders.loop import OrderRun
from channel.flows.orders.payloads import order_number
from channel.flows.runtime import ChannelInactive, Runtime
from channel.flows.summary import RunSummary
from channel.models import WebhookEvent
from channel.webhooks import queueing

if TYPE_CHECKING:
    from channel.adapters.webhooks import WebhooksAdapter

logger = logging.getLogger(__name__)

NAME = "orders_webhooks"
MAX_ATTEMPTS = 8
#: First key of the PostgreSQL advisory lock that serializes claims (the second is the channel).
CLAIM_LOCK = 0x57E6
#: Package statuses whose cancelled units the cancellation import handles.
CANCELLING = frozenset({"Cancelled", "UnSupplied", "Returned"})


@dataclass
class Drain:
    """One worker's pass over a channel's pending events; `counts` is what it did."""

    channel_id: int
    token: str = field(default_factory=lambda: uuid.uuid4().hex)
    counts: Counter[str] = field(default_factory=Counter)
    rt: Runtime | None = None
    imports: OrderRun | None = None

    def runtime(self) -> Runtime:
        if self.rt is None:
            ctx = FlowContext(self.channel_id, False, {})
            rt = Runtime(ctx=ctx, summary=RunSummary(flow=NAME, channel_id=self.channel_id))
            rt.connect()  # ChannelInactive: nothing is kept, the next batch asks again
            self.rt = rt
        return self.rt


def drain(channel_id: int) -> dict[str, Any]:
    """Process every pending event of the channel, a batch (`WEBHOOK_BATCH`) at a time."""
    queueing.taken(channel_id)
    run = Drain(channel_id)
    while batch := claim(channel_id):
        try:
            process(run, batch)
        except ChannelInactive as exc:
            finish(batch, "skipped", str(exc))
        except Exception as exc:
            release(batch, exc)
            raise
    return dict(run.counts)


def claim(channel_id: int) -> list[WebhookEvent]:
    """Take up to `WEBHOOK_BATCH` pending events nobody holds, oldest first, for `WEBHOOK_LEASE_S`.

    A package whose events another worker holds is left alone until that worker is done, so two
    changes of one package are never handled side by side (the older one is then `superseded`).
    Claims of one channel are serialized: SQLite's write lock (transactions are IMMEDIATE), and a
    transaction-scoped advisory lock on PostgreSQL.
    """
    now = timezone.now()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [CLAIM_LOCK, channel_id])
        held = WebhookEvent.objects.filter(channel_id=channel_id, processed_at__isnull=True, claimed_until__gte=now)
        pending = (WebhookEvent.objects.filter(channel_id=channel_id, processed_at__isnull=True)
                   .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
                   .exclude(package_id__in=held.values("package_id")).order_by("id"))
        ids = list(pending.values_list("id", flat=True)[:int(settings.WEBHOOK_BATCH)])
        if ids:
            WebhookEvent.objects.filter(id__in=ids).update(
                claimed_until=now + timedelta(seconds=float(settings.WEBHOOK_LEASE_S)), attempts=F("attempts") + 1)
    return list(WebhookEvent.objects.filter(id__in=ids).order_by("id")) if ids else []


def process(run: Drain, batch: list[WebhookEvent]) -> None:
    newest, stale = newest_per_package(batch)
    finish(stale, "superseded")
    if not newest:
        return
    rt = run.runtime()
    adapter: WebhooksAdapter = rt.adapter  # type: ignore[assignment]
    packages = [adapter.pushed_package(event.body) for event in newest]
    outcomes = import_live(run, rt, [p for p in packages if p.status in IMPORTABLE])
    outcomes.update(cancel_units(rt, [p for p in packages if p.status in CANCELLING and p.cancelled_units]))
    errors = {str(error.get("key")): str(error.get("reason")) for error in rt.summary.errors}
    rt.summary.errors.clear()
    settle(run, newest, outcomes, errors)


def settle(run: Drain, events: list[WebhookEvent], outcomes: dict[str, str], errors: dict[str, str]) -> None:
    """Write each event's outcome (a package no step touched was only `tracked`), in one transaction."""
    groups: dict[tuple[str, str], list[WebhookEvent]] = {}
    for event in events:
        outcome = outcomes.get(event.package_id, "tracked")
        reason = errors.get(event.package_id, "") if outcome == "failed" else ""
        groups.setdefault((outcome, reason), []).append(event)
        run.counts[outcome] += 1
    with transaction.atomic():
        for (outcome, reason), grouped in groups.items():
            finish(grouped, outcome, reason)


def newest_per_package(batch: list[WebhookEvent]) -> tuple[list[WebhookEvent], list[WebhookEvent]]:
    """(the newest event of each package, the rest): older than another one of the batch or than
    one already processed."""
    done = dict(WebhookEvent.objects.filter(
        channel_id=batch[0].channel_id, package_id__in={e.package_id for e in batch}, processed_at__isnull=False)
        .exclude(outcome="superseded").values("package_id").annotate(last=Max("modified_ms"))
        .values_list("package_id", "last"))
    best: dict[str, WebhookEvent] = {}
    for event in batch:
        current = best.get(event.package_id)
        if current is None or (event.modified_ms, event.id) > (current.modified_ms, current.id):
            best[event.package_id] = event
    newest = [e for e in best.values() if e.modified_ms > done.get(e.package_id, -1)]
    kept = {e.id for e in newest}
    return newest, [e for e in batch if e.id not in kept]


def import_live(run: Drain, rt: Runtime, live: list[RemotePackage]) -> dict[str, str]:
    """The import's own steps for these packages: triage (drop, record or re-link what Omnitron
    holds), then create the rest; package id -> imported / existing / failed."""
    if not live:
        return {}
    if run.imports is None:
        run.imports = OrderRun(rt, importer.IMPORT, Counter())
    flow_run = run.imports
    work = flow_run.memo(importer.Importer)
    new = work.triage(flow_run, live)
    created = work.create_all(flow_run, new) if new else []
    importer.record(flow_run, work.entries(created, {order_number(p): p for p in new}))
    flow_run.flush()
    made = {str(order["number"]) for order in created}
    fresh = {p.package_id for p in new}
    return {p.package_id: ("existing" if p.package_id not in fresh else
                           "imported" if order_number(p) in made else "failed") for p in live}


def cancel_units(rt: Runtime, packages: list[RemotePackage]) -> dict[str, str]:
    """The cancellation import's plan and cancel for these packages; package id -> cancelled
    (items cancelled in Omnitron now), tracked (nothing left to cancel) or failed."""
    if not packages:
        return {}
    flow_run = OrderRun(rt, cancellations.IMPORT, Counter())
    plan = cancellations.plan_cancels(flow_run, packages)
    before = rt.summary.failed
    cancellations.cancel(flow_run, plan)
    failed = {str(error.get("key")) for error in rt.summary.errors} if rt.summary.failed > before else set()
    planned = {job.package.package_id for job in plan}
    return {p.package_id: "failed" if p.package_id in failed else "cancelled" if p.package_id in planned else "tracked"
            for p in packages}


def finish(events: Iterable[WebhookEvent], outcome: str, error: str = "") -> None:
    ids = [event.id for event in events]
    if ids:
        WebhookEvent.objects.filter(id__in=ids).update(processed_at=timezone.now(), outcome=outcome,
                                                       error=error[:2000], claimed_until=None)


def release(batch: list[WebhookEvent], exc: BaseException) -> None:
    """A failure that may pass: offer the batch again after a growing delay; fail it after MAX_ATTEMPTS."""
    attempts = max(event.attempts for event in batch)
    if attempts >= MAX_ATTEMPTS:
        finish(batch, "failed", f"gave up after {attempts} attempts: {exc}")
        return
    delay = min(5 * 2 ** attempts, 600)
    WebhookEvent.objects.filter(id__in=[e.id for e in batch]).update(
        claimed_until=timezone.now() + timedelta(seconds=delay), error=str(exc)[:2000])
    logger.warning("webhook events of channel %s failed (%s); retried in %s s", batch[0].channel_id, exc, delay)
