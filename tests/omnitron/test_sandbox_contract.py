"""The sandbox against docs/omnitron.md: requests shaped as the reference app sends them (string
ids, `page=1` always, comma `__in` lists, repeated `status`, True/False) get the documented shapes.

Plain `requests` on purpose: this checks the server's dialect, not our client's.
"""
from __future__ import annotations

import json

import pytest
import requests

ENVELOPE = {"count", "next", "previous", "results"}


class Api:
    def __init__(self, url: str) -> None:
        self.root = url + "api/v1/"
        self.session = requests.Session()
        key = self.session.post(self.root + "auth/login/", data=json.dumps({"username": "admin", "password": "admin"}),
                                headers={"Content-Type": "application/json"}).json()["key"]
        self.session.headers["Authorization"] = f"Token {key}"

    def __call__(self, method: str, path: str, body=None, expect: int = 200, **params):
        data = None if body is None else json.dumps(body)  # Python defaults, as the SDK sends it
        headers = {"Content-Type": "application/json"} if body is not None else {}
        response = self.session.request(method, self.root + path, params=params or None, data=data, headers=headers)
        assert response.status_code == expect, (method, path, response.status_code, response.text)
        return response.json() if response.content else None

    def rows(self, path: str, **params):
        page = self(  "GET", path, page=1, **params)
        assert set(page) == ENVELOPE
        return page["results"]


@pytest.fixture
def api(omnitron):
    return Api(omnitron.url)


def commit_and_finish(api, content_type, rows, remote=True):
    batch = api("POST", "channel/1/batch_requests/", {"channel": "1"}, expect=201)
    objects = [{"pk": r["pk"], "failed_reason_type": None, "remote_id": None, "version_date": r["modified_date"],
                "content_type": content_type} for r in rows]
    api("PATCH", f"channel/1/batch_requests/{batch['pk']}/",
        {"channel": "1", "content_type": content_type, "objects": objects, "status": "commit"})
    done = [{**o, "remote_id": f"R{o['pk']}" if remote else None} for o in objects]
    return api("PATCH", f"channel/1/batch_requests/{batch['pk']}/", {"channel": "1", "objects": done, "status": "done"})


# -- 1. transport ---------------------------------------------------------------------------

def test_login_answers_key_and_refuses_bad_credentials_with_json(omnitron):
    url = omnitron.url + "api/v1/auth/login/"
    assert set(requests.post(url, json={"username": "admin", "password": "admin"}).json()) == {"key"}
    bad = requests.post(url, json={"username": "admin", "password": "x"})
    assert bad.status_code == 400 and "non_field_errors" in bad.json()


def test_stale_or_missing_token_gets_401_json(omnitron, api):
    assert requests.get(omnitron.url + "api/v1/channels/1/").status_code == 401
    omnitron.expire_tokens()
    stale = api.session.get(api.root + "channels/1/")
    assert stale.status_code == 401 and stale.json() == {"detail": "Invalid token."}


def test_every_4xx_has_a_json_body(api):
    for method, path, expect in [("GET", "channel/1/nope/", 404), ("GET", "channel/1/products/999999/", 404),
                                 ("PUT", "channels/1/", 405), ("GET", "channel/1/products/?page=99", 404)]:
        response = api.session.request(method, api.root + path)
        assert response.status_code == expect
        assert isinstance(response.json(), dict)


def test_paging_envelope_and_null_next_on_last_page(api):
    first = api("GET", "channel/1/products/", page=1, limit=10)
    assert first["count"] == 23 and "page=2" in first["next"] and first["previous"] is None
    last = api("GET", "channel/1/products/", page=3, limit=10)
    assert last["next"] is None and len(last["results"]) == 3


# -- 3.1 channel, catalog, content types ----------------------------------------------------

