"""Content updates the marketplace accepted but still checks: remember them, then ask for the verdict.

Trendyol accepts an approved product's new title, description, images or attributes in the
batch and decides minutes later, in its content check, whether they go live (its update-audit
service). A batch success is therefore not the end: `remember` (the update and image flows'
`after_success`) writes a `PendingContentCheck` per product sent by its marketplace id, and
`products_content_check` asks the adapter for the verdicts of the run's batches. A refused
update is reported per product (an Omnitron error report, the summary's errors); an applied or
unchanged one (the value was already live) is done; an undecided one waits for the next run,
for at most `give_up_hours` (option, default 24), after which it is reported as unanswered.
"""
from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from channel.adapters import MarketplaceError
from channel.flows import error_reports
from channel.models import PendingContentCheck

if TYPE_CHECKING:
    from channel.flows.definition import WorkItem
    from channel.flows.runtime import Runtime

GIVE_UP_HOURS = 24.0
DONE = frozenset({"applied", "unchanged"})


def remember(rt: Runtime, items: list[WorkItem]) -> None:
    """Record the accepted items that went out by marketplace id (approved content)."""
    if not getattr(rt.adapter, "checks_content_updates", False):
        return
    sent = [item for item in items if item.payload is not None and getattr(item.payload, "remote_id", None)]
    if not sent or rt.ctx.dry_run:
        return
    batch_ids = ",".join(rt.summary.remote_batch_ids)
    now = timezone.now()
    for item in sent:
        PendingContentCheck.objects.update_or_create(
            channel_id=rt.ctx.channel_id, product_pk=_product_pk(item),
            defaults={"key": item.key or item.payload.key, "remote_id": str(item.payload.remote_id),
                      "batch_ids": batch_ids, "sent_at": now})


def _product_pk(item: WorkItem) -> int:
    """The product a row belongs to (image rows name theirs)."""
    return int(item.row.get("product") or item.pk) if item.content_type == "productimage" else item.pk


def check_content(rt: Runtime) -> dict[str, Any]:
    """Ask for the verdict on every pending content update of the channel."""
    if not getattr(rt.adapter, "checks_content_updates", False):
        from channel.adapters import UnsupportedOperation

        raise UnsupportedOperation(f"{rt.adapter.name}: content updates are not checked after their batch")
    counts: Counter[str] = Counter(applied=0, unchanged=0, failed=0, running=0, unanswered=0)
    pending = list(PendingContentCheck.objects.filter(channel_id=rt.ctx.channel_id).order_by("sent_at"))
    rt.summary.fetched += len(pending)
    verdicts = _verdicts(rt, {row.remote_id for row in pending})
    horizon = timezone.now() - timedelta(hours=float(rt.option("give_up_hours", GIVE_UP_HOURS)))
    for row in pending:
        wanted = set(row.batch_ids.split(","))
        mine = [check for check in verdicts.get(row.remote_id, []) if check.batch_id in wanted]
        status = _status(mine)
        if status == "running" and row.sent_at < horizon:
            status = "unanswered"
        counts[status] += 1
        if status == "running":
            continue
        if status == "failed":
            reasons = "; ".join(reason for check in mine for reason in check.reasons) or "refused"
            error_reports.package_failed(rt, row.key, f"content update refused by the marketplace's check: {reasons}",
                                    model="product", object_id=row.product_pk)
        elif status == "unanswered":
            error_reports.package_failed(rt, row.key, "the marketplace never decided on this content update",
                                    model="product", object_id=row.product_pk)
        else:
            rt.summary.succeeded += 1
        if not rt.ctx.dry_run:
            row.delete()
    return {"content_checks": dict(counts)}


def _verdicts(rt: Runtime, remote_ids: set[str]) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for remote_id in sorted(remote_ids):
        try:
            found[remote_id] = rt.adapter.get_content_checks(remote_id)
        except MarketplaceError as exc:
            rt.summary.notes.append(f"content {remote_id}: no verdict read ({exc}); asked again next run")
    return found


def _status(checks: list[Any]) -> str:
    """One verdict for the product: failed beats running beats applied; nothing yet = running."""
    statuses = {check.status for check in checks}
    for status in ("failed", "running", "applied", "unchanged"):
        if status in statuses:
            return status
    return "running"
