"""What every Hepsiburada request passes before its view: counting, injected faults, Basic auth
(`merchantId:serviceKey` of the host's environment), the User-Agent rule, the merchant named in
the path, the per-service throttle, then settling what the sandbox clock made due.

Hosts are path prefixes named like the real hosts (`/mpop-sit/...` is `https://mpop-sit.hepsiburada.com`).
Stricter readings where the documentation is silent (said here, as they are not Hepsiburada's words):
a missing or wrong User-Agent is 401 like a wrong password; a merchant id in the path that is not
the authenticated one is 403.
"""
from __future__ import annotations

import base64
from typing import Any

from flask import Response, jsonify, request

from sandboxes.hepsiburada.state import State, get_state

#: host label -> (service, environment)
HOSTS = {
    "mpop-sit": ("catalog", "sit"), "mpop": ("catalog", "prod"),
    "listing-external-sit": ("listing", "sit"), "listing-external": ("listing", "prod"),
    "oms-external-sit": ("oms", "sit"), "oms-external": ("oms", "prod"),
    "oms-stub-external-sit": ("stub", "sit"),
}


def host_of(path: str) -> tuple[str, str] | None:
    return HOSTS.get(path.strip("/").split("/", 1)[0])


def endpoint_name() -> str:
    rule = request.url_rule.rule if request.url_rule is not None else request.path
    return f"{request.method} {rule}"


def error(service: str, status: int, message: str, code: int = 0) -> tuple[Response, int]:
    """The service's error shape: the catalog envelope, or OMS/listing `{"message"}`."""
    if service == "catalog":
        return jsonify({"success": False, "code": code or status, "version": 1, "message": message,
                        "data": None}), status
    return jsonify({"message": message}), status


def before_request() -> Any:
    host = host_of(request.path)
    if host is None:
        return None
    service, environment = host
    state = get_state()
    with state.lock:
        state.counts[endpoint_name()] += 1
        fault = _take_fault(state)
    if fault is not None:
        return error(service, int(fault["status"]), str(fault.get("message", "injected fault")))
    refused = _authenticate(state, service, environment)
    if refused is not None:
        return refused
    throttled = _throttle(state, service)
    if throttled is not None:
        return throttled
    from sandboxes.hepsiburada import catalog, deletion, listings, oms, tickets

    with state.lock:
        catalog.settle(state)
        deletion.settle(state)
        tickets.settle(state)
        listings.settle(state)
        oms.settle(state)
    return None


def after_request(response: Response) -> Response:
    if host_of(request.path) is not None:
        state = get_state()
        with state.lock:
            state.statuses[response.status_code] += 1
    return response


def _take_fault(state: State) -> dict[str, Any] | None:
    for fault in state.faults:
        if fault.get("path", "") in request.path and fault.get("method", request.method) == request.method:
            fault["times"] = int(fault.get("times", 1)) - 1
            if fault["times"] <= 0:
                state.faults.remove(fault)
            return fault
    return None


def _credentials() -> tuple[str, str] | None:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Basic "):
        return None
    try:
        user, _, password = base64.b64decode(header[6:]).decode().partition(":")
    except (ValueError, UnicodeDecodeError):
        return None
    return user, password


def _authenticate(state: State, service: str, environment: str) -> Any:
    credentials = _credentials()
    if credentials is None or credentials[0] != state.merchant_id:
        return error(service, 401, "Username veya Password hatalı")
    key = credentials[1]
    if key != state.service_keys[environment]:
        if key in state.service_keys.values():  # the other environment's key: forbidden, as measured
            return error(service, 403, f"credentials of another environment used on the {environment} host")
        return error(service, 401, "Username veya Password hatalı")
    if request.headers.get("User-Agent", "") != state.user_agent:
        return error(service, 401, "User-Agent must be the integrator's user name")
    named = (request.view_args or {}).get("merchant_id")
    if named is not None and named != state.merchant_id:
        return error(service, 403, "merchant id in the path is not the authenticated merchant")
    return None


def _throttle(state: State, service: str) -> Any:
    knobs = state.knobs
    with state.lock:
        throttle = state.throttles.setdefault(service, _new_throttle())
        if service == "catalog":
            over = throttle.hit(state.now(), knobs.catalog_rate, knobs.catalog_block_after)
            limit = knobs.catalog_rate
        elif service == "oms":
            over = throttle.hit(state.now(), knobs.oms_rate)
            limit = knobs.oms_rate
        else:
            return None
        remaining, reset = max(limit - throttle.used, 0), max(throttle.second + 1 - state.now(), 0.0)
    if not over:
        return None
    if service == "catalog":  # the catalog answers its limit with 403, never 429 (Ocak 2026)
        return error("catalog", 403, "request limit exceeded" + (" (IP blocked)" if throttle.blocked else ""))
    response, status = error("oms", 429, "TooManyRequest")
    response.headers.update({"X-RateLimit-Limit": str(limit), "X-RateLimit-Remaining": str(remaining),
                             "X-RateLimit-Reset": f"{reset:.3f}"})
    return response, status


def _new_throttle() -> Any:
    from sandboxes.hepsiburada.state import Throttle

    return Throttle()