def test_channel_and_catalog_fields(api):
    channel = api("GET", "channels/1/")
    assert {"pk", "is_active", "category_tree", "schema", "conf"} <= set(channel)
    assert channel["conf"]["api_key"] == "sandbox-key" and channel["conf"]["seller_id"] == "1000"
    patched = api("PATCH", "channels/1/", {"schema": {"main_url": {"required": True, "data_type": "text"}}})
    assert patched["schema"]["main_url"]["data_type"] == "text"
    catalog = api("GET", "catalogs/1/")
    assert {"price_list", "stock_list", "extra_price_lists", "extra_stock_lists"} <= set(catalog)


@pytest.mark.parametrize("model", ["batchrequest", "channel", "product", "productprice", "productstock",
                                   "productimage", "order", "orderitem", "integrationaction", "cancellationrequest",
                                   "categorynode", "marketplaceattribute", "marketplaceattributevalue"])
def test_content_types_by_model_return_exactly_one(api, model):
    rows = api.rows("content_types/", model=model)
    assert len(rows) == 1 and rows[0]["model"] == model and {"id", "app_label"} <= set(rows[0])


# -- 3.2 / 3.3 batch requests and integration actions ---------------------------------------

def test_batch_request_shape_and_status_list(api):
    batch = api("POST", "channel/1/batch_requests/", {"channel": "1"}, expect=201)
    assert batch["objects"] is None and batch["status"] == "initialized" and batch["remote_batch_id"] is None
    api("PATCH", f"channel/1/batch_requests/{batch['pk']}/",
        {"channel": "1", "content_type": "product", "objects": [], "status": "commit"})
    api("PATCH", f"channel/1/batch_requests/{batch['pk']}/",
        {"channel": "1", "remote_batch_id": "rb", "status": "sent_to_remote"})
    listed = api.rows("channel/1/batch_requests/", status=["sent_to_remote", "ongoing"], content_type="product",
                      channel="1")
    assert [b["pk"] for b in listed] == [batch["pk"]]


def test_commit_creates_processing_ias_found_by_the_reference_filters(api):
    products = api.rows("channel/1/products/inserts/", product_type=0, limit=3)
    batch = api("POST", "channel/1/batch_requests/", {"channel": "1"}, expect=201)
    objects = [{"pk": p["pk"], "content_type": "product", "remote_id": None, "version_date": p["modified_date"],
                "failed_reason_type": None} for p in products]
    api("PATCH", f"channel/1/batch_requests/{batch['pk']}/",
        {"channel": "1", "content_type": "product", "objects": objects, "status": "commit"})
    ias = api.rows("channel/1/integration_actions/", local_batch_id=batch["local_batch_id"], channel_id="1",
                   status="processing", limit=50, sort="id")
    assert [ia["object_id"] for ia in ias] == [p["pk"] for p in products]
    ia = ias[0]
    assert isinstance(ia["object_id"], int) and set(ia["content_type"]) == {"id", "app_label", "model"}
    by_objects = api.rows("channel/1/integration_actions/", object_id__in=",".join(str(p["pk"]) for p in products),
                          content_type_name="product", channel_id="1", sort="id")
    assert len(by_objects) == 3


def test_ia_create_patch_delete(api):
    ct = api.rows("content_types/", model="categorynode")[0]["id"]
    ia = api("POST", "channel/1/integration_actions/", {"channel_id": "1", "content_type_id": ct, "object_id": 3,
                                                          "remote_id": "403", "version_date": "2024-01-29T10:04:56.791090Z"},
             expect=201)
    assert ia["content_type"]["model"] == "categorynode" and ia["remote_id"] == "403"
    found = api.rows("channel/1/integration_actions/", channel_id="1", content_type_name="categorynode",
                     remote_id__exact="403")
    assert [f["pk"] for f in found] == [ia["pk"]]
    patched = api("PATCH", f"channel/1/integration_actions/{ia['pk']}/", {"version_date": "2025-01-01T00:00:00Z"})
    assert patched["version_date"] == "2025-01-01T00:00:00Z"
    assert api("DELETE", f"channel/1/integration_actions/{ia['pk']}/", expect=204) is None


