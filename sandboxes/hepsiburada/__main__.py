"""Run the Hepsiburada sandbox: `python -m sandboxes.hepsiburada --port 8103 [--lenient]`.

Hosts are path prefixes named after the real ones: `http://127.0.0.1:8103/mpop-sit/product/api/...`
is `https://mpop-sit.hepsiburada.com/product/api/...`; likewise `listing-external[-sit]`,
`oms-external[-sit]` and `oms-stub-external-sit`. Strict by default; `--lenient` (instant
approval of imported products) is for the `make run` demo only."""
from __future__ import annotations

import argparse
import logging

from sandboxes.hepsiburada.app import create_app
from sandboxes.hepsiburada.state import MERCHANT_ID, SERVICE_KEYS, USER_AGENT, Knobs, State
from sandboxes.serving import ThreadedServer


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m sandboxes.hepsiburada", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8103)
    parser.add_argument("--merchant-id", default=MERCHANT_ID)
    parser.add_argument("--sit-key", default=SERVICE_KEYS["sit"], help="service key on the -sit hosts")
    parser.add_argument("--prod-key", default=SERVICE_KEYS["prod"], help="service key on the production hosts")
    parser.add_argument("--user-agent", default=USER_AGENT, help="the integrator user name User-Agent must carry")
    parser.add_argument("--lenient", action="store_true", help="demo mode: imported products approved at once")
    parser.add_argument("--threads", type=int, default=16)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    state = State(merchant_id=args.merchant_id, service_keys={"sit": args.sit_key, "prod": args.prod_key},
                  user_agent=args.user_agent, lenient=args.lenient)
    if args.lenient:
        state.knobs = Knobs(approve_delay=0.0)
    ThreadedServer(create_app(state), args.host, args.port, threads=args.threads).run()


if __name__ == "__main__":
    main()
