"""`TrendyolAudits`: did an approved-content update go live? Trendyol's update-audit check.

A content-bulk-update item that succeeds in its batch is only accepted: Trendyol's content
check decides later whether the new title, description, images and attributes go live
(`GET .../products/{contentId}/update-audits`, keyed by contentId; each entry names its
batchRequestId and lists one result per changed part; a TITLE result names the new title,
`changedTitle`). `CHANGES_NOT_FOUND` means the value
sent was already there: nothing to apply, so not a failure. Reject reasons are free text (the
list is not published).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from channel.adapters.results import ContentCheck

if TYPE_CHECKING:
    from channel.adapters.trendyol.http import TrendyolHTTP

UNCHANGED = "CHANGES_NOT_FOUND"
PARTS = {"TITLE": "title", "DESCRIPTION": "description", "MEDIA": "images", "ATTRIBUTE": "attributes"}
AUDITS_PER_PAGE = 50


class TrendyolAudits:
    """Update-audit reads for `TrendyolAdapter` (uses its `http` and `seller_id`)."""

    http: TrendyolHTTP
    seller_id: int
    checks_content_updates = True

    def get_content_checks(self, remote_id: str, batch_id: str = "") -> list[ContentCheck]:
        """The content checks of one content (newest first), only `batch_id`'s when given."""
        data = self.http.call("GET", f"/product/sellers/{self.seller_id}/products/{remote_id}/update-audits",
                              "product.update_audits", params={"page": 0, "size": AUDITS_PER_PAGE}) or {}
        entries = [e for e in data.get("content") or [] if not batch_id or str(e.get("batchRequestId")) == batch_id]
        return [check_from_json(remote_id, entry) for entry in entries]


def check_from_json(remote_id: str, entry: dict[str, Any]) -> ContentCheck:
    """One audit entry -> running | applied | unchanged | failed, with the failed parts' reasons."""
    updates = [u for u in entry.get("updates") or [] if isinstance(u, dict)]
    failed = [u for u in updates if u.get("status") == "FAIL"
              and not all((r or {}).get("type") == UNCHANGED for r in u.get("rejectReasons") or [{}])]
    reasons = tuple(f"{u.get('type')}: {_reason(r)}" for u in failed for r in u.get("rejectReasons") or [{}])
    if failed:
        status = "failed"
    elif any(u.get("status") == "RUNNING" for u in updates):
        status = "running"
    elif any(u.get("status") == "SUCCESS" for u in updates):
        status = "applied"
    else:
        status = "unchanged"
    return ContentCheck(key=str(entry.get("barcode") or ""), remote_id=str(remote_id),
                        batch_id=str(entry.get("batchRequestId") or ""), status=status, reasons=reasons,
                        title=_new_title(updates), parts=_parts(updates))


def _parts(updates: list[dict[str, Any]]) -> tuple[str, ...]:
    return tuple(PARTS.get(str(u.get("type")), "") for u in updates)


def _new_title(updates: list[dict[str, Any]]) -> str | None:
    """The title a TITLE result sets (`changedTitle`), when the entry names one."""
    titles = [u["changedTitle"] for u in updates if u.get("type") == "TITLE" and u.get("changedTitle") is not None]
    return str(titles[0]) if titles else None


def _reason(reject: dict[str, Any] | None) -> str:
    reject = reject or {}
    return str(reject.get("reason") or reject.get("detail") or reject.get("type") or "rejected")
