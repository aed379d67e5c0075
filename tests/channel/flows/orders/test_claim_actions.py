"""orders_claims_act inline: Omnitron's decision on a refund request approves or rejects the claim items."""
from __future__ import annotations

import pytest
import requests

from tests.channel.flows.orders.conftest import make_packages

pytestmark = [pytest.mark.django_db, pytest.mark.timeout(120)]


def returned(channel, quantity: int = 2) -> dict:
    """A delivered package whose return is imported into Omnitron and waits for the seller."""
    (package,) = make_packages(channel, 1, quantity=quantity)
    channel.run("orders_import", lookback_hours=1)
    pid = package["shipmentPackageId"]
    for status in ("Shipped", "Delivered"):
        channel.trendyol.control("POST", f"packages/{pid}/status", {"status": status})
    claim = channel.trendyol.control("POST", "claims", {"package_id": pid})["result"]
    assert channel.run("orders_claims_import", lookback_hours=1)["orders"]["created"] == quantity
    channel.trendyol.control("POST", f"claims/{claim['id']}/waiting-in-action")
    return claim


def item_statuses(channel, claim: dict) -> list[str]:
    """The claim's item statuses as Trendyol lists them."""
    answer = requests.get(f"{channel.trendyol.api_url}/order/sellers/1000/claims", params={"claimIds": claim["id"]},
                          auth=("sandbox-key", "sandbox-secret"), headers={"User-Agent": "1000 - SelfIntegration"},
                          timeout=10).json()
    return sorted(i["claimItemStatus"]["name"] for line in answer["content"][0]["items"] for i in line["claimItems"])


def test_undecided_returns_are_counted_with_their_auto_accept_deadline(channel):
    returned(channel)

    summary = channel.run("orders_claims_act")

    assert summary["orders"] == {"approved": 0, "rejected": 0, "waiting": 2} and summary["failed"] == 0
    assert any("auto-accept deadline" in note for note in summary["notes"])


def test_decisions_in_omnitron_approve_and_reject_the_claim_items_once(channel):
    conf = channel.client.channels.get()["conf"]
    channel.client.channels.update({"conf": {**conf, "claim_reject_reason_id": "451"}})
    claim = returned(channel)
    first, second = sorted(channel.omnitron.table("cancellation_requests"), key=lambda r: r["pk"])
    channel.omnitron.control("POST", f"cancellation_requests/{first['pk']}", {"status": "approved"})
    channel.omnitron.control("POST", f"cancellation_requests/{second['pk']}", {"status": "rejected"})

    summary = channel.run("orders_claims_act")
    again = channel.run("orders_claims_act")

    assert summary["orders"] == {"approved": 1, "rejected": 1, "waiting": 0} and summary["failed"] == 0
    assert item_statuses(channel, claim) == ["Accepted", "InAnalysis"]
    assert again["orders"] == {"approved": 0, "rejected": 0, "waiting": 0} and again["sent"] == 0


def test_a_reject_reason_that_needs_a_file_is_reported_not_sent(channel):
    conf = channel.client.channels.get()["conf"]
    channel.client.channels.update({"conf": {**conf, "claim_reject_reason_id": "1801"}})
    claim = returned(channel, quantity=1)
    (request,) = channel.omnitron.table("cancellation_requests")
    channel.omnitron.control("POST", f"cancellation_requests/{request['pk']}", {"status": "rejected"})

    summary = channel.run("orders_claims_act")

    assert summary["failed"] == 1 and "needs a file" in summary["errors"][0]["reason"]
    assert item_statuses(channel, claim) == ["WaitingInAction"]
