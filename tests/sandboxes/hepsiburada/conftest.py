"""A requests session speaking to the sandbox as the documented merchant on the SIT hosts."""
from __future__ import annotations

import io
import json
from typing import Any

import pytest
import requests

from tests.fixtures.hepsiburada_sandbox import MERCHANT_ID, SIT_KEY, USER_AGENT


class Merchant:
    def __init__(self, sandbox: Any) -> None:
        self.sandbox = sandbox
        self.session = requests.Session()
        self.session.auth = (MERCHANT_ID, SIT_KEY)
        self.session.headers["User-Agent"] = USER_AGENT

    def url(self, host: str, path: str) -> str:
        return f"{self.sandbox.url}/{host}{path.replace('{m}', MERCHANT_ID)}"

    def get(self, host: str, path: str, **params: Any) -> requests.Response:
        return self.session.get(self.url(host, path), params=params, timeout=10)

    def post(self, host: str, path: str, body: Any = None) -> requests.Response:
        return self.session.post(self.url(host, path), json=body, timeout=10)

    def import_products(self, rows: list[dict[str, Any]]) -> str:
        file = io.BytesIO(json.dumps(rows).encode())
        response = self.session.post(self.url("mpop-sit", "/product/api/products/import"),
                                     files={"file": ("integrator.json", file, "application/json")}, timeout=10)
        assert response.status_code == 200, response.text
        return response.json()["data"]["trackingId"]


def product_row(sku: str, barcode: str, **attributes: Any) -> dict[str, Any]:
    base = {"merchantSku": sku, "VaryantGroupID": sku, "Barcode": barcode, "UrunAdi": f"Ürün {sku}",
            "UrunAciklamasi": "açıklama", "Marka": "Acme", "GarantiSuresi": 24, "tax_vat_rate": "20", "kg": "1",
            "Image1": "https://cdn.example.com/a.jpg", "renk_variant_property": "Kırmızı"}
    return {"categoryId": 60001546, "merchant": MERCHANT_ID, "attributes": {**base, **attributes}}


@pytest.fixture
def merchant(hepsiburada: Any) -> Merchant:
    return Merchant(hepsiburada)
