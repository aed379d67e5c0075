"""The Trendyol sandbox's webhooks over HTTP: the management rules, and deliveries to a real receiver
(a tiny HTTP server in this process) with the webhook's authentication, retries and deactivation."""
from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from tests.fixtures.processes import wait_until
from tests.fixtures.trendyol_sandbox import API_KEY, API_SECRET, SELLER_ID, TrendyolSandbox

HEADERS = {"User-Agent": f"{SELLER_ID} - SelfIntegration"}
HOOKS = f"/webhook/sellers/{SELLER_ID}/webhooks"


class Receiver:
    """Records every POST (headers and body) and answers `status`."""

    def __init__(self) -> None:
        self.calls: list[tuple[dict[str, str], dict]] = []
        self.status = 200
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                owner.calls.append((dict(self.headers), body))
                self.send_response(owner.status)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/orders/1/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    found = Receiver()
    yield found
    found.server.shutdown()


def api(trendyol: TrendyolSandbox, method: str, path: str, **kwargs) -> requests.Response:
    return requests.request(method, f"{trendyol.api_url}{path}", auth=(API_KEY, API_SECRET), headers=HEADERS,
                            timeout=10, **kwargs)


def create(trendyol: TrendyolSandbox, **body) -> requests.Response:
    return api(trendyol, "POST", HOOKS, json=body)


def test_create_list_update_deactivate_activate_delete(trendyol, receiver):
    created = create(trendyol, url=receiver.url, authenticationType="API_KEY", apiKey="k-1")
    assert created.status_code == 200 and set(created.json()) == {"id"}
    hook_id = created.json()["id"]
    (listed,) = api(trendyol, "GET", HOOKS).json()
    assert listed["url"] == receiver.url and listed["status"] == "ACTIVE" and listed["subscribedStatuses"] is None
    assert listed["authenticationType"] == "API_KEY" and listed["lastModifiedDate"] is None
    updated = api(trendyol, "PUT", f"{HOOKS}/{hook_id}", json={"url": receiver.url, "authenticationType":
                  "BASIC_AUTHENTICATION", "username": "u", "password": "p", "subscribedStatuses": ["CANCELLED"]})
    assert (updated.status_code, updated.text) == (200, "200 OK")
    assert api(trendyol, "PUT", f"{HOOKS}/{hook_id}/deactivate").status_code == 200
    assert api(trendyol, "GET", HOOKS).json()[0]["status"] == "PASSIVE"
    assert api(trendyol, "PUT", f"{HOOKS}/{hook_id}/activate").status_code == 200
    (listed,) = api(trendyol, "GET", HOOKS).json()
    assert listed["status"] == "ACTIVE" and listed["subscribedStatuses"] == ["CANCELLED"] and listed["username"] == "u"
    assert api(trendyol, "DELETE", f"{HOOKS}/{hook_id}").status_code == 200
    assert api(trendyol, "GET", HOOKS).json() == []
    assert api(trendyol, "PUT", f"{HOOKS}/{hook_id}/activate").status_code == 404


@pytest.mark.parametrize("body, message", [
    ({"authenticationType": "API_KEY", "apiKey": "k"}, "url is required"),
    ({"url": "https://hooks.example.com/x", "authenticationType": "API_KEY"}, "apiKey is required"),
    ({"url": "https://hooks.example.com/x", "authenticationType": "BASIC_AUTHENTICATION", "username": "u"},
     "username and password"),
    ({"url": "https://hooks.example.com/x", "authenticationType": "TOKEN"}, "authenticationType"),
    ({"url": "https://LocalHost:8000/x", "authenticationType": "API_KEY", "apiKey": "k"}, "must not contain"),
    ({"url": "https://shop.example.com/trendyol/x", "authenticationType": "API_KEY", "apiKey": "k"}, "must not contain"),
    ({"url": "https://hooks.example.com/x", "authenticationType": "API_KEY", "apiKey": "k",
      "subscribedStatuses": ["SHIPPED", "LOST"]}, "subscribedStatuses"),
])
def test_create_refuses_what_the_documentation_forbids(trendyol, body, message):
    answer = create(trendyol, **body)
    assert answer.status_code == 400 and message in answer.json()["message"]


def test_at_most_fifteen_webhooks_per_seller_passive_ones_included(trendyol):
    ids = [create(trendyol, url=f"https://hooks.example.com/{n}", authenticationType="API_KEY", apiKey="k").json()["id"]
           for n in range(15)]
    api(trendyol, "PUT", f"{HOOKS}/{ids[0]}/deactivate")
    refused = create(trendyol, url="https://hooks.example.com/16", authenticationType="API_KEY", apiKey="k")
    assert refused.status_code == 400 and "15" in refused.json()["message"]


