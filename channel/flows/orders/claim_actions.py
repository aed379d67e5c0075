"""Omnitron's decision on a return -> the marketplace: approve or reject the claim items.

`orders_claims_import` turns each returned unit into an Omnitron refund request whose
`remote_id` is the claim item id. When an operator decides that request in Omnitron, this flow
acts on the claim items still waiting for the seller (Trendyol: WaitingInAction):

* request approved, confirmed or completed -> approve the items (one call per claim);
* request rejected -> reject them with the marketplace reason of conf `claim_reject_reason_id`
  (Trendyol's claim issue reasons are read at run time, since their ids change; a reason that
  needs a file cannot be sent from here and is reported: choose one without, e.g. 451 or 1651),
  and a description of at most 500 characters;
* request still waiting -> nothing; the run summary names how many units wait and when the
  first of them will be accepted by the marketplace on its own (its auto-accept deadline).

Claims are listed by their creation date over `lookback_hours` (default 30 days); the
marketplace's own state is the memory (acted items leave WaitingInAction), so reruns send
nothing twice. Trendyol allows 5 approve and 5 reject calls a minute: the adapter paces them.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from channel.adapters import MarketplaceError
from channel.flows import error_reports
from channel.flows.orders import EVERY_5
from channel.flows.orders.loop import OrderFlow, OrderRun, drain
from channel.flows.options import Float, Int
from channel.flows.registry import Flow, options

if TYPE_CHECKING:
    from channel.adapters.orders import ClaimIssueReason, RemoteClaim
    from channel.flows.runtime import Runtime

NAME = "orders_claims_act"
WAITING = "WaitingInAction"
APPROVED = frozenset({"approved", "confirmed", "completed"})
REJECTED = "rejected"
LOOKBACK_HOURS = 30 * 24
MAX_DESCRIPTION = 500

Decision = tuple["RemoteClaim", list[str], list[str]]  # claim, item ids to approve, item ids to reject


def waiting_claims(run: OrderRun) -> Iterator[list[RemoteClaim]]:
    """Claims created in the last `lookback_hours` with items waiting for the seller. No
    high-water mark: the claim listing filters on creation, and a claim waits long after it."""
    until = datetime.now(timezone.utc)
    since = until - timedelta(hours=float(run.rt.option("lookback_hours", LOOKBACK_HOURS)))
    claims = [claim for claim in run.rt.orders.list_claims(since, until, status=WAITING)
              if any(unit.status == WAITING for unit in claim.units)]
    if claims:
        yield claims


def decided(run: OrderRun, claims: list[RemoteClaim]) -> list[Decision]:
    """Pair waiting items with Omnitron's decision; count and announce the undecided ones."""
    waiting = [(claim, unit) for claim in claims for unit in claim.units if unit.status == WAITING]
    statuses = {str(row.get("remote_id")): str(row.get("status") or "") for row in
                run.rt.omnitron.cancellation_requests.in_bulk("remote_id", [u.claim_item_id for _, u in waiting])}
    decisions: dict[str, Decision] = {}
    undecided = []
    for claim, unit in waiting:
        status = statuses.get(unit.claim_item_id, "")
        approve, reject = decisions.setdefault(claim.claim_id, (claim, [], []))[1:]
        if status in APPROVED:
            approve.append(unit.claim_item_id)
        elif status == REJECTED:
            reject.append(unit.claim_item_id)
        else:
            undecided.append(unit)
    run.count("waiting", len(undecided))
    _announce_deadline(run.rt, undecided)
    return [decision for decision in decisions.values() if decision[1] or decision[2]]


def _announce_deadline(rt: Runtime, undecided: list[Any]) -> None:
    deadlines = sorted(unit.auto_accept_at for unit in undecided if unit.auto_accept_at is not None)
    if deadlines:
        first = deadlines[0].astimezone(timezone.utc).isoformat(timespec="minutes")
        rt.summary.notes.append(f"{len(undecided)} returned units wait for a decision in Omnitron; the marketplace "
                                f"accepts the first of them on its own at {first} (auto-accept deadline)")
    elif undecided:
        rt.summary.notes.append(f"{len(undecided)} returned units wait for a decision in Omnitron")


def act(run: OrderRun, decisions: list[Decision]) -> None:
    reason = _reject_reason(run) if any(reject for _, _, reject in decisions) else ""
    for claim, approve, reject in decisions:
        if approve:
            _send(run, claim, approve, "approved", lambda: run.rt.orders.approve_claim_items(claim.claim_id, approve))
        if not reject:
            continue
        if isinstance(reason, str):
            _fail(run, claim, reason)
            continue
        chosen = reason
        description = str(run.rt.conf.get("claim_reject_description") or
                          f"Rejected by the seller (Omnitron refund request for claim {claim.claim_id})")
        _send(run, claim, reject, "rejected", lambda: run.rt.orders.reject_claim_items(
            claim.claim_id, reject, chosen.reason_id, description[:MAX_DESCRIPTION]))


def _reject_reason(run: OrderRun) -> ClaimIssueReason | str:
    """The configured reason as the marketplace lists it now, or why it cannot be used."""
    wanted = str(run.rt.conf.get("claim_reject_reason_id") or "")
    if not wanted:
        return "set claim_reject_reason_id in the channel conf (a marketplace claim issue reason) to reject returns"
    try:
        reasons = {reason.reason_id: reason for reason in run.rt.orders.list_claim_issue_reasons()}
    except MarketplaceError as exc:
        return f"the marketplace's claim issue reasons could not be read: {exc}"
    reason = reasons.get(wanted)
    if reason is None:
        return f"claim_reject_reason_id {wanted} is not one of the marketplace's reasons ({', '.join(sorted(reasons))})"
    if reason.needs_file:
        return f"reason {wanted} ({reason.name}) needs a file, which cannot be sent from here; choose one without"
    return reason


def _send(run: OrderRun, claim: RemoteClaim, items: list[str], outcome: str, call: Any) -> None:
    run.rt.summary.sent += 1
    try:
        call()
    except (MarketplaceError, ValueError) as exc:
        _fail(run, claim, f"claim items not {outcome}: {exc}")
        return
    run.rt.summary.succeeded += 1
    run.count(outcome, len(items))


def _fail(run: OrderRun, claim: RemoteClaim, reason: str) -> None:
    run.failed(claim.modified_at)
    error_reports.package_failed(run.rt, claim.package_id, f"claim {claim.claim_id}: {reason}")


CLAIM_ACTIONS = OrderFlow(NAME, listing=waiting_claims, known=decided, act=act,
                          counts=("approved", "rejected", "waiting"))

FLOWS = (
    Flow(NAME, "Approve or reject marketplace returns as Omnitron's refund requests were decided.",
         drain(CLAIM_ACTIONS), EVERY_5, options=options(
             lookback_hours=Float(min=0.1, max=720, help="how far back claims are looked for"),
             max_error_reports=Int(min=0, max=10_000, help="error reports sent to Omnitron per run"))),
)
