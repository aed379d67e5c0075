"""HepsiburadaAdapter against the sandbox process over HTTP: import with tracking ids, matching
read back, price/stock uploads with per-item results, listing activation, reference data."""
from __future__ import annotations

from decimal import Decimal

import pytest

from channel.adapters.budget import MemoryStore
from channel.adapters.errors import AuthenticationError, RequestRejected, UnsupportedOperation
from channel.adapters.hepsiburada import HepsiburadaAdapter
from channel.adapters.payloads import AttributeInput, PriceInput, ProductPayloadInput, ProductRef, StockInput
from tests.fixtures.hepsiburada_sandbox import PROD_KEY

pytestmark = pytest.mark.timeout(60)


def adapter_for(sandbox, **conf) -> HepsiburadaAdapter:
    return HepsiburadaAdapter({**sandbox.conf, **conf}, store=MemoryStore())


def product(sku: str, barcode: str, *, color: str = "Kırmızı", category: str = "60001546") -> ProductPayloadInput:
    return ProductPayloadInput(
        sku=sku, barcode=barcode, name=f"Ürün {sku}", description="açıklama", group_key=sku.split("-")[0],
        category_remote_id=category, brand_remote_id="Acme", images=("https://cdn.example.com/1.jpg",),
        attributes=(AttributeInput("renk_variant_property", value_ids=(color,)),
                    AttributeInput("beden_variant_property", value_ids=("M",))),
        list_price=Decimal("120"), sale_price=Decimal("99.90"), stock=7, vat_rate=20)


def settle_batch(adapter, sandbox, receipt):
    assert adapter.fetch_batch(receipt.remote_batch_id, receipt.aliases).status == "processing"
    sandbox.advance_clock(2)
    result = adapter.fetch_batch(receipt.remote_batch_id, receipt.aliases)
    assert result.status == "done"
    return {outcome.key: outcome for outcome in result.outcomes}


def test_import_tracks_rows_and_reads_matches_back(hepsiburada):
    adapter = adapter_for(hepsiburada)
    items = [product("bc1-m", "8690000000017"), product("BC2-M", "8690000000024", color="Mor"),
             product("BC3 M", "8690000000031"), product("BC4-M", "8690000000048", category="60001000")]
    [receipt] = adapter.create_products(items)
    assert receipt.remote_batch_id.startswith("import:")
    assert [(o.key, o.ok) for o in receipt.outcomes] == [("8690000000031", False)]  # space in the SKU

    outcomes = settle_batch(adapter, hepsiburada, receipt)
    assert outcomes["8690000000017"].ok and outcomes["8690000000017"].remote_id is None  # WAITING
    assert not outcomes["8690000000024"].ok and "MISSING_INFO" in outcomes["8690000000024"].reason
    assert not outcomes["8690000000048"].ok and "1001" in outcomes["8690000000048"].reason

    ref = ProductRef("bc1-m", "8690000000017")
    assert adapter.get_product_states([ref])["8690000000017"].status == "WAITING"
    hb_sku = hepsiburada.approve("BC1-M")["hbSku"]
    state = adapter.get_product_states([ref])["8690000000017"]
    assert (state.approved, state.remote_id, state.status) == (True, hb_sku, "MATCHED")
    listing = hepsiburada.listings()["BC1-M"]
    assert (listing["price"], listing["availableStock"], listing["isSalable"]) == (99.9, 7, True)


