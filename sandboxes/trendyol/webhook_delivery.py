"""Webhook subscriptions of the sandbox seller and their delivery, off the request path.

On every package status change (a new package, a move, a successor of an unsupplied or split
package) `changed(state, package)` snapshots the package and queues one delivery per ACTIVE
webhook subscribed to that status (none subscribed = all). Sender threads POST it in the
getShipmentPackages wrapper (`totalElements`, `totalPages`, `page`, `size`, `content`) with
the webhook's authentication (`x-api-key`, or Basic), so API calls never wait for delivery.

Delivery policy (docs/trendyol.md "Webhooks"; where the pages are silent, the stricter reading):

* success is any 2xx within `timeout` (default 10 s; the live timeout is unpublished);
* a failed delivery is re-sent every `retry_interval` seconds of sandbox time (documented: 5 min)
  until it succeeds; the first failure writes the "retries started" e-mail;
* after `retry_window` (default 24 h of sandbox time; the live value is unpublished) of failures
  the webhook turns PASSIVE, the "deactivated" e-mail is written, its queued deliveries are
  dropped, and nothing more is sent until `activate`;
* deliveries are at least once: each is repeated with probability `duplicate_rate` (default
  0.05; lenient 0), and several sender threads deliver concurrently, so deliveries of different
  packages may arrive out of order (documented as "not guaranteed" nowhere: inferred);
* `drop` loses every change (an outage like Trendyol's of 06.10.2026): polling must reconcile.
"""
from __future__ import annotations

import copy
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import requests

from sandboxes.trendyol.state import SandboxState

#: Package status -> the webhook's status name.
HOOK_STATUS = {"Created": "CREATED", "Picking": "PICKING", "Invoiced": "INVOICED", "Shipped": "SHIPPED",
               "Cancelled": "CANCELLED", "Delivered": "DELIVERED", "UnDelivered": "UNDELIVERED",
               "Returned": "RETURNED", "UnSupplied": "UNSUPPLIED", "Awaiting": "AWAITING", "UnPacked": "UNPACKED",
               "AtCollectionPoint": "AT_COLLECTION_POINT", "Verified": "VERIFIED"}
SENDERS = 4
LOG_LIMIT = 100_000


@dataclass
class Hook:
    id: str
    url: str
    auth_type: str
    username: str = ""
    password: str = field(default="", repr=False)
    api_key: str = field(default="", repr=False)
    statuses: list[str] | None = None
    status: str = "ACTIVE"
    created: int = 0
    modified: int | None = None
    failing_since: float | None = None

    def wants(self, package_status: str) -> bool:
        return self.status == "ACTIVE" and (not self.statuses or HOOK_STATUS.get(package_status) in self.statuses)


@dataclass
class Delivery:
    hook_id: str
    package_id: int
    status: str
    body: dict[str, Any]
    due: float
    changed_at: float
    attempt: int = 0


@dataclass
class Policy:
    timeout: float = 10.0
    retry_interval: float = 300.0
    retry_window: float = 24 * 3600.0
    duplicate_rate: float = 0.05
    drop: bool = False


