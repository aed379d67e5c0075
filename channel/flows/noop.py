"""The `noop` flow: does nothing but report progress. Used to exercise the trigger path end to end
(REST API, admin, worker, result storage), by bench/trigger_api.py, and with `fail="..."` to
prove that a failed run reaches Omnitron's error reports."""
from __future__ import annotations

import time

from channel.flows.context import FlowContext
from channel.flows.registry import FlowSpec, register


class NoopFailure(RuntimeError):
    """Raised on request (`fail` option) to check failure reporting end to end."""


def run(ctx: FlowContext) -> dict:
    started = time.monotonic()
    if ctx.options.get("fail"):
        raise NoopFailure(str(ctx.options["fail"]))
    steps = int(ctx.options.get("steps", 0))
    for step in range(steps):
        ctx.report_progress(step + 1, steps, "noop")
    return {
        "fetched": 0, "sent": 0, "succeeded": 0, "failed": 0, "errors": [], "batch_ids": [],
        "requests": {"omnitron": 0, "marketplace": 0}, "dry_run": ctx.dry_run,
        "duration_s": round(time.monotonic() - started, 4),
    }


register(FlowSpec(
    name="noop",
    description="Does nothing; proves that a trigger reaches a worker and its result is stored.",
    run="channel.flows.noop.run",
    options={"steps": 0, "fail": ""},
))
