"""Counting what one flow run did; the summary becomes the Celery task result.

One `RunSummary` per run. The engine bumps its counters; `as_dict` renders the JSON-able
result with the contract keys of ARCHITECTURE.md (`fetched`, `sent`, `succeeded`,
`failed`, `errors`, `batch_ids`, `requests`, `duration_s`) plus a few extras operators use.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

# A 10,000-row run with every row failing must not produce a multi-megabyte task result:
# the result backend stores it and Flower renders it. The counters stay exact.
MAX_ERRORS_KEPT = 200
MAX_DRY_RUN_SAMPLES = 20


@dataclass
class RunSummary:
    """Mutable counters of one run; `as_dict` is the task result."""

    flow: str
    channel_id: int
    dry_run: bool = False
    fetched: int = 0
    sent: int = 0
    succeeded: int = 0
    failed: int = 0
    resumed_batches: int = 0
    failed_batches: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    batch_ids: list[int] = field(default_factory=list)
    remote_batch_ids: list[str] = field(default_factory=list)
    would_send: int = 0
    samples: list[Any] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)

    def add_error(self, object_id: Any, reason: str, reason_type: str = "channel_app", key: str = "") -> None:
        """Count one failed object; keep its reason while under the cap."""
        self.failed += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(
                {"object_id": object_id, "key": key, "reason_type": reason_type, "reason": reason}
            )

    def add_dry_run_sample(self, payload: Any) -> None:
        if len(self.samples) < MAX_DRY_RUN_SAMPLES:
            self.samples.append(payload)

    def as_dict(self, requests: dict[str, Any]) -> dict[str, Any]:
        """The task result. `requests` comes from the clients' counters (see runtime.py)."""
        result: dict[str, Any] = {
            "flow": self.flow,
            "channel_id": self.channel_id,
            "dry_run": self.dry_run,
            "fetched": self.fetched,
            "sent": self.sent,
            "succeeded": self.succeeded,
            "failed": self.failed,
            "errors": self.errors,
            "errors_truncated": self.failed > len(self.errors),
            "batch_ids": self.batch_ids,
            "remote_batch_ids": self.remote_batch_ids,
            "resumed_batches": self.resumed_batches,
            "failed_batches": self.failed_batches,
            "requests": requests,
            "duration_s": round(time.monotonic() - self.started, 3),
        }
        if self.dry_run:
            result["would_send"] = self.would_send
            result["samples"] = self.samples
        if self.notes:
            result["notes"] = self.notes
        return result
