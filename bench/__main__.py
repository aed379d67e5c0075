"""`make bench`: run every benchmark in bench/ (each in its own process) and print one table.

Each benchmark's full output is kept in var/bench/<name>.log; the table lists the headline
figures they report through bench.report.figure, with targets and same-run baselines.
"""
from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from bench.report import parse

ROOT = Path(__file__).resolve().parent.parent
BENCHES = ("omnitron_paging", "sync_products", "import_orders", "trigger_api", "proxy", "faults", "trendyol_limits",
           "webhook_orders")


def run(name: str, log_dir: Path) -> tuple[list[dict], int, float]:
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", f"bench.{name}"], cwd=ROOT, capture_output=True, text=True)
    (log_dir / f"{name}.log").write_text(result.stdout + result.stderr)
    figures = [fig for line in result.stdout.splitlines() if (fig := parse(line))]
    return figures, result.returncode, time.monotonic() - started


def main() -> int:
    log_dir = ROOT / "var" / "bench"
    log_dir.mkdir(parents=True, exist_ok=True)
    names = [n for n in (sys.argv[1:] or BENCHES) if (ROOT / "bench" / f"{n}.py").exists()]
    rows, failed = [], []
    for name in names:
        print(f"running bench/{name}.py ...", flush=True)
        figures, code, seconds = run(name, log_dir)
        if code:
            failed.append(f"{name} (exit {code}, see var/bench/{name}.log)")
        rows.extend(figures)
        print(f"  done in {seconds:.0f} s, {len(figures)} figures", flush=True)
    print(f"\n{date.today()} · {os.cpu_count()} cores · {platform.python_version()} · {platform.machine()}\n")
    print("| bench | metric | value | unit | target | baseline (same run) |")
    print("|---|---|---:|---|---|---|")
    for row in rows:
        value = f"{row['value']:.3g}" if isinstance(row["value"], float) else row["value"]
        print(f"| {row['bench']} | {row['metric']} | {value} | {row['unit']} | {row['target']} | {row['baseline']} |")
    for name in failed:
        print(f"FAILED: {name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