def test_management_needs_the_sellers_credentials(trendyol):
    answer = requests.get(f"{trendyol.api_url}{HOOKS}", auth=(API_KEY, "wrong"), headers=HEADERS, timeout=10)
    assert answer.status_code == 401


def test_package_changes_are_delivered_in_the_page_wrapper_with_basic_auth(trendyol, receiver):
    create(trendyol, url=receiver.url, authenticationType="BASIC_AUTHENTICATION", username="u", password="p")
    trendyol.control("POST", "webhooks/config", {"duplicate_rate": 0})
    (package,) = trendyol.control("POST", "orders", {"count": 1})["packages"]
    trendyol.control("POST", f"packages/{package['shipmentPackageId']}/cancel", {})
    wait_until(lambda: len(receiver.calls) >= 2, 10, "two deliveries")
    headers, body = receiver.calls[0]
    assert headers["Authorization"] == "Basic " + base64.b64encode(b"u:p").decode()
    assert set(body) == {"totalElements", "totalPages", "page", "size", "content"}
    assert sorted(b["content"][0]["status"] for _, b in receiver.calls) == ["Cancelled", "Created"]
    assert {b["content"][0]["shipmentPackageId"] for _, b in receiver.calls} == {package["shipmentPackageId"]}


def test_subscribed_statuses_filter_what_is_sent(trendyol, receiver):
    create(trendyol, url=receiver.url, authenticationType="API_KEY", apiKey="k", subscribedStatuses=["CANCELLED"])
    trendyol.control("POST", "webhooks/config", {"duplicate_rate": 0})
    (package,) = trendyol.control("POST", "orders", {"count": 1})["packages"]
    trendyol.control("POST", f"packages/{package['shipmentPackageId']}/cancel", {})
    wait_until(lambda: receiver.calls, 10, "the cancellation's delivery")
    assert [b["content"][0]["status"] for _, b in receiver.calls] == ["Cancelled"]
    assert receiver.calls[0][0]["x-api-key"] == "k"


def attempts(trendyol: TrendyolSandbox) -> int:
    """Attempts the sandbox has finished (recorded, and a failure's retry scheduled)."""
    return len(trendyol.control("GET", "webhooks/deliveries")["deliveries"])


def test_a_failing_receiver_is_retried_then_the_webhook_turns_passive(trendyol, receiver):
    create(trendyol, url=receiver.url, authenticationType="API_KEY", apiKey="k")
    trendyol.control("POST", "webhooks/config", {"duplicate_rate": 0, "retry_interval": 300, "retry_window": 900})
    receiver.status = 503
    trendyol.control("POST", "orders", {"count": 1})
    wait_until(lambda: attempts(trendyol) == 1, 10, "the first attempt")
    trendyol.advance_clock(301)
    wait_until(lambda: attempts(trendyol) == 2, 10, "the retry 5 minutes later")
    receiver.status = 200
    trendyol.advance_clock(301)
    wait_until(lambda: attempts(trendyol) == 3, 10, "the second retry, which succeeds")
    trendyol.advance_clock(301)
    state = trendyol.control("GET", "webhooks")
    assert state["webhooks"][0]["status"] == "ACTIVE" and state["pending"] == 0 and len(receiver.calls) == 3
    assert "retries every 300 s" in state["emails"][0]["text"]

    receiver.status = 500
    trendyol.control("POST", "orders", {"count": 1})
    for attempt in range(4, 8):
        wait_until(lambda: attempts(trendyol) >= attempt, 10, f"attempt {attempt}")
        trendyol.advance_clock(301)
    wait_until(lambda: trendyol.control("GET", "webhooks")["webhooks"][0]["status"] == "PASSIVE", 10, "PASSIVE")
    state = trendyol.control("GET", "webhooks")
    assert state["pending"] == 0 and "PASSIVE" in state["emails"][-1]["text"]
    calls = len(receiver.calls)
    trendyol.control("POST", "orders", {"count": 1})
    trendyol.advance_clock(301)
    assert len(receiver.calls) == calls  # nothing is sent to a passive webhook


def test_an_outage_drops_deliveries(trendyol, receiver):
    create(trendyol, url=receiver.url, authenticationType="API_KEY", apiKey="k")
    trendyol.control("POST", "webhooks/config", {"drop": True})
    trendyol.control("POST", "orders", {"count": 2})
    log = trendyol.control("GET", "webhooks/deliveries")["deliveries"]
    assert [entry["outcome"] for entry in log] == ["dropped", "dropped"] and receiver.calls == []
