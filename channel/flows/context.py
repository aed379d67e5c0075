"""FlowContext: what a flow's `run(ctx)` gets from whoever runs it (a task, a command, a test)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from channel.flows.progress import ProgressMeter, Publish

ProgressCallback = Callable[[int, "int | None", str], None]


def _ignore_progress(done: int, total: int | None, stage: str) -> None:
    return None


@dataclass
class FlowContext:
    channel_id: int
    dry_run: bool = False
    options: dict[str, Any] = field(default_factory=dict)
    progress: ProgressCallback = _ignore_progress  # every report as it comes (`sync --inline`, tests)
    publish: Publish | None = None  # where the run's metered progress goes (the task's PROGRESS state)
    meter: ProgressMeter | None = None  # set by run_flow while the run lasts

    def report_progress(self, done: int, total: int | None = None, stage: str = "") -> None:
        """Called by flows as they go (each page read, each chunk finished); run_flow's meter
        publishes it at least every second with rate and ETA."""
        self.progress(done, total, stage)
        if self.meter is not None:
            self.meter.report(done, total, stage)
