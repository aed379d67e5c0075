"""`manage.py sync <flow>`: queue a run (optionally follow it), or run it in this process with the lock.

    manage.py sync products_sync --channel 1           # queue; prints the task id
    manage.py sync products_sync --wait                # queue and follow it with a live progress bar
    manage.py sync noop --inline --option steps=3      # run here, through the same task path and lock

Both end with a summary table; a dry run says so in the bar, the table and the last line.

Exits non-zero with the run's error when it fails or is skipped because another run holds the lock.
"""
from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console

from channel.api.runs import RunStatus, run_status
from channel.api.trigger import BrokerUnavailable, enqueue, new_task_id
from channel.flows.options import InvalidOptions, validate_options
from channel.flows.registry import Flow, UnknownFlow, all_flows, resolve_flow
from channel.locks import lock_holder
from channel.management.run_display import RunDisplay, finished_line, summary_table, summary_title
from channel.schedules import configured_channels
from channel.task_base import SKIPPED, observe_progress

POLL_INTERVAL_S = 0.5


def parse_option(text: str) -> tuple[str, Any]:
    """KEY=VALUE with VALUE read as JSON when it is JSON (3, true, "x", [1]) and as text otherwise."""
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise CommandError(f"--option {text!r} is not KEY=VALUE, e.g. --option page_size=100.")
    try:
        return key, json.loads(value)
    except ValueError:
        return key, value


@contextmanager
def inline_observed(task: Any, on_progress: Callable[[dict[str, Any]], None]) -> Iterator[None]:
    """While a task runs in this process: show its progress and store its states and result,
    so the dashboard and the status API show the inline run like any other."""
    stored = task.store_eager_result
    task.store_eager_result = True
    try:
        with observe_progress(lambda done, total, stage: on_progress({"done": done, "total": total, "stage": stage})):
            yield
    finally:
        task.store_eager_result = stored


