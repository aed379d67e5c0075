"""Run the Trendyol sandbox: `python -m sandboxes.trendyol --port 8102 [--seller-id 1000] [--tier 50k] [--lenient]`.

Strict by default (as live behaves); `--lenient` is for the demo only."""
from __future__ import annotations

import argparse
import logging

from sandboxes.trendyol.app import create_app
from sandboxes.trendyol.limits import TIERS
from sandboxes.trendyol.state import DEFAULT_SELLER, SandboxState


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m sandboxes.trendyol", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8102)
    parser.add_argument("--seller-id", type=int, default=DEFAULT_SELLER["seller_id"])
    parser.add_argument("--api-key", default=DEFAULT_SELLER["api_key"])
    parser.add_argument("--api-secret", default=DEFAULT_SELLER["api_secret"])
    parser.add_argument("--batch-delay", type=float, default=0.0,
                        help="seconds a batch stays IN_PROGRESS (0: done on the next request)")
    parser.add_argument("--tier", default="50k", choices=TIERS,
                        help="the seller's listing-limit tier, which sizes the per-minute quotas")
    parser.add_argument("--lenient", action="store_true",
                        help="demo mode: instant approval and content checks, Retry-After on 429, "
                             "listing windows clipped instead of refused (tests never use it)")
    parser.add_argument("--verbose", action="store_true", help="log every request")
    args = parser.parse_args(argv)
    logging.getLogger("werkzeug").setLevel(logging.INFO if args.verbose else logging.WARNING)
    state = SandboxState(seller_id=args.seller_id, api_key=args.api_key, api_secret=args.api_secret,
                         batch_delay=args.batch_delay, lenient=args.lenient, tier=args.tier)
    create_app(state).run(host=args.host, port=args.port, threaded=True, use_reloader=False)


if __name__ == "__main__":
    main()
