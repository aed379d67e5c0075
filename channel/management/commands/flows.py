"""`manage.py flows`: a table of flows per channel with default schedule, next and last run, running now."""
from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from channel.api.serializers import schedule_text
from channel.dashboard import FlowRow, build_rows
from channel.flows.registry import TEMPLATE_TASK_PREFIX, all_flows

COLUMNS = ("FLOW", "CHANNEL", "DEFAULT SCHEDULE", "NEXT RUN", "LAST RUN", "STATE", "COUNTS", "RUNNING")


def when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "-"


def cells(row: FlowRow) -> tuple[str, ...]:
    last = row.last
    counts = " ".join(f"{key}={value}" for key, value in last.counts.items()) if last else ""
    running = row.running_task_id or ""
    if row.running_task_id and row.progress:
        running += f" ({row.progress.get('done')}/{row.progress.get('total') or '?'})"
    return (row.spec.name, str(row.channel_id), schedule_text(row.spec) or "-", when(row.next_run),
            when(last.date_done) if last else "never", last.state if last else "-", counts or "-", running or "-")


class Command(BaseCommand):
    help = "List the flows with their default schedule, next scheduled run, last run and whether one runs now."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--channel", type=int, help="only this channel")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = [cells(row) for row in build_rows() if options["channel"] in (None, row.channel_id)]
        widths = [max(len(line[i]) for line in [COLUMNS, *rows]) for i in range(len(COLUMNS))]
        for line in [COLUMNS, *rows]:
            self.stdout.write("  ".join(text.ljust(width) for text, width in zip(line, widths)).rstrip())
        self.aliases()

    def aliases(self) -> None:
        """The channel_app_template task names that run a flow (Flower apply, REST API, `sync`)."""
        pairs = [(spec.template_alias, spec.name) for spec in all_flows() if spec.template_alias]
        self.stdout.write(f"\nTemplate task aliases ({TEMPLATE_TASK_PREFIX}<task> or <task> runs the flow):")
        width = max(len(alias) for alias, _ in pairs)
        for alias, name in sorted(pairs):
            self.stdout.write(f"  {alias.ljust(width)}  -> {name}")