def test_prices_and_stocks_are_uploads_with_per_item_results(hepsiburada):
    adapter = adapter_for(hepsiburada)
    settle_batch(adapter, hepsiburada, adapter.create_products([product("BC1-M", "8690000000017")])[0])
    hepsiburada.approve("BC1-M")

    [prices] = adapter.push_prices([PriceInput("BC1-M", "8690000000017", sale_price=Decimal("149.50")),
                                    PriceInput("NOPE-1", "8690000000099", sale_price=Decimal("10")),
                                    PriceInput("BC9-M", "8690000000093", sale_price=Decimal("0"))])
    assert [(o.key, o.ok) for o in prices.outcomes] == [("8690000000093", False)]
    outcomes = settle_batch(adapter, hepsiburada, prices)
    assert outcomes["8690000000017"].ok and outcomes["8690000000099"].reason == "ProductNotFound"

    [stocks] = adapter.push_stocks([StockInput("bc1-m", "8690000000017", stock=3)])
    assert settle_batch(adapter, hepsiburada, stocks)["8690000000017"].ok
    listing = hepsiburada.listings()["BC1-M"]
    assert (listing["price"], listing["availableStock"]) == (149.5, 3)


def test_updates_reimport_waiting_products_and_send_approved_ones_as_content_updates(hepsiburada):
    adapter = adapter_for(hepsiburada)
    settle_batch(adapter, hepsiburada, adapter.create_products([product("BC1-M", "8690000000017"),
                                                                product("BC2-M", "8690000000024")])[0])
    hepsiburada.approve("BC1-M")
    reimport, ticket = adapter.update_products([product("BC1-M", "8690000000017", color="Mor"),
                                                product("BC2-M", "8690000000024")])
    assert reimport.remote_batch_id.startswith("import:") and ticket.remote_batch_id.startswith("ticket:")
    assert settle_batch(adapter, hepsiburada, reimport)["8690000000024"].ok
    [outcome] = adapter.fetch_batch(ticket.remote_batch_id, ticket.aliases).outcomes  # settled by the same clock
    assert outcome.key == "8690000000017" and outcome.ok
    assert hepsiburada.products()["BC1-M"]["attributes"]["renk_variant_property"] == "Mor"


def test_delete_deactivates_the_listing_of_an_approved_product(hepsiburada):
    adapter = adapter_for(hepsiburada)
    settle_batch(adapter, hepsiburada, adapter.create_products([product("BC1-M", "8690000000017")])[0])
    hepsiburada.approve("BC1-M")
    [receipt] = adapter.delete_products([ProductRef("BC1-M", "8690000000017"), ProductRef("BC7-M", "8690000000079")])
    assert [(o.key, o.ok) for o in receipt.outcomes] == [("8690000000017", True), ("8690000000079", False)]
    assert "DeactivatedByMerchant" in hepsiburada.listings()["BC1-M"]["deactivationReasons"]
    adapter.set_active(receipt.outcomes[0].remote_id, True)
    assert hepsiburada.listings()["BC1-M"]["isSalable"]


def test_delete_removes_products_awaiting_approval_through_the_delete_process(hepsiburada):
    adapter = adapter_for(hepsiburada)
    settle_batch(adapter, hepsiburada, adapter.create_products([product("BC1-M", "8690000000017"),
                                                                product("BC2-M", "8690000000024")])[0])
    hepsiburada.approve("BC1-M")
    refs = [ProductRef("BC1-M", "8690000000017"), ProductRef("BC2-M", "8690000000024")]

    [receipt] = adapter.delete_products(refs)

    assert receipt.remote_batch_id.startswith("delete:")
    assert [(o.key, o.ok) for o in receipt.outcomes] == [("8690000000017", True)]  # approved: deactivated now
    done = settle_batch(adapter, hepsiburada, receipt)
    assert done["8690000000024"].ok and "BC2-M" not in hepsiburada.products()
    assert "BC1-M" in hepsiburada.products()


def test_reference_data_tree_attributes_and_enum_values(hepsiburada):
    adapter = adapter_for(hepsiburada)
    tree = adapter.get_category_tree()
    names = [category.name for category in tree]
    assert names.index("Giyim") < names.index("Tişört")
    assert {c.name for c in tree if c.is_leaf} == {"Tişört", "Pantolon", "Spor Ayakkabı", "Çanta"}
    attributes = {a.remote_id: a for a in adapter.get_category_attributes("60001546")}
    assert attributes["renk_variant_property"].required and attributes["renk_variant_property"].varianter
    assert [v.name for v in attributes["beden_variant_property"].values] == ["S", "M", "L", "XL"]
    assert adapter.find_brands("Acme")[0].remote_id == "Acme"
    with pytest.raises(UnsupportedOperation):
        next(iter(adapter.get_brands()))


