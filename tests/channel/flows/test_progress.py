"""The progress meter: throttled publications, nothing lost to the throttle, a heartbeat while a flow waits."""
from __future__ import annotations


from channel.flows.progress import ProgressMeter, ticking
from tests.fixtures.processes import wait_until


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_reports_within_the_interval_are_held_then_published_by_the_next_tick():
    published: list[dict] = []
    clock = Clock()
    meter = ProgressMeter(published.append, interval=1.0, clock=clock)
    meter.report(0, 200, "products")
    clock.now += 0.2
    meter.report(150, 200, "products")
    assert [meta["done"] for meta in published] == [0]
    clock.now += 1.0
    meter.tick()
    assert published[-1]["done"] == 150 and published[-1]["total"] == 200


def test_the_last_report_is_published_at_once_with_rate_and_eta():
    published: list[dict] = []
    clock = Clock()
    meter = ProgressMeter(published.append, dry_run=True, interval=1.0, clock=clock)
    clock.now += 10
    meter.report(100, 400, "prices")
    assert published[-1] == {"done": 100, "total": 400, "stage": "prices", "dry_run": True, "elapsed_s": 10.0,
                             "rate": 10.0, "eta_s": 30.0}
    meter.report(400, 400, "prices")
    assert published[-1]["done"] == 400 and published[-1]["eta_s"] == 0.0


def test_ticker_publishes_every_second_while_the_flow_is_busy():
    published: list[dict] = []
    meter = ProgressMeter(published.append, interval=0.2)
    with ticking(meter):
        meter.report(5, 10, "waiting on the marketplace")
        wait_until(lambda: len(published) >= 4, 5, "four publications while no report comes")
    elapsed = [meta["elapsed_s"] for meta in published]
    assert elapsed == sorted(elapsed) and all(meta["done"] == 5 for meta in published)


def test_a_failing_publication_never_stops_the_run():
    def broken(meta: dict) -> None:
        raise ConnectionError("result backend down")

    meter = ProgressMeter(broken)
    meter.report(1, 2, "x")  # no exception
