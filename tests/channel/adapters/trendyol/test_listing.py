"""The product filter listings: approved / unapproved / archived by the page, states in bulk."""
from __future__ import annotations

import pytest
import requests

from channel.adapters.payloads import ProductRef
from channel.adapters.trendyol import TrendyolAdapter
from tests.channel.adapters.trendyol.test_adapter import client, create_approved, product, settle  # noqa: F401
from tests.fixtures.trendyol_sandbox import TrendyolSandbox


def test_pending_products_are_listed_as_unapproved_until_the_approval_delay_passes(
        client: TrendyolAdapter, trendyol: TrendyolSandbox) -> None:  # noqa: F811
    settle(client, client.create_products([product(1), product(2, size="4603")]))
    [pending] = list(client.list_products("unapproved"))
    assert {(s.key, s.status, s.approved) for s in pending} == {("ACME-1", "pendingApproval", False),
                                                                ("ACME-2", "pendingApproval", False)}
    assert list(client.list_products("approved")) == [[]]
    trendyol.pass_approval()
    [approved] = list(client.list_products("approved"))
    assert {s.key for s in approved} == {"ACME-1", "ACME-2"} and all(s.remote_id for s in approved)
    assert list(client.list_products("unapproved")) == [[]]


def test_rejected_products_carry_their_reasons(client: TrendyolAdapter, trendyol: TrendyolSandbox) -> None:  # noqa: F811
    trendyol.configure(approve_delay=None)
    settle(client, client.create_products([product(1)]))
    trendyol.reject("ACME-1", "image is blurry")
    [[state]] = list(client.list_products("unapproved", barcodes=["ACME-1"]))
    assert state.status == "rejected" and state.reasons == ("image is blurry",)


def test_archived_listing(client: TrendyolAdapter, trendyol: TrendyolSandbox) -> None:  # noqa: F811
    create_approved(client, trendyol, product(1), product(2, size="4603"))
    settle(client, client.archive_products([ProductRef("SKU-1", "ACME-1")]))
    [archived] = list(client.list_products("archived"))
    assert [(s.key, s.archived) for s in archived] == [("ACME-1", True)]


def test_states_of_many_barcodes_take_one_call_per_50(client: TrendyolAdapter, trendyol: TrendyolSandbox) -> None:  # noqa: F811
    items = [product(n, group_key=f"G{n}") for n in range(120)]
    settle(client, client.create_products(items))
    trendyol.pass_approval()
    before = trendyol.counts()["endpoints"]
    refs = [ProductRef(f"SKU-{n}", f"ACME-{n}") for n in range(120)] + [ProductRef("X", "UNKNOWN")]
    states = client.get_product_states(refs)
    assert set(states) == {f"ACME-{n}" for n in range(120)} and all(s.approved for s in states.values())
    after = trendyol.counts()["endpoints"]
    listed = "GET /integration/product/sellers/<int:seller_id>/products/approved"
    assert after[listed] - before.get(listed, 0) == 3  # 121 barcodes, 50 a call
    assert "GET /integration/product/sellers/<int:seller_id>/product/<barcode>" not in after  # no per-barcode calls


@pytest.mark.parametrize(("query", "message"), [
    ("size=101", "size must be between 1 and 100"),
    ("page=100&size=100", "page x size may not exceed 10000"),
    ("barcodes=" + ",".join(f"B{n}" for n in range(51)), "at most 50"),
    ("status=gone", "status must be one of"),
])
def test_listing_refuses_what_trendyol_refuses(trendyol: TrendyolSandbox, query: str, message: str) -> None:
    response = requests.get(f"{trendyol.api_url}/product/sellers/1000/products/approved?{query}",
                            auth=("sandbox-key", "sandbox-secret"), headers={"User-Agent": "1000 - SelfIntegration"},
                            timeout=5)
    assert response.status_code == 400 and message in response.json()["errors"][0]["message"]