def test_deleted_lists_ias_of_products_removed_from_the_catalog(api, omnitron):
    products = api.rows("channel/1/products/inserts/", product_type=0, limit=2)
    commit_and_finish(api, "product", products)
    omnitron.control("DELETE", f"products/{products[0]['pk']}")
    deleted = api.rows("channel/1/integration_actions/deleted/", model="product", channel_id="1", limit=100)
    assert [d["object_id"] for d in deleted] == [products[0]["pk"]]


def test_error_reports(api):
    body = {"action_content_type": 6, "action_object_id": 22, "error_code": "x-Channel-Send-1", "error_desc": "Send",
            "is_ok": True, "obj_modified_date": "2024-01-29 08:27:18", "raw_request": "", "raw_response": "[]",
            "target_content_type": 5, "target_object_id": "1"}
    assert api("POST", "channel/1/error_reports/", body, expect=201)["error_code"] == "x-Channel-Send-1"
    city = {"type": "city", "remote_code": "1_Bursa", "country_id": 1, "integration_type": "sales_channel",
            "err_code": "integrations_200_10_2", "err_desc": "Address is not valid."}
    assert api("POST", "channel/1/error_reports/city/", city, expect=201)["type"] == "city"


# -- 3.5 - 3.7 products, prices, stocks, images ---------------------------------------------

def test_product_listings(api):
    inserts = api.rows("channel/1/products/inserts/", product_type=0, limit=100)
    assert len(inserts) == 20 and all(p["product_type"] == "0" for p in inserts)
    assert {"pk", "sku", "modified_date", "attributes", "productimage_set"} <= set(inserts[0])
    pks = ",".join(str(p["pk"]) for p in inserts[:5])
    assert len(api.rows("channel/1/products/", pk__in=pks, limit=5)) == 5
    assert api.rows("channel/1/products/updates/", product_type=0, limit=100) == []
    assert len(api.rows("channel/1/products/inserts_or_updates/", product_type=0, limit=100)) == 20


def test_mapped_product_and_406_when_unmappable(api, omnitron):
    product = api.rows("channel/1/products/inserts/", product_type=0, limit=1)[0]
    mapped = api("GET", f"channel/1/mapped_products/{product['pk']}/")
    assert mapped["attribute_set_id"] == 1 and "Renk" in mapped["mapped_attributes"]
    assert all(isinstance(k, str) for k in mapped["mapped_attribute_values"])
    omnitron.control("POST", f"products/{product['pk']}", {"attributes": {"renk": None}})
    error = api("GET", f"channel/1/mapped_products/{product['pk']}/", expect=406)
    assert error == {"error": "Missing attribute: Renk"}


def test_attribute_configs_detailed_and_categories(api):
    configs = api.rows("channel/1/attribute_configs/detailed/", attribute_set=1, limit=10)
    assert {"pk", "name"} <= set(configs[0]["attribute"]) and "name" in configs[0]["attribute_set"]
    tree = api("GET", f"channel/1/category_trees/{api('GET', 'channels/1/')['category_tree']}/")
    root = tree["category_root"]
    product = api.rows("channel/1/products/", product_type=0, limit=1)[0]
    links = api.rows("channel/1/product_categories/detailed/", product=product["pk"])
    assert links and links[0]["category"]["path"].startswith(root["path"])


def test_prices_stocks_images_by_bulk_filters(api):
    products = api.rows("channel/1/products/", product_type=0, limit=5)
    pks = ",".join(str(p["pk"]) for p in products)
    prices = api.rows("channel/1/product_prices/", product__pk__in=pks, price_list=1)
    assert len(prices) == 5 and {"pk", "product", "price", "price_list", "currency_type", "modified_date"} <= set(prices[0])
    stocks = api.rows("channel/1/product_stocks/", product__pk__in=pks, stock_list=1)
    assert len(stocks) == 5 and isinstance(stocks[0]["stock"], int)
    assert len(api.rows("channel/1/extra_product_stocks/", product__pk__in=pks, stock_list=2, limit=5)) == 5
    assert len(api.rows("channel/1/extra_product_prices/", product__pk__in=pks, price_list=2, limit=5)) == 5
    assert len(api.rows("channel/1/product_prices/inserts/", limit=100)) == 20
    assert len(api.rows("channel/1/extra_product_prices/inserts/", price_list=2, limit=100)) == 20
    assert api.rows("channel/1/product_images/inserts/", limit=100) == []  # no product sent yet
    commit_and_finish(api, "product", products)
    images = api.rows("channel/1/product_images/inserts/", limit=100)
    assert images and {i["product"] for i in images} == {p["pk"] for p in products}
    ids = ",".join(str(i["pk"]) for i in images)
    assert len(api.rows("channel/1/product_images/", id__in=ids, limit=len(images))) == len(images)


