"""Write-ahead records of unsupplied calls: a cancellation request is sent to the marketplace once.

The cancellation push records a request's integration action only after the marketplace
answered. A worker killed between the two leaves the request open in Omnitron, and the next run
would cancel again: with the marketplace picking which unit of a line it cancels, that is a
second unit of the customer's order. So just before each call the push writes, in our
database, which package the call names and whether it names every live unit there. A later run
that finds such a record for a request still open looks at the marketplace first:

    the request's unit is cancelled                          the call arrived: record it, no call
    the unit is live in another package, and the call left   the call arrived (the marketplace
      units behind (a split or a partial unsupplied)           moved what it kept)
    anything else (still live in the named package, found    it did not: call again (a package
      nowhere, or live elsewhere after a call that named        emptied by a call that stopped
      every unit: the lines were packed again)                  half-way is packed again later)

Records are dropped once the request's integration action is a success, or after `KEEP_DAYS`.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from channel.adapters.orders import CANCELLED_UNITS, RemotePackage, RemoteUnit
from channel.models import PendingUnsupplied
from channel.reconnect import reconnecting

KEEP_DAYS = 30


@dataclass(frozen=True)
class Sent:
    """What an earlier call named for one request."""

    package_id: str
    empties_package: bool


def note(channel_id: int, package_id: str, units: dict[int, str], empties_package: bool) -> None:
    """Before the call: request id -> unit id for every request the call serves."""
    rows = [PendingUnsupplied(channel_id=channel_id, request_id=request_id, package_id=package_id, unit_id=unit,
                              empties_package=empties_package) for request_id, unit in units.items()]
    reconnecting(lambda: PendingUnsupplied.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["channel_id", "request_id"],
        update_fields=["package_id", "unit_id", "empties_package", "created"]))


def earlier(channel_id: int, request_ids: Iterable[int]) -> dict[int, Sent]:
    """Calls made for these requests by runs that did not record them."""
    rows = reconnecting(lambda: list(PendingUnsupplied.objects.filter(
        channel_id=channel_id, request_id__in=list(request_ids))))
    return {row.request_id: Sent(row.package_id, row.empties_package) for row in rows}


def forget(channel_id: int, done_request_ids: Iterable[int]) -> None:
    """Drop the records of requests recorded as a success, and any older than `KEEP_DAYS`."""
    stale = timezone.now() - timedelta(days=KEEP_DAYS)
    reconnecting(lambda: PendingUnsupplied.objects.filter(channel_id=channel_id, request_id__in=list(done_request_ids))
                 .delete())
    reconnecting(lambda: PendingUnsupplied.objects.filter(created__lt=stale).delete())


def arrived(sent: Sent, where: tuple[RemotePackage, RemoteUnit] | None) -> bool:
    """Whether the earlier call reached the marketplace, from where the request's unit is now."""
    if where is None:
        return False
    package, unit = where
    if unit.status in CANCELLED_UNITS:
        return True
    return package.package_id != sent.package_id and not sent.empties_package
