"""`TrendyolClaims`: acting on returns (claims): approve, reject with a reason, the reason list.

Both actions apply only to claim items in WaitingInAction and Trendyol allows each 5 calls a
minute per seller, so the flows send one call per claim (all its items together). Rejecting
(createClaimIssue) takes a reason from Trendyol's own list (`list_claim_issue_reasons`; the ids
change, so they are read at run time), a description of at most 500 characters and, except for
three reasons, at least one file. The documentation puts the three fields in the query string in
one place and in the form in another: they go in the query string (as public clients send them)
and the files as multipart `files`.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from channel.adapters.orders import ClaimIssueReason, ClaimFile
from channel.adapters.trendyol import order_mappers as om

if TYPE_CHECKING:
    from channel.adapters.trendyol.http import TrendyolHTTP

#: Reasons Trendyol accepts without a file (the docs say "these two" and list three).
NO_FILE_REASONS = frozenset({"1651", "451", "2101"})
MAX_DESCRIPTION = 500


class TrendyolClaims:
    """Claim actions for `TrendyolAdapter` (uses its `http` and `seller_id`)."""

    http: TrendyolHTTP
    seller_id: int

    def list_claim_issue_reasons(self) -> list[ClaimIssueReason]:
        data = self.http.call("GET", "/order/claim-issue-reasons", "order.claim_reasons") or []
        return [ClaimIssueReason(reason_id=om.text(row.get("id")), name=om.text(row.get("name")),
                                 needs_file=om.text(row.get("id")) not in NO_FILE_REASONS)
                for row in data if isinstance(row, dict)]

    def approve_claim_items(self, claim_id: str, claim_item_ids: Sequence[str]) -> None:
        self.http.call("PUT", f"/order/sellers/{self.seller_id}/claims/{claim_id}/items/approve",
                       "order.claims_approve", json={"claimLineItemIdList": list(claim_item_ids), "params": {}})

    def reject_claim_items(self, claim_id: str, claim_item_ids: Sequence[str], reason_id: str,
                           description: str, files: Sequence[ClaimFile] = ()) -> None:
        if len(description) > MAX_DESCRIPTION:
            raise ValueError(f"description may be at most {MAX_DESCRIPTION} characters")
        if str(reason_id) not in NO_FILE_REASONS and not files:
            raise ValueError(f"Trendyol needs a file to reject for reason {reason_id}")
        params = {"claimIssueReasonId": str(reason_id), "claimItemIdList": ",".join(claim_item_ids),
                  "description": description}
        parts = [("files", (f.name, f.content, f.content_type)) for f in files] or None
        self.http.call("POST", f"/order/sellers/{self.seller_id}/claims/{claim_id}/issue", "order.claims_reject",
                       params=params, files=parts)
