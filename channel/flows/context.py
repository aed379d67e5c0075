"""FlowContext: what a flow's `run(ctx)` gets from whoever runs it (a task, a command, a test)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ProgressCallback = Callable[[int, "int | None", str], None]


def _ignore_progress(done: int, total: int | None, stage: str) -> None:
    return None


@dataclass
class FlowContext:
    channel_id: int
    dry_run: bool = False
    options: dict[str, Any] = field(default_factory=dict)
    progress: ProgressCallback = _ignore_progress

    def report_progress(self, done: int, total: int | None = None, stage: str = "") -> None:
        """Called by flows as they go; the task turns it into a PROGRESS state and renews its lock."""
        self.progress(done, total, stage)