class Deliveries:
    """The seller's webhooks, the queue of deliveries and the senders; one per sandbox state."""

    def __init__(self, state: SandboxState) -> None:
        self.state = state
        self.cond = threading.Condition()
        self.threads: list[threading.Thread] = []
        self.clear()

    def clear(self) -> None:
        with self.cond:
            self.hooks: dict[str, Hook] = {}
            self.queue: deque[Delivery] = deque()
            self.log: list[dict[str, Any]] = []
            self.emails: list[dict[str, Any]] = []
            self.in_flight = 0
            self.policy = Policy(duplicate_rate=0.0 if self.state.lenient else 0.05)

    # ---- queueing -------------------------------------------------------------------------

    def changed(self, package: dict[str, Any]) -> None:
        """A package changed status: queue its snapshot for every webhook that wants it."""
        with self.cond:
            targets = [hook for hook in self.hooks.values() if hook.wants(package["status"])]
            if not targets:
                return
            if self.policy.drop:
                self._record(targets[0].id, package["shipmentPackageId"], package["status"], 0, "dropped", 0.0)
                return
            now = self.state.now()
            body = {"totalElements": 1, "totalPages": 1, "page": 0, "size": 1, "content": [copy.deepcopy(package)]}
            for hook in targets:
                copies = 2 if self.state.rng.random() < self.policy.duplicate_rate else 1
                for _ in range(copies):
                    self.queue.append(Delivery(hook.id, package["shipmentPackageId"], package["status"], body, now,
                                               time.time()))
            self._start()
            self.cond.notify_all()

    def _start(self) -> None:
        while len(self.threads) < SENDERS:
            thread = threading.Thread(target=self._send_forever, name=f"webhook-sender-{len(self.threads)}",
                                      daemon=True)
            self.threads.append(thread)
            thread.start()

    def _next(self) -> tuple[Delivery, Hook] | None:
        """The first due delivery of an ACTIVE hook (others are dropped), or None after a short wait."""
        with self.cond:
            now = self.state.now()
            for delivery in list(self.queue):
                hook = self.hooks.get(delivery.hook_id)
                if hook is None or hook.status != "ACTIVE":
                    self.queue.remove(delivery)
                elif delivery.due <= now:
                    self.queue.remove(delivery)
                    self.in_flight += 1
                    return delivery, hook
            self.cond.wait(0.05)
            return None

    # ---- sending ----------------------------------------------------------------------------

    def _send_forever(self) -> None:
        session = requests.Session()
        while True:
            found = self._next()
            if found is not None:
                try:
                    self._send(session, *found)
                finally:
                    with self.cond:
                        self.in_flight -= 1

    def _send(self, session: requests.Session, delivery: Delivery, hook: Hook) -> None:
        headers = {"Content-Type": "application/json", "User-Agent": "Trendyol-Webhook-Sandbox"}
        auth = None
        if hook.auth_type == "API_KEY":
            headers["x-api-key"] = hook.api_key
        else:
            auth = (hook.username, hook.password)
        started = time.perf_counter()
        try:
            response = session.post(hook.url, json=delivery.body, headers=headers, auth=auth,
                                    timeout=self.policy.timeout)
            code, outcome = response.status_code, "ok" if 200 <= response.status_code < 300 else "failed"
        except requests.RequestException as exc:
            code, outcome = 0, f"failed: {type(exc).__name__}"
        elapsed = (time.perf_counter() - started) * 1000
        with self.cond:
            delivery.attempt += 1
            self._record(hook.id, delivery.package_id, delivery.status, code, outcome, elapsed, delivery)
            if outcome == "ok":
                hook.failing_since = None
            else:
                self._failed(delivery, hook)

    def _failed(self, delivery: Delivery, hook: Hook) -> None:
        now = self.state.now()
        if hook.failing_since is None:
            hook.failing_since = now
            self._email(hook, f"Webhook {hook.id} cannot deliver; Trendyol retries every "
                              f"{self.policy.retry_interval:g} s for {self.policy.retry_window:g} s")
        if now - hook.failing_since >= self.policy.retry_window:
            hook.status = "PASSIVE"
            self._email(hook, f"Webhook {hook.id} was set to PASSIVE; activate it once the receiver works")
            self.queue = deque(d for d in self.queue if d.hook_id != hook.id)
            return
        delivery.due = now + self.policy.retry_interval
        self.queue.append(delivery)

    def _record(self, hook_id: str, package_id: int, status: str, code: int, outcome: str, elapsed_ms: float,
                delivery: Delivery | None = None) -> None:
        if len(self.log) < LOG_LIMIT:
            self.log.append({"hook": hook_id, "package_id": package_id, "status": status, "code": code,
                             "outcome": outcome, "ms": round(elapsed_ms, 3), "at": time.time(),
                             "attempt": delivery.attempt if delivery else 0,
                             "changed_at": delivery.changed_at if delivery else time.time()})

    def _email(self, hook: Hook, text: str) -> None:
        self.emails.append({"hook": hook.id, "at": self.state.now_ms(), "text": text})

    def pending(self) -> int:
        with self.cond:
            return len(self.queue) + self.in_flight


def deliveries(state: SandboxState) -> Deliveries:
    """The sandbox's webhook deliveries, created (and hooked into reset) on first use."""
    with state.lock:
        found = state.__dict__.get("webhook_deliveries")
        if found is None:
            found = state.__dict__["webhook_deliveries"] = Deliveries(state)
            state.reset_hooks.append(found.clear)
        return found


def changed(state: SandboxState, package: dict[str, Any]) -> None:
    """Called by the package state machine on every status change."""
    deliveries(state).changed(package)