def test_production_key_on_the_sit_hosts_is_refused(hepsiburada):
    with pytest.raises(AuthenticationError, match="403"):
        adapter_for(hepsiburada, service_key=PROD_KEY).get_category_tree()


def test_catalog_403_limit_is_waited_out_not_reported_as_auth(hepsiburada):
    hepsiburada.configure(catalog_rate=1)
    waits: list[float] = []

    def sleep(seconds: float) -> None:  # waiting moves the sandbox's clock, not ours
        waits.append(seconds)
        hepsiburada.advance_clock(seconds)

    adapter = HepsiburadaAdapter(hepsiburada.conf, store=MemoryStore(), sleep=sleep)
    for _ in range(3):
        assert adapter.get_category_attributes("60001546", with_values=False)
    assert adapter.http.throttled >= 1 and adapter.http.throttled == waits.count(1.0)


def test_an_approved_product_changes_through_the_content_update_with_only_what_differs(hepsiburada):
    from dataclasses import replace

    adapter = adapter_for(hepsiburada)
    original = product("BC1-M", "8690000000017")
    settle_batch(adapter, hepsiburada, adapter.create_products([original, product("BC2-M", "8690000000024")])[0])
    hepsiburada.approve("BC1-M")
    hepsiburada.approve("BC2-M")
    renamed = replace(original, name="Yeni ad", images=("https://cdn.example.com/1.jpg", "https://cdn.example.com/2.jpg"))
    untouched = product("BC2-M", "8690000000024")

    [receipt] = adapter.update_products([renamed, untouched])

    assert receipt.remote_batch_id.startswith("ticket:")
    assert [(o.key, o.ok) for o in receipt.outcomes] == [("8690000000024", True)]  # nothing differs: not sent
    done = settle_batch(adapter, hepsiburada, receipt)
    assert done["8690000000017"].ok, done
    held = hepsiburada.products()["BC1-M"]
    assert held["productName"] == "Yeni ad" and held["attributes"]["Image2"] == "https://cdn.example.com/2.jpg"
    assert held["attributes"]["renk_variant_property"] == "Kırmızı"


def test_a_content_update_sending_the_same_image_url_fails_with_hepsiburadas_reason(hepsiburada):
    adapter = adapter_for(hepsiburada)
    settle_batch(adapter, hepsiburada, adapter.create_products([product("BC1-M", "8690000000017")])[0])
    hb_sku = hepsiburada.approve("BC1-M")["hbSku"]
    merchant_file = {"merchantId": hepsiburada.conf["merchant_id"], "items": [
        {"hbSku": hb_sku, "image1": "https://cdn.example.com/1.jpg"}]}
    import io
    import json

    tracking = adapter.http.json("catalog", "POST", "/ticket-api/api/integrator/import", "ticket", files={
        "file": ("t.json", io.BytesIO(json.dumps(merchant_file).encode()), "application/json")})["trackingId"]
    hepsiburada.advance_clock(2)
    result = adapter.fetch_batch(f"ticket:{tracking}", {hb_sku: ["k"]})
    assert result.status == "done" and not result.outcomes[0].ok and "same URL" in result.outcomes[0].reason
    with pytest.raises(RequestRejected, match="not an updatable field"):
        adapter.http.json("catalog", "POST", "/ticket-api/api/integrator/import", "ticket", files={
            "file": ("t.json", io.BytesIO(json.dumps({**merchant_file, "items": [{"hbSku": hb_sku, "price": 1}]}).encode()),
                     "application/json")})
