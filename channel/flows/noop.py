"""The `noop` flow: does nothing but report progress. Used to exercise the trigger path end to end
(REST API, admin, worker, result storage), by bench/trigger_api.py, and with `fail="..."` to
prove that a failed run reaches Omnitron's error reports. It is offline: it never reads Omnitron."""
from __future__ import annotations

from typing import TYPE_CHECKING

from channel.flows.options import Int, Text
from channel.flows.registry import Flow, options

if TYPE_CHECKING:
    from channel.flows.runtime import Runtime


class NoopFailure(RuntimeError):
    """Raised on request (`fail` option) to check failure reporting end to end."""


def count_steps(rt: Runtime) -> None:
    if rt.option("fail", ""):
        raise NoopFailure(str(rt.ctx.options["fail"]))
    steps = int(rt.option("steps", 0))
    for step in range(steps):
        rt.ctx.report_progress(step + 1, steps, "noop")


FLOWS = (
    Flow("noop", "Does nothing; proves that a trigger reaches a worker and its result is stored.", count_steps,
         options=options(steps=Int(0, min=0, max=1000, help="progress steps to report"),
                         fail=Text("", help="raise NoopFailure with this message")), offline=True),
)
