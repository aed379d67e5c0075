"""`python -m sandboxes.omnitron --port 8101 --products 500 [--trendyol-url URL] [--token-ttl S]`."""
from __future__ import annotations

import argparse
import logging

from sandboxes.omnitron.app import create_app
from sandboxes.omnitron.seed import SeedConfig


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Run the Omnitron sandbox (in-memory, for tests and demos).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8101)
    parser.add_argument("--products", type=int, default=0, help="sellable products to seed at start and on reset")
    parser.add_argument("--trendyol-url", default="http://127.0.0.1:8102", help="put into the channel's conf")
    parser.add_argument("--token-ttl", type=float, default=3600.0, help="seconds before a token gets 401")
    args = parser.parse_args(argv)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    config = SeedConfig(products=args.products, trendyol_url=args.trendyol_url, token_ttl=args.token_ttl)
    create_app(config).run(host=args.host, port=args.port, threaded=True, use_reloader=False)


if __name__ == "__main__":
    main()
