"""What every `/integration/...` request passes before its view: counting, injected latency
and faults, the User-Agent rule (403), Basic auth against the seller in the path (401),
both throttles of `limits.py` (429 `too.many.requests`, no Retry-After unless lenient), then
settling what the sandbox clock made due (batches, approvals, content checks, claim deadlines).
"""
from __future__ import annotations

import math
import re
import time
from typing import Any

from flask import Response, jsonify, request

from sandboxes.trendyol.batches import settle
from sandboxes.trendyol.limits import group_of
from sandboxes.trendyol.responses import auth_error, product_error
from sandboxes.trendyol.state import SandboxState, get_state

USER_AGENT = re.compile(r"^(\d+) - [A-Za-z0-9]{1,30}$")
PREFIX = "/integration/"


def endpoint_name() -> str:
    """`METHOD /rule`: the throttle key and the request-count key."""
    rule = request.url_rule.rule if request.url_rule is not None else request.path
    return f"{request.method} {rule}"


def before_request() -> Any:
    if not request.path.startswith(PREFIX):
        return None
    state = get_state()
    name = endpoint_name()
    with state.lock:
        state.counts[name] += 1
        latency = state.knobs.latency
    if latency:
        time.sleep(latency)  # simulated server latency, the point of this knob
    refused = _check_user_agent(state) or _check_auth(state) or _injected_fault(state)
    if refused is not None:
        return refused
    with state.lock:
        wait = state.throttle_wait(name, group_of(request.method, request.path))
        strict = state.knobs.strict
    if wait > 0:
        return throttled(None if strict else wait)
    settle(state)
    return None


def after_request(response: Response) -> Response:
    if request.path.startswith(PREFIX):
        state = get_state()
        with state.lock:
            state.statuses[response.status_code] += 1
    return response


def throttled(retry_after: float | None) -> Response:
    """429 in the service's error shape; a `Retry-After` only when one is given (lenient mode)."""
    if request.path.startswith("/integration/order/"):
        response = jsonify({"error": "Too Many Requests", "message": "too.many.requests"})
    else:
        response, _ = product_error(429, "too.many.requests", "too.many.requests")
    response.status_code = 429
    if retry_after is not None:
        response.headers["Retry-After"] = str(max(1, math.ceil(retry_after)))
    return response


def _check_user_agent(state: SandboxState) -> Any:
    match = USER_AGENT.match(request.headers.get("User-Agent", ""))
    if match is None or int(match.group(1)) != state.seller_id:
        return product_error(403, "forbidden",
                             "User-Agent must be '<sellerId> - <IntegratorName>' or '<sellerId> - SelfIntegration'")
    return None


def _check_auth(state: SandboxState) -> Any:
    auth = request.authorization
    if auth is None or auth.type != "basic":
        return auth_error("supplierID, API Key or API Secret is missing")
    seller = (request.view_args or {}).get("seller_id", state.seller_id)
    if (auth.username, auth.password, seller) != (state.api_key, state.api_secret, state.seller_id):
        return auth_error("one of supplierID, API Key or API Secret is wrong")
    return None


def _injected_fault(state: SandboxState) -> Any:
    """The first queued fault matching this request, else a random one at `error_rate`."""
    with state.lock:
        for fault in list(state.knobs.forced):
            if fault.get("path", "") in request.path and fault.get("method", request.method) == request.method:
                fault["times"] = fault.get("times", 1) - 1
                if fault["times"] <= 0:
                    state.knobs.forced.remove(fault)
                return _fault_response(fault)
        if state.knobs.error_rate and state.rng.random() < state.knobs.error_rate:
            return _fault_response({"status": state.knobs.error_status})
    return None


def _fault_response(fault: dict[str, Any]) -> Response:
    status = int(fault.get("status", 500))
    if status == 429 and "body" not in fault:
        response, _ = product_error(429, "too.many.requests", "too.many.requests")
    else:
        body = {"errors": [{"key": "injected.fault", "errorCode": "injected.fault", "message": f"injected {status}"}]}
        response = jsonify(fault.get("body") or body)
    response.status_code = status
    if "retry_after" in fault:
        response.headers["Retry-After"] = str(fault["retry_after"])
    return response
