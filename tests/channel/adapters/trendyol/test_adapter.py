"""TrendyolAdapter end to end against the sandbox process: pushes, batches, reference data."""
from __future__ import annotations

import dataclasses
import json
from decimal import Decimal

import pytest

from channel.adapters.budget import MemoryStore
from channel.adapters.errors import BatchNotFound, RequestRejected
from channel.adapters.payloads import (
    AttributeInput,
    ImageInput,
    PriceInput,
    ProductPayloadInput,
    ProductRef,
    StockInput,
)
from channel.adapters.results import BatchResult, ItemOutcome, PushResult
from channel.adapters.trendyol import TrendyolAdapter
from channel.adapters.trendyol.adapter import DUPLICATE_REASON
from tests.fixtures.trendyol_sandbox import SandboxTime, TrendyolSandbox

RED = AttributeInput("47", custom_value="Kırmızı")


def product(n: int, size: str = "4602", **overrides: object) -> ProductPayloadInput:
    fields: dict = dict(
        sku=f"SKU-{n}", barcode=f"ACME-{n}", name=f"Acme T-Shirt {n}", description="<p>cotton</p>",
        group_key="ACME-TSHIRT", category_remote_id="411", brand_remote_id="1791",
        attributes=(AttributeInput("293", (size,)), RED), images=("https://cdn.example.com/1.jpg",),
        list_price=Decimal("499.90"), sale_price=Decimal("399.90"), stock=10, vat_rate=20,
    )
    fields.update(overrides)
    return ProductPayloadInput(**fields)


@pytest.fixture
def client(trendyol: TrendyolSandbox) -> TrendyolAdapter:
    time = SandboxTime(trendyol)
    return TrendyolAdapter(trendyol.conf, sleep=time.sleep, clock=time.clock, store=MemoryStore(time.clock))


def settle(client: TrendyolAdapter, results: list[PushResult]) -> list[ItemOutcome]:
    """Every outcome of `results`: local ones plus each batch's (batches must be done)."""
    outcomes: list[ItemOutcome] = []
    for result in results:
        outcomes += result.outcomes or []
        if result.remote_batch_id:
            batch = client.fetch_batch(result.remote_batch_id, result.aliases)
            assert batch.status == "done"
            outcomes += batch.outcomes
    return outcomes


def create_approved(client: TrendyolAdapter, trendyol: TrendyolSandbox, *items: ProductPayloadInput) -> None:
    """Create products and wait out Trendyol's approval (sandbox time) so they are live."""
    assert all(outcome.ok for outcome in settle(client, client.create_products(list(items))))
    trendyol.pass_approval()


def by_key(outcomes: list[ItemOutcome]) -> dict[str, ItemOutcome]:
    return {outcome.key: outcome for outcome in outcomes}


def test_create_returns_batch_whose_result_has_an_outcome_per_item(client: TrendyolAdapter,
                                                                   trendyol: TrendyolSandbox) -> None:
    [pushed] = client.create_products([product(1), product(2, size="4603")])
    assert pushed.remote_batch_id and pushed.outcomes is None and pushed.keys == ["ACME-1", "ACME-2"]
    batch = client.fetch_batch(pushed.remote_batch_id)
    assert batch == BatchResult(pushed.remote_batch_id, "done", [ItemOutcome("ACME-1", True),
                                                                 ItemOutcome("ACME-2", True)], 2)
    stored = trendyol.products()
    assert stored["ACME-1"]["fields"]["attributes"] == [{"attributeId": 293, "attributeValueIds": [4602]},
                                                         {"attributeId": 47, "attributeValue": "Kırmızı"}]
    assert stored["ACME-1"]["contentId"] == stored["ACME-2"]["contentId"]  # same model, same colour


def test_batch_is_processing_until_its_delay_has_passed(client: TrendyolAdapter, trendyol: TrendyolSandbox) -> None:
    trendyol.configure(batch_delay=30)
    [pushed] = client.create_products([product(1)])
    assert client.fetch_batch(pushed.remote_batch_id).status == "processing"
    trendyol.advance_clock(31)
    assert client.fetch_batch(pushed.remote_batch_id).outcomes == [ItemOutcome("ACME-1", True)]


