"""The whole life of one run, for every flow: `run_flow(flow, ctx)`.

    take the (flow, channel) lock           a second run raises AlreadyRunning (the task stores SKIPPED)
    open the runtime                        clients + the channel record, read once
      channel switched off                  -> a summary that says so; nothing else happens
    flow.run(rt)                            the flow's own work; it counts into rt.summary and
                                            reports progress through rt.ctx, which a meter publishes
                                            at least every second (rate, ETA) while the run lasts
      marketplace lacks the operation       UnsupportedOperation -> a summary that says so, not a failure
    run report                              one log line in Omnitron's error reports (not on dry runs)
    summary                                 the task result
    on an error                             the failure report, when `is_final(exc)` says no retry follows

Celery tasks (channel.tasks), `manage.py sync --inline` and tests all run flows through here.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import TYPE_CHECKING, Any

from channel.adapters.errors import UnsupportedOperation
from channel.flows.error_reports import run_failure, run_report
from channel.flows.progress import ProgressMeter, ticking
from channel.flows.runtime import ChannelInactive, Runtime
from channel.flows.summary import RunSummary
from channel.locks import flow_lock

if TYPE_CHECKING:
    from omnitron.client import OmnitronClient

    from channel.flows.context import FlowContext
    from channel.flows.registry import Flow

logger = logging.getLogger(__name__)


def _always_final(exc: BaseException) -> bool:
    return True


def run_flow(flow: Flow, ctx: FlowContext, *, run_id: str | None = None,
             is_final: Callable[[BaseException], bool] = _always_final,
             client: OmnitronClient | None = None,
             while_locked: AbstractContextManager[Any] | None = None) -> dict[str, Any]:
    """Run `flow` for `ctx.channel_id` under its lock; return the summary (the task result).

    `run_id` is the lock token and names the run in a failure report (the Celery task id);
    `is_final(exc)` tells whether a failure is the run's last word (the task retries otherwise).
    `while_locked` is entered once the lock is held (the task registers the run for the
    recovery sweep there). Raises `channel.locks.AlreadyRunning` when another run holds the lock.
    """
    run_id = run_id or "inline"
    with flow_lock(flow.name, ctx.channel_id, token=run_id), while_locked or nullcontext(), _metered(ctx):
        rt = Runtime(ctx=ctx, summary=RunSummary(flow=flow.name, channel_id=ctx.channel_id, dry_run=ctx.dry_run))
        try:
            if not flow.offline:
                rt.connect(client)
            extra = flow.run(rt)
            result = {**rt.result(), **(extra or {})}
            if not ctx.dry_run:
                run_report(rt, result)
        except ChannelInactive as exc:
            return _inactive(flow, ctx, str(exc))
        except UnsupportedOperation as exc:
            return _unsupported(rt, str(exc))
        except Exception as exc:
            if is_final(exc):
                _report_failure(flow, ctx, run_id, exc)
            raise
        return result


@contextmanager
def _metered(ctx: FlowContext) -> Iterator[None]:
    """While the run lasts, its progress goes to `ctx.publish` at least every second."""
    if ctx.publish is None:
        yield
        return
    ctx.meter = ProgressMeter(ctx.publish, ctx.dry_run)
    try:
        with ticking(ctx.meter):
            yield
    finally:
        ctx.meter = None


def _inactive(flow: Flow, ctx: FlowContext, why: str) -> dict[str, Any]:
    summary = RunSummary(flow=flow.name, channel_id=ctx.channel_id, dry_run=ctx.dry_run, notes=[why])
    return summary.as_dict({"omnitron": 1, "marketplace": 0})


def _unsupported(rt: Runtime, why: str) -> dict[str, Any]:
    """The channel's marketplace has no counterpart of this flow (or of one of its steps):
    the run ends with what it did so far and says so, instead of failing every schedule tick."""
    rt.summary.notes.append(f"not supported by this channel's marketplace: {why}")
    return {**rt.result(), "unsupported": why}


def _report_failure(flow: Flow, ctx: FlowContext, run_id: str, exc: BaseException) -> None:
    """The failed run in Omnitron's error reports; a failing report never hides the run's error."""
    try:
        run_failure(flow.name, ctx.channel_id, run_id, exc)
    except Exception:  # noqa: BLE001 - the run already failed; its own error is what matters
        logger.exception("could not report failure of %s[%s] to Omnitron", flow.name, run_id)