# -- 3.8 / 3.9 categories and attributes ----------------------------------------------------

def test_category_tree_and_nodes(api):
    tree = api("POST", "channel/1/category_trees/", {"name": "Sales Channel Tree x"}, expect=201)
    root = api("GET", f"channel/1/category_trees/{tree['pk']}/")["category_root"]
    node = api("POST", "channel/1/category_nodes/", {"name": "Spor Ayakkabı", "node": root["pk"]}, expect=201)
    assert {"pk", "modified_date", "path"} <= set(node) and node["path"].startswith(root["path"])
    api("POST", "channel/1/category_nodes/", {"name": "Spor Ayakkabı", "node": root["pk"]}, expect=400)
    touched = api("PATCH", f"channel/1/category_nodes/{node['pk']}/", {})
    assert touched["modified_date"] > node["modified_date"]
    detailed = api("GET", f"channel/1/category_nodes/{root['pk']}/detailed/")
    assert [c["name"] for c in detailed["children"]] == ["Spor Ayakkabı"]


def test_attribute_endpoints(api):
    sets = api.rows("channel/1/attribute_sets/", remote_id__exact="411", channel="1")
    assert sets[0]["id"] == 1
    api("PATCH", "channel/1/attribute_sets/1/", {"channel": "1", "name": "Giyim", "remote_id": "411"})
    attribute = api("POST", "channel/1/attributes/", {"channel": "1", "name": "Materyal"}, expect=201)
    api("POST", "channel/1/attributes/", {"channel": "1", "name": "Materyal"}, expect=400)
    assert api.rows("channel/1/attributes/", name__exact="Materyal", channel="1")[0]["pk"] == attribute["pk"]
    value = api("POST", "channel/1/attribute_values/", {"attribute": attribute["pk"], "channel": "1",
                                                         "label": "Pamuk", "value": "cotton"}, expect=201)
    found = api.rows("channel/1/attribute_values/", attribute=attribute["pk"], label__exact="Pamuk", value__exact="cotton")
    assert [f["pk"] for f in found] == [value["pk"]]
    api("POST", "channel/1/attribute_schemas/", {"channel": "1", "name": "1 Materyal Schema", "schema": {}}, expect=201)
    api("POST", "channel/1/attribute_configs/", {"attribute": attribute["pk"], "attribute_remote_id": "9",
                                                 "attribute_set": 1, "is_custom": False, "is_image_attribute": False,
                                                 "is_meta": False, "is_required": False, "is_variant": False}, expect=201)
    api("POST", "channel/1/attribute_set_configs/", {"attribute_set": 1, "content_type": "categorynode",
                                                     "object_id": 3}, expect=201)
    assert api.rows("channel/1/attribute_set_configs/", attribute_set=1, object_id=3,
                    content_type__model__exact="categorynode")
    api("POST", "channel/1/attribute_value_configs/", {"attribute_set": 1, "attribute_value": value["pk"]}, expect=201)


# -- 3.10 - 3.12 orders ---------------------------------------------------------------------

