"""`python -m sandboxes.omnitron --port 8101 --products 500 [--trendyol-url URL] [--hepsiburada-url URL]
[--token-ttl S] [--threads N] [--filters evidenced|optimistic]` (default: `$OMNITRON_SANDBOX_FILTERS`, else evidenced)."""
from __future__ import annotations

import argparse
import os

from sandboxes.omnitron.app import create_app
from sandboxes.omnitron.filtersets import EVIDENCED_SET, FILTER_SETS
from sandboxes.omnitron.seed import SeedConfig
from sandboxes.serving import ThreadedServer


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Run the Omnitron sandbox (in-memory, for tests and demos).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8101)
    parser.add_argument("--products", type=int, default=0, help="sellable products to seed at start and on reset")
    parser.add_argument("--trendyol-url", default="http://127.0.0.1:8102", help="put into the channel's conf")
    parser.add_argument("--hepsiburada-url", default="",
                        help="seed channel 2 as a Hepsiburada store whose conf points there")
    parser.add_argument("--token-ttl", type=float, default=3600.0, help="seconds before a token gets 401")
    parser.add_argument("--threads", type=int, default=16, help="requests served at once")
    parser.add_argument("--filters", choices=FILTER_SETS,
                        default=os.environ.get("OMNITRON_SANDBOX_FILTERS") or EVIDENCED_SET,
                        help="query filters the lists apply: only those with evidence (default), or also the "
                             "optimistic extras; any other parameter is ignored, as the real server ignores it")
    args = parser.parse_args(argv)
    config = SeedConfig(products=args.products, trendyol_url=args.trendyol_url, token_ttl=args.token_ttl,
                        filters=args.filters, hepsiburada_url=args.hepsiburada_url)
    ThreadedServer(create_app(config), args.host, args.port, threads=args.threads).run()


if __name__ == "__main__":
    main()