class Command(BaseCommand):
    help = "Run one sync: queue it (default), queue and --wait for it, or run it --inline in this process."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("flow", help="flow name or the template task it replaces; `manage.py flows` lists them")
        parser.add_argument("--channel", type=int, help="channel id (default: OMNITRON_CHANNEL_ID)")
        parser.add_argument("--dry-run", action="store_true", help="read and map, send nothing")
        parser.add_argument("--option", action="append", default=[], metavar="KEY=VALUE",
                            help="a flow option, repeatable (see the flow's options in `manage.py flows`)")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--wait", action="store_true", help="queue, then follow the run until it ends")
        mode.add_argument("--inline", action="store_true", help="run in this process (still under the lock)")
        parser.add_argument("--timeout", type=float, default=3600, help="seconds --wait follows the run")

    def handle(self, *args: Any, **opts: Any) -> None:
        spec = self.flow(opts["flow"])
        channel = self.channel(opts["channel"])
        options = self.options(spec, opts["option"])
        if opts["inline"]:
            return self.run_inline(spec, channel, opts["dry_run"], options)
        holder = lock_holder(spec.name, channel)
        if holder:
            raise CommandError(f"{spec.name} for channel {channel} is already running as {holder}; nothing was "
                               "queued. Wait for it to finish (`manage.py flows` shows it).")
        try:
            run = enqueue(spec, channel, opts["dry_run"], options)
        except BrokerUnavailable as exc:
            raise CommandError(f"Could not queue {spec.name}: the broker is unavailable ({exc}). "
                               "Check BROKER_URL and that Redis is running, or use --inline.") from exc
        dry = " (dry run: nothing will be changed)" if opts["dry_run"] else ""
        self.stdout.write(f"queued {spec.name} for channel {channel} as {run.task_id}{dry}")
        if opts["wait"]:
            self.follow(spec, channel, opts["dry_run"], run.task_id, opts["timeout"])

    def flow(self, name: str) -> Flow:
        try:
            return resolve_flow(name)  # also the channel_app_template task names
        except UnknownFlow:
            known = ", ".join(spec.name for spec in all_flows())
            raise CommandError(f"Unknown flow {name!r}. Known flows: {known}. "
                               "`manage.py flows` shows them with their schedules.") from None

    def channel(self, channel: int | None) -> int:
        channels = configured_channels()
        if channel is None and channels:
            return channels[0]
        if channel not in channels:
            raise CommandError(f"Channel {channel} is not configured (configured: "
                               f"{', '.join(map(str, channels)) or 'none'}); set OMNITRON_CHANNEL_ID or "
                               "SYNC_CHANNEL_IDS, or pass --channel with one of them.")
        return channel

    def options(self, spec: Flow, texts: list[str]) -> dict[str, Any]:
        options = dict(parse_option(text) for text in texts)
        try:
            return validate_options(spec, options)
        except InvalidOptions as exc:
            raise CommandError(f"Flow {spec.name} cannot run with these options: {exc}.") from None

    def run_inline(self, spec: Flow, channel: int, dry_run: bool, options: dict[str, Any]) -> None:
        from channel.tasks import TASKS

        task, task_id = TASKS[spec.name], new_task_id()
        dry = " (dry run: nothing will be changed)" if dry_run else ""
        self.stdout.write(f"running {spec.name} for channel {channel} in this process as {task_id}{dry}")
        with RunDisplay(spec.name, dry_run, self.out) as display, inline_observed(task, display.update):
            result = task.apply(kwargs={"channel_id": channel, "dry_run": dry_run, **options}, task_id=task_id)
            if result.successful() and isinstance(result.result, dict) and not result.result.get("skipped"):
                display.finish(result.result)
        if result.state == SKIPPED or (isinstance(result.result, dict) and result.result.get("skipped")):
            holder = (result.result or {}).get("running_task_id") if isinstance(result.result, dict) else None
            raise CommandError(f"{spec.name} for channel {channel} is already running as {holder}; "
                               "wait for it to finish (`manage.py flows` shows it).")
        if result.failed():
            raise CommandError(f"{spec.name} failed: {type(result.result).__name__}: {result.result}")
        self.summary(spec.name, channel, result.result if isinstance(result.result, dict) else {})

    def follow(self, spec: Flow, channel: int, dry_run: bool, task_id: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        with RunDisplay(spec.name, dry_run, self.out) as display:
            while time.monotonic() < deadline:
                status = run_status(task_id)
                if status and status.progress:
                    display.update(status.progress)
                if status and status.finished:
                    if status.state == "SUCCESS":
                        display.finish(status.summary)
                    break
                time.sleep(POLL_INTERVAL_S)  # polling the result row; the worker gives no push channel
            else:
                raise CommandError(f"{spec.name} ({task_id}) did not finish within {timeout:g} s; it keeps "
                                   "running: follow it in the admin Sync dashboard or with a longer --timeout.")
        self.finish(spec, channel, status)

    def finish(self, spec: Flow, channel: int, status: RunStatus) -> None:
        if status.state == "SUCCESS":
            return self.summary(spec.name, channel, status.summary or {})
        if status.state == SKIPPED:
            holder = (status.summary or {}).get("running_task_id")
            raise CommandError(f"{spec.name} was skipped: already running as {holder}.")
        raise CommandError(f"{spec.name} ended {status.state}: {status.error or 'no error recorded'}")

    @property
    def out(self) -> TextIO:
        """The command's stdout for rich (Django's OutputWrapper passes writes and isatty through)."""
        return cast(TextIO, self.stdout)

    def summary(self, flow: str, channel: int, summary: dict[str, Any]) -> None:
        self.stdout.write(summary_title(flow, channel, summary))
        Console(file=self.out, highlight=False).print(summary_table(summary))
        self.stdout.write(self.style.SUCCESS(finished_line(flow, summary)))
