"""Headline figures of a benchmark, in one machine-readable line each, for `make bench`'s table.

A benchmark prints its own detailed tables, then calls `figure(...)` for the few numbers that
matter; `python -m bench` collects those lines from every benchmark into one table.
"""
from __future__ import annotations

import json

MARKER = "BENCH-FIGURE "


def figure(bench: str, metric: str, value: float, unit: str, *, target: str = "", baseline: str = "") -> None:
    """Print one headline figure: what was measured, the target, and the baseline of the same run."""
    print(MARKER + json.dumps({"bench": bench, "metric": metric, "value": value, "unit": unit,
                               "target": target, "baseline": baseline}), flush=True)


def parse(line: str) -> dict | None:
    return json.loads(line[len(MARKER):]) if line.startswith(MARKER) else None
