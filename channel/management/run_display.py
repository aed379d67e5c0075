"""How `manage.py sync` shows a run: a live progress bar (rich) and a summary table at the end.

The bar is fed with the run's progress reports (done, total, stage) and is brought to its total
when the run succeeds, so a run whose last report came before its last page still ends at 100%.
On a terminal it redraws in place; into a pipe or a file it is written once, finished.
"""
from __future__ import annotations

from typing import Any, TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

COUNT_KEYS = ("fetched", "sent", "succeeded", "failed")
ERRORS_SHOWN = 10


class RateColumn(ProgressColumn):
    """Objects per second, from rich's own moving speed estimate."""

    def render(self, task: Any) -> Text:
        return Text(f"{task.speed:,.1f}/s" if task.speed else "", style="progress.data.speed")


class RunDisplay:
    """One run's bar: `update(meta)` with each progress report, `finish(summary)` at its end."""

    def __init__(self, flow: str, dry_run: bool, file: TextIO) -> None:
        self.console = Console(file=file, highlight=False, soft_wrap=False)
        label = f"{flow} (dry run)" if dry_run else flow
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TaskProgressColumn(), RateColumn(), TimeRemainingColumn(), TimeElapsedColumn(),
                                 console=self.console, refresh_per_second=4)
        self.task: TaskID = self.progress.add_task(label, total=None, start=True)
        self.stage = ""

    def __enter__(self) -> RunDisplay:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def update(self, meta: dict[str, Any]) -> None:
        done, total = int(meta.get("done") or 0), meta.get("total")
        self.progress.update(self.task, completed=done, total=max(total, done) if total else None)

    def finish(self, summary: dict[str, Any] | None) -> None:
        """The run succeeded: the bar ends full (at the total it reported, or at what it did)."""
        task = self.progress.tasks[0]
        total = task.total if task.total else max(task.completed, int((summary or {}).get("fetched") or 0), 1)
        self.progress.update(self.task, total=total, completed=total)


def summary_title(flow: str, channel: int, summary: dict[str, Any]) -> str:
    return f"{flow} · channel {channel}" + (" · DRY RUN: nothing was changed" if summary.get("dry_run") else "")


def summary_table(summary: dict[str, Any]) -> Table:
    """The run's result as a two-column table an operator reads at a glance."""
    dry_run = bool(summary.get("dry_run"))
    table = Table(show_header=False)
    table.add_column(style="bold")
    table.add_column()
    for key in COUNT_KEYS:
        if key in summary:
            table.add_row(key, str(summary[key]))
    if dry_run:
        table.add_row("would send", str(summary.get("would_send", 0)))
        table.add_row("samples", f"{len(summary.get('samples') or [])} kept in the task result")
    requests = summary.get("requests")
    if isinstance(requests, dict) and requests:
        table.add_row("requests", ", ".join(f"{name} {count}" for name, count in requests.items()
                                            if isinstance(count, (int, float))))
    if summary.get("duration_s") is not None:
        table.add_row("duration", f"{float(summary['duration_s']):.2f} s")
    for note in summary.get("notes") or []:
        table.add_row("note", str(note))
    errors = [error for error in summary.get("errors") or [] if isinstance(error, dict)]
    for error in errors[:ERRORS_SHOWN]:
        table.add_row("error", f"{error.get('object_id')}: {error.get('reason')}")
    if summary.get("failed", 0) > min(len(errors), ERRORS_SHOWN):
        table.add_row("", f"… {summary['failed'] - min(len(errors), ERRORS_SHOWN)} more failed objects in the task result")
    return table


def finished_line(flow: str, summary: dict[str, Any]) -> str:
    """The last line, for scripts: `noop finished (dry run): fetched=0 sent=0 succeeded=0 failed=0`."""
    counts = " ".join(f"{key}={summary[key]}" for key in COUNT_KEYS if key in summary)
    return f"{flow} finished{' (dry run)' if summary.get('dry_run') else ''}: {counts}".rstrip(": ")