def place_order(api, number="SC-1"):
    customer = api("POST", "channel/1/customers/", {"channel": "1", "channel_code": "C-1", "email": "a@example.com",
                                                     "extra_field": {}, "first_name": "Ahmet", "is_active": True,
                                                     "last_name": "Yılmaz", "phone_number": "+905551234567"},
                   expect=201)
    country = api.rows("channel/1/countries/", code__exact="tr", is_active="True")[0]
    city = api.rows("channel/1/cities/", name__iexact="ankara", country=country["pk"], is_active="True")
    assert len(city) == 1
    address = {"email": "a@example.com", "first_name": "Ahmet", "last_name": "Yılmaz", "customer": customer["pk"],
               "country": country["pk"], "city": city[0]["pk"], "line": "Atatürk Cad. 1", "postcode": "06000",
               "extra_field": {}}
    shipping = api("POST", "channel/1/addresses/", address, expect=201)
    cargo = [c for c in api.rows("channel/1/cargos/") if c["erp_code"] == "yurtici-kargo"][0]
    product = api.rows("channel/1/products/", product_type=0, limit=1)[0]
    order = {"number": number, "status": "400", "channel": "1", "customer": customer["pk"],
             "shipping_address": shipping["pk"], "billing_address": shipping["pk"], "currency": "try",
             "amount": "1250.00", "extra_field": {"id": number}, "cargo_company": cargo["pk"],
             "date_placed": "2024-10-03 10:30:00"}
    items = [{"product": product["pk"], "status": "400", "price": "500.00", "extra_field": {"id": f"{number}-L{i}"},
              "price_list": 1, "stock_list": 1, "retail_price": 0.0} for i in range(2)]
    return api("POST", "channel/1/create_orders/", {"order": order, "order_item": items}, expect=201), address


def test_duplicate_address_answers_the_hash_data_string(api):
    _, address = place_order(api)
    error = api("POST", "channel/1/addresses/", address, expect=400)
    assert isinstance(error["non_field_errors"], str) and error["non_field_errors"].startswith("hash_data:")
    digest = error["non_field_errors"].split()[0].split(":")[1]
    assert len(api.rows("channel/1/addresses/", hash_data=digest)) == 1


def test_create_orders_items_and_duplicate_number(api):
    order, _ = place_order(api)
    assert {"pk", "extra_field", "modified_date"} <= set(order) and order["extra_field"]["id"] == "SC-1"
    assert len(api.rows("channel/1/orders/", number="SC-1", channel_id="1")) == 1
    items = api.rows("channel/1/order_items/", order=order["pk"], sort="id")
    assert [i["extra_field"]["id"] for i in items] == ["SC-1-L0", "SC-1-L1"]
    again = api("POST", "channel/1/create_orders/", {"order": {**order, "number": "SC-1"}, "order_item": items},
                expect=400)
    assert "already exists" in json.dumps(again)
    patched = api("PATCH", f"channel/1/order_items/{items[0]['pk']}/", {"tracking_number": "TRK1"})
    assert patched["tracking_number"] == "TRK1"


def test_cancel_and_cancellation_requests(api):
    order, _ = place_order(api)
    items = api.rows("channel/1/order_items/", order=order["pk"], sort="id")
    api("POST", f"channel/1/orders/{order['pk']}/cancel/",
        {"cancel_items": [items[0]["pk"]], "order": order["pk"], "reasons": {str(items[0]["pk"]): 1},
         "forced_refund_amount": None})
    assert api("GET", f"channel/1/order_items/{items[0]['pk']}/")["status"] == "100"
    request = api("POST", "channel/1/cancellation_requests/", {"cancellation_type": "refund", "description": "",
                                                                "order_item": items[1]["pk"], "reason": 1,
                                                                "remote_id": "CLAIM-1"}, expect=201)
    assert {"id", "pk", "modified_date"} <= set(request)
    assert api.rows("channel/1/cancellation_requests/updates/", limit=50) == []
    assert len(api.rows("channel/1/cancellation_requests/", limit=50)) == 1


def test_order_updates_follow_the_order_ia(api):
    order, _ = place_order(api)
    assert api.rows("channel/1/orders/updates/", limit=100) == []
    commit_and_finish(api, "order", [order])
    assert api.rows("channel/1/orders/updates/", limit=100) == []
    api("PATCH", f"channel/1/order_items/{api.rows('channel/1/order_items/', order=order['pk'])[0]['pk']}/",
        {"status": "500"})
    assert api.rows("channel/1/orders/updates/", limit=100) == []  # item changes do not touch the order row
