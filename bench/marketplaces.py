"""The marketplace side of bench/sync_products.py: which sandbox to start, which channel it serves,
how its requests are counted, and the fewest writes a run can make (for the "minimal count").

Trendyol is channel 1 (the default adapter); Hepsiburada is channel 2, seeded by the Omnitron
sandbox's `--hepsiburada-url` and bound with a `ChannelMarketplace` row, as in a deployment
serving both.
"""
from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import requests

from tests.fixtures.processes import PYTHON, free_port, http_ready, start_process


@dataclass(frozen=True)
class Marketplace:
    name: str
    channel: int
    items_per_write: int  # objects per marketplace write of a product insert
    polls_per_write: int  # status reads a write needs at the least

    def minimal_writes(self, objects: int, flow: str) -> int:
        per_write = self.items_per_write if flow.startswith("products") else 1000
        return math.ceil(objects / per_write) * (1 + self.polls_per_write)


TRENDYOL = Marketplace("trendyol", 1, 1000, 1)
HEPSIBURADA = Marketplace("hepsiburada", 2, 100, 1)
MARKETPLACES = {m.name: m for m in (TRENDYOL, HEPSIBURADA)}


@contextlib.contextmanager
def sandbox(marketplace: Marketplace, log_dir: Path) -> Iterator[str]:
    """Start the marketplace's sandbox (strict, as the tests use it); yield its origin."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = start_process(marketplace.name, [PYTHON, "-m", f"sandboxes.{marketplace.name}", "--port", str(port)],
                            log_dir, ready=http_ready(f"{url}/_sandbox/health"))
    try:
        if marketplace is HEPSIBURADA:  # Hepsiburada's review is a person: approve as each import is read
            requests.post(f"{url}/_sandbox/config", json={"approve_delay": 0.0}, timeout=10).raise_for_status()
        yield url
    finally:
        process.stop()


def counts(url: str) -> dict[str, int]:
    return requests.get(f"{url}/_sandbox/counts", timeout=10).json()["endpoints"]


def omnitron_args(marketplace: Marketplace, url: str) -> list[str]:
    if marketplace is HEPSIBURADA:
        return ["--hepsiburada-url", url]
    return ["--trendyol-url", f"{url}/integration"]


def bind(marketplace: Marketplace) -> None:
    """Bind the marketplace's channel as an operator would in admin (Trendyol is the default)."""
    if marketplace is HEPSIBURADA:
        from channel.models import ChannelMarketplace

        ChannelMarketplace.objects.update_or_create(channel_id=marketplace.channel,
                                                    defaults={"marketplace": marketplace.name})