@pytest.mark.parametrize(("overrides", "reason"), [
    ({"list_price": Decimal("100"), "sale_price": Decimal("120")}, "listPrice must be greater than or equal to salePrice"),
    ({"brand_remote_id": "4242"}, "brand 4242 not found"),
    ({"category_remote_id": "523"}, "category 523 is not a leaf category"),
    ({"attributes": (RED,)}, "required attribute 293 (Beden) is missing"),
    ({"attributes": (AttributeInput("293", ("686",)), RED)}, "attribute value 686 is not valid for attribute 293"),
    ({"images": tuple(f"https://cdn.example.com/{i}.jpg" for i in range(9))}, "at most 8 images per barcode"),
    ({"images": ("http://cdn.example.com/1.jpg",)}, "image urls must be https"),
    ({"stock": 20_001}, "quantity may be at most 20000"),
    ({"vat_rate": 18}, "vatRate must be one of 0, 1, 10, 20"),
    ({"barcode": "ACME#1"}, "barcode may contain only letters, digits and . - _"),
])
def test_validation_failure_is_a_failed_outcome_with_the_reason(client: TrendyolAdapter, overrides: dict,
                                                                reason: str) -> None:
    outcomes = by_key(settle(client, client.create_products([product(1), product(2, **overrides)])))
    assert outcomes["ACME-1"].ok
    failed = outcomes[overrides.get("barcode", "ACME-2")]
    assert not failed.ok and reason in (failed.reason or "")


def test_duplicate_barcode_fails_the_second_create(client: TrendyolAdapter) -> None:
    settle(client, client.create_products([product(1)]))
    [outcome] = settle(client, client.create_products([product(1)]))
    assert not outcome.ok and outcome.reason == "barcode ACME-1 already exists"


def test_items_lacking_mappings_are_refused_locally_without_a_request(client: TrendyolAdapter,
                                                                      trendyol: TrendyolSandbox) -> None:
    [pushed] = client.create_products([product(1, category_remote_id=""), product(2, brand_remote_id="")])
    assert pushed.remote_batch_id is None
    assert [(o.key, o.ok, o.reason) for o in pushed.outcomes or []] == [
        ("ACME-1", False, "no Trendyol category id mapped"), ("ACME-2", False, "no Trendyol brand id mapped")]
    assert trendyol.counts()["total"] == 0


def test_barcode_with_spaces_is_reported_under_the_key_the_engine_sent(client: TrendyolAdapter,
                                                                      trendyol: TrendyolSandbox) -> None:
    [outcome] = settle(client, client.create_products([product(1, barcode="ACME 1")]))
    assert outcome == ItemOutcome("ACME 1", True)
    assert "ACME1" in trendyol.products()


def test_create_chunks_at_1000_items_per_request(client: TrendyolAdapter, trendyol: TrendyolSandbox) -> None:
    items = [product(n, name=f"T {n}", group_key=f"M{n}") for n in range(2_500)]
    results = client.create_products(items)
    assert [len(r.keys) for r in results] == [1000, 1000, 500]
    assert trendyol.counts()["endpoints"]["POST /integration/product/sellers/<int:seller_id>/v2/products"] == 3
    batches = [client.fetch_batch(r.remote_batch_id) for r in results]
    assert [b.item_count for b in batches] == [1000, 1000, 500]
    assert all(o.ok for b in batches for o in b.outcomes)
    assert len(trendyol.products()) == 2_500


def test_more_than_1000_items_in_one_request_is_rejected_synchronously(client: TrendyolAdapter) -> None:
    """Why the base class chunks: the hook itself sends whatever it is given."""
    with pytest.raises(RequestRejected) as caught:
        client.send_create_products([product(n) for n in range(1001)])
    assert caught.value.status == 400 and "items.max.size.exceeded" in caught.value.body


def test_prices_and_stocks_reach_the_marketplace(client: TrendyolAdapter, trendyol: TrendyolSandbox) -> None:
    create_approved(client, trendyol, product(1), product(2, size="4603"))
    prices = [PriceInput("SKU-1", "ACME-1", list_price=Decimal("450"), sale_price=Decimal("350.55"))]
    stocks = [StockInput("SKU-1", "ACME-1", stock=40), StockInput("SKU-2", "ACME-2", stock=0)]
    outcomes = settle(client, client.push_prices(prices)) + settle(client, client.push_stocks(stocks))
    assert all(outcome.ok for outcome in outcomes) and len(outcomes) == 3
    assert trendyol.prices()["ACME-1"] == {"listPrice": 450.0, "salePrice": 350.55}
    assert trendyol.stocks() == {"ACME-1": 40, "ACME-2": 0}


