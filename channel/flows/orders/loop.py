"""The one loop every order flow runs: `drain(flow)` makes a flow body of an `OrderFlow`.

    the listing window (since, until)           windowed flows only (`lookback_hours`)
    resume                                      optional: finish what a killed run left
    for each page of `listing`:
        fetched, progress
        known(page) -> what is left to do       drop what Omnitron already holds
        dry run: count it as would_send; next page
        act(todo)                               the writes; failures keep the window before them
    record                                      integration actions (`OrderRun.record`)
    advance the window                          not on dry runs

Two decisions live in one place each: when recorded entries are written (`OrderRun.record`),
and where a run's window comes from and goes to (`OrderRun.open_window` / `close_window`,
over `channel.flows.orders.window`).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from channel.flows.orders import integration_actions, window

if TYPE_CHECKING:
    from omnitron.types import BatchObject

    from channel.flows.registry import Body
    from channel.flows.runtime import Runtime

T = TypeVar("T")
U = TypeVar("U")
S = TypeVar("S")


@dataclass(frozen=True)
class Window:
    since: datetime
    until: datetime


@dataclass
class OrderRun:
    """One order-flow run: its runtime, window, counts, oldest failure and pending entries."""

    rt: Runtime
    flow: OrderFlow[Any, Any]
    counts: Counter[str]
    window: Window | None = None
    oldest_failure: datetime | None = None
    pending: list[BatchObject] = field(default_factory=list)
    memos: dict[Any, Any] = field(default_factory=dict)

    @property
    def dry_run(self) -> bool:
        return self.rt.ctx.dry_run

    @property
    def span(self) -> Window:
        """The listing window of a windowed flow."""
        if self.window is None:
            raise RuntimeError(f"{self.flow.name} declares no lookback_hours: it has no listing window")
        return self.window

    def count(self, key: str, amount: int = 1) -> None:
        self.counts[key] += amount

    def failed(self, moment: datetime) -> None:
        """Something stamped `moment` failed: the next window starts before it."""
        if self.oldest_failure is None or moment < self.oldest_failure:
            self.oldest_failure = moment

    def record(self, entries: list[BatchObject]) -> bool:
        """Queue integration-action entries; False on a dry run (nothing is ever written).

        Entries are written once `flow.record_every` of them wait, and at the end of the run.
        """
        if self.dry_run:
            return False
        self.pending += entries
        if self.flow.record_every and len(self.pending) >= self.flow.record_every:
            self.flush()
        return True

    def flush(self) -> None:
        if self.pending:
            integration_actions.record(self.rt, self.pending, self.flow.content_type)
            self.pending = []

    def memo(self, factory: Callable[[Runtime], S]) -> S:
        """One `factory(rt)` per run (caches a flow keeps across pages)."""
        if factory not in self.memos:
            self.memos[factory] = factory(self.rt)
        return self.memos[factory]

    def open_window(self) -> None:
        if self.flow.lookback_hours is not None:
            self.window = Window(*window.bounds(self.rt, self.flow.name, self.flow.lookback_hours))

    def close_window(self) -> None:
        if self.window is not None and not self.dry_run:
            window.advance(self.rt, self.flow.name, self.window.until, self.oldest_failure)


def everything(run: OrderRun, page: list[T]) -> list[T]:
    """A `known` hook for flows whose listing holds only work left to do."""
    return page


@dataclass(frozen=True)
class OrderFlow(Generic[T, U]):
    """An order flow as data; `drain(flow)` runs it.

    * `listing(run)`: pages of work in scope (packages, claims, requests, orders); the window is `run.span`.
    * `known(run, page)`: what is left to do once Omnitron's own state is consulted (`everything`
      when the listing holds only work left).
    * `act(run, todo)`: the writes; counts with `run.count`, failures with `run.failed`,
      integration actions with `run.record`.
    * `resume(run)`: optional, before listing: finish what a killed run left.
    * `content_type`: what `run.record` writes entries of; `record_every`: write every N entries
      (0: at the end of the run).
    * `lookback_hours`: the window's default horizon; None for flows that list without a window.
    * `counts`: the keys of the flow's `orders` result, present even when zero.
    """

    name: str
    listing: Callable[[OrderRun], Iterable[list[T]]]
    known: Callable[[OrderRun, list[T]], list[U]]
    act: Callable[[OrderRun, list[U]], None]
    resume: Callable[[OrderRun], None] | None = None
    content_type: str = integration_actions.ORDER
    record_every: int = 0
    lookback_hours: float | None = None
    counts: tuple[str, ...] = ()


def run_orders(rt: Runtime, flow: OrderFlow[Any, Any]) -> Mapping[str, Any]:
    run = OrderRun(rt, flow, Counter({key: 0 for key in flow.counts}))
    run.open_window()
    if flow.resume is not None:
        flow.resume(run)
    for page in flow.listing(run):
        rt.summary.fetched += len(page)
        rt.ctx.report_progress(rt.summary.fetched, None, flow.name)
        todo = flow.known(run, page)
        if rt.ctx.dry_run:
            rt.summary.would_send += len(todo)
        elif todo:
            flow.act(run, todo)
    run.flush()
    run.close_window()
    return {"orders": dict(run.counts)}


def drain(flow: OrderFlow[Any, Any]) -> Body:
    """The registry body of an order flow."""
    return lambda rt: run_orders(rt, flow)