@pytest.mark.parametrize(("item", "reason"), [
    (StockInput("X", "UNKNOWN-1", stock=5), "barcode UNKNOWN-1 not found"),
    (StockInput("SKU-1", "ACME-1", stock=20_001), "quantity may be at most 20000"),
    (PriceInput("SKU-1", "ACME-1", list_price=Decimal("10"), sale_price=Decimal("11")),
     "listPrice must be greater than or equal to salePrice"),
])
def test_bad_price_or_stock_fails_per_item(client: TrendyolAdapter, trendyol: TrendyolSandbox, item: object, reason: str) -> None:
    create_approved(client, trendyol, product(1))
    push = client.push_prices if isinstance(item, PriceInput) else client.push_stocks
    [outcome] = settle(client, push([item]))  # type: ignore[list-item]
    assert not outcome.ok and outcome.reason == reason


def test_price_update_for_an_unapproved_product_fails(client: TrendyolAdapter, trendyol: TrendyolSandbox) -> None:
    trendyol.configure(approve_delay=None)
    settle(client, client.create_products([product(1)]))
    [outcome] = settle(client, client.push_stocks([StockInput("SKU-1", "ACME-1", stock=3)]))
    assert outcome.reason == "product ACME-1 is not approved"


def test_identical_price_stock_request_within_15_minutes_is_not_sent_again(
        client: TrendyolAdapter, trendyol: TrendyolSandbox) -> None:
    create_approved(client, trendyol, product(1))
    stock = [StockInput("SKU-1", "ACME-1", stock=7)]
    settle(client, client.push_stocks(stock))
    sent = trendyol.counts()["total"]
    [skipped] = client.push_stocks(stock)
    assert skipped.remote_batch_id is None and skipped.outcomes == [ItemOutcome("ACME-1", False, reason=DUPLICATE_REASON)]
    assert trendyol.counts()["total"] == sent
    # another worker without this adapter's memory gets Trendyol's own refusal, mapped the same way
    [refused] = TrendyolAdapter(trendyol.conf).push_stocks(stock)
    assert refused.outcomes == [ItemOutcome("ACME-1", False, reason=DUPLICATE_REASON)]
    trendyol.advance_clock(15 * 60 + 1)
    assert settle(TrendyolAdapter(trendyol.conf), TrendyolAdapter(trendyol.conf).push_stocks(stock))[0].ok


def test_more_than_30_price_updates_a_minute_for_one_barcode_fail(client: TrendyolAdapter, trendyol: TrendyolSandbox) -> None:
    create_approved(client, trendyol, product(1))
    outcomes = []
    for n in range(31):
        price = PriceInput("SKU-1", "ACME-1", list_price=Decimal("500"), sale_price=Decimal(300 + n))
        outcomes += settle(client, client.push_prices([price]))
    assert [o.ok for o in outcomes] == [True] * 30 + [False]
    assert "more than 30 price updates" in (outcomes[-1].reason or "")


def test_update_of_unapproved_product_goes_through_unapproved_update(client: TrendyolAdapter,
                                                                      trendyol: TrendyolSandbox) -> None:
    trendyol.configure(approve_delay=None)
    settle(client, client.create_products([product(1)]))
    [pushed] = client.update_products([product(1, name="Renamed")])
    assert pushed.operation == "product.update_unapproved"
    assert settle(client, [pushed]) == [ItemOutcome("ACME-1", True)]
    assert trendyol.products()["ACME-1"]["fields"]["title"] == "Renamed"


def test_update_of_approved_products_fans_content_outcome_out_to_each_barcode(
        client: TrendyolAdapter, trendyol: TrendyolSandbox) -> None:
    create_approved(client, trendyol, product(1), product(2, size="4603"))
    content_id = client.get_product_state(ProductRef("SKU-1", "ACME-1")).remote_id
    assert content_id is not None
    updates = [product(1, remote_id=content_id, name="New title", vat_rate=10),
               product(2, size="4603", remote_id=content_id, name="New title", vat_rate=10)]
    results = client.update_products(updates)
    assert [r.operation for r in results] == ["product.update_variant", "product.update_content"]
    outcomes = settle(client, results)
    assert len(outcomes) == 4 and {(o.key, o.ok, o.remote_id) for o in outcomes} == {
        ("ACME-1", True, content_id), ("ACME-1", True, None), ("ACME-2", True, content_id), ("ACME-2", True, None)}
    stored = trendyol.products()
    # the batch accepted the content update; Trendyol's content check has not decided yet
    assert {stored[b]["fields"]["title"] for b in ("ACME-1", "ACME-2")} == {"Acme T-Shirt 1", "Acme T-Shirt 2"}
    [check] = client.get_content_checks(content_id, results[1].remote_batch_id)
    assert (check.status, check.remote_id) == ("running", content_id)
    assert check.title == "New title" and {"title", "description"} <= set(check.parts)  # how a run knows its update
    trendyol.pass_content_check()
    assert client.get_content_checks(content_id)[0].status == "applied"
    stored = trendyol.products()
    assert {stored[b]["fields"]["title"] for b in ("ACME-1", "ACME-2")} == {"New title"}
    assert stored["ACME-2"]["fields"]["vatRate"] == 10
    assert {"attributeId": 293, "attributeValueIds": [4603]} in stored["ACME-2"]["fields"]["attributes"]


def test_content_check_failures_are_reported_with_their_reasons(client: TrendyolAdapter,
                                                                trendyol: TrendyolSandbox) -> None:
    create_approved(client, trendyol, product(1))
    content_id = client.get_product_state(ProductRef("SKU-1", "ACME-1")).remote_id
    [renamed] = settle(client, client.update_products([product(1, remote_id=content_id, name="Banned word")])[-1:])
    assert renamed.ok  # the batch accepts it
    trendyol.control("POST", f"audits/{content_id}/fail", {"reason": "BANNED_WORD_IN_TITLE"})
    [check] = client.get_content_checks(content_id)
    assert check.status == "failed" and check.key == "ACME-1"
    assert any("BANNED_WORD_IN_TITLE" in reason for reason in check.reasons)
    assert trendyol.products()["ACME-1"]["fields"]["title"] == "Acme T-Shirt 1"


def test_content_identical_to_what_is_live_is_unchanged_not_failed(client: TrendyolAdapter,
                                                                   trendyol: TrendyolSandbox) -> None:
    create_approved(client, trendyol, product(1))
    content_id = client.get_product_state(ProductRef("SKU-1", "ACME-1")).remote_id
    settle(client, client.update_products([product(1, remote_id=content_id)])[-1:])
    trendyol.pass_content_check()
    assert [c.status for c in client.get_content_checks(content_id)] == ["unchanged"]


def test_changing_the_slicer_of_an_approved_product_fails(client: TrendyolAdapter, trendyol: TrendyolSandbox) -> None:
    create_approved(client, trendyol, product(1))
    content_id = client.get_product_state(ProductRef("SKU-1", "ACME-1")).remote_id
    blue = (AttributeInput("293", ("4602",)), AttributeInput("47", custom_value="Mavi"))
    content = client.update_products([product(1, remote_id=content_id, attributes=blue)])[-1]
    [outcome] = settle(client, [content])
    assert outcome.reason == "slicer attribute values cannot change on an approved product"


def test_brand_of_an_approved_product_cannot_change(client: TrendyolAdapter, trendyol: TrendyolSandbox) -> None:
    """A variant update carrying brandId is refused as Trendyol documents (sent raw: the
    adapter's variant mapper never includes it)."""
    create_approved(client, trendyol, product(1))
    response = client.http.call("POST", "/product/sellers/1000/products/variant-bulk-update", "test",
                                json={"items": [{"barcode": "ACME-1", "brandId": 10}]})
    [outcome] = client.fetch_batch(response["batchRequestId"]).outcomes
    assert outcome.reason == "brandId cannot change on an approved product"


def test_images_of_approved_and_unapproved_products(client: TrendyolAdapter, trendyol: TrendyolSandbox) -> None:
    trendyol.configure(approve_delay=None)
    settle(client, client.create_products([product(1), product(2, group_key="OTHER")]))
    trendyol.approve("ACME-1")
    content_id = client.get_product_state(ProductRef("SKU-1", "ACME-1")).remote_id
    images = ("https://cdn.example.com/a.jpg", "https://cdn.example.com/b.jpg")
    results = client.push_images([ImageInput("SKU-1", "ACME-1", remote_id=content_id, images=images),
                                  ImageInput("SKU-2", "ACME-2", images=images[:1])])
    assert {o.key for o in settle(client, results) if o.ok} == {"ACME-1", "ACME-2"}
    trendyol.pass_content_check()  # the approved one's images go live after Trendyol's content check
    stored = trendyol.products()
    assert [i["url"] for i in stored["ACME-1"]["fields"]["images"]] == list(images)
    assert [i["url"] for i in stored["ACME-2"]["fields"]["images"]] == list(images[:1])


def test_delete_pending_product_succeeds_but_approved_one_needs_archiving(
        client: TrendyolAdapter, trendyol: TrendyolSandbox) -> None:
    trendyol.configure(approve_delay=None)
    settle(client, client.create_products([product(1), product(2, size="4603")]))
    trendyol.approve("ACME-2")
    outcomes = by_key(settle(client, client.delete_products([ProductRef("SKU-1", "ACME-1"),
                                                             ProductRef("SKU-2", "ACME-2")])))
    assert outcomes["ACME-1"].ok
    assert "archived for more than 1 day" in (outcomes["ACME-2"].reason or "")
    assert set(trendyol.products()) == {"ACME-2"}


def test_approved_product_archived_for_over_a_day_can_be_deleted(client: TrendyolAdapter,
                                                                  trendyol: TrendyolSandbox) -> None:
    create_approved(client, trendyol, product(1))
    ref = ProductRef("SKU-1", "ACME-1")
    assert settle(client, client.archive_products([ref])) == [ItemOutcome("ACME-1", True)]
    assert client.get_product_state(ref).archived
    trendyol.advance_clock(86_400 + 1)
    assert settle(client, client.delete_products([ref])) == [ItemOutcome("ACME-1", True)]
    assert trendyol.products() == {}


def test_product_state_of_unknown_barcode_is_none(client: TrendyolAdapter) -> None:
    assert client.get_product_state(ProductRef("X", "NOPE")) is None


def test_unknown_or_expired_batch_raises_batch_not_found(client: TrendyolAdapter, trendyol: TrendyolSandbox) -> None:
    [pushed] = client.create_products([product(1)])
    assert client.fetch_batch(pushed.remote_batch_id).status == "done"
    trendyol.advance_clock(4 * 3600 + 1)
    with pytest.raises(BatchNotFound):
        client.fetch_batch(pushed.remote_batch_id)
    with pytest.raises(BatchNotFound):
        client.fetch_batch("no-such-batch")


def test_push_result_survives_a_json_round_trip(client: TrendyolAdapter) -> None:
    [pushed] = client.create_products([product(1), product(2, category_remote_id="")])
    restored = PushResult.from_dict(json.loads(json.dumps(dataclasses.asdict(pushed))))
    assert restored == pushed


def test_category_tree_is_flat_with_leaves_marked(client: TrendyolAdapter) -> None:
    tree = {c.remote_id: c for c in client.get_category_tree()}
    assert tree["411"].is_leaf and tree["411"].parent_remote_id == "523"
    assert not tree["522"].is_leaf and tree["522"].parent_remote_id is None
    assert list(tree).index("522") < list(tree).index("523") < list(tree).index("411")


def test_category_attributes_come_with_their_values(client: TrendyolAdapter) -> None:
    attributes = {a.name: a for a in client.get_category_attributes("411")}
    assert set(attributes) == {"Beden", "Renk", "Materyal", "Menşei"}
    size = attributes["Beden"]
    assert (size.required, size.varianter, size.allow_custom) == (True, True, False)
    assert [v.name for v in size.values] == ["S", "M", "L", "XL", "Tek Ebat"]
    assert attributes["Materyal"].allow_multiple and attributes["Renk"].slicer
    assert client.get_category_attributes("411", with_values=False)[0].values == ()


def test_brands_are_paged_and_searched_case_sensitively(client: TrendyolAdapter, trendyol: TrendyolSandbox) -> None:
    brands = list(client.get_brands())
    assert len(brands) == 1208 and brands[0].name == "Acme"
    assert trendyol.counts()["endpoints"]["GET /integration/product/brands"] == 2
    assert [b.remote_id for b in client.find_brands("TrendyolMilla")] == ["10"]
    assert client.find_brands("acme") == []


def test_cargo_providers(client: TrendyolAdapter) -> None:
    providers = {p.code: p.name for p in client.get_cargo_providers()}
    assert providers["YKMP"] == "Yurtiçi Kargo" and "TEXMP" in providers
