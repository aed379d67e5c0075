"""Read-only reference data (brands, category tree, attributes, cargo providers) and its routes.

Loaded from `data/catalog.json`; `generated_brands` synthetic brands are appended so
brand paging has more than one page to walk.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Blueprint, jsonify, request

from sandboxes.trendyol.responses import product_error

DATA = Path(__file__).with_name("data") / "catalog.json"
MAX_VALUES_PAGE = 1000

blueprint = Blueprint("trendyol_catalog", __name__, url_prefix="/integration/product")


@dataclass
class Catalog:
    brands: list[dict[str, Any]]
    tree: list[dict[str, Any]]
    categories: dict[int, dict[str, Any]]
    attributes: dict[int, dict[str, Any]]
    category_attributes: dict[int, list[dict[str, Any]]]
    cargo_providers: list[dict[str, str]]

    @classmethod
    def load(cls, path: Path = DATA) -> Catalog:
        raw = json.loads(path.read_text(encoding="utf-8"))
        brands = list(raw["brands"])
        brands += [{"id": 900_000 + n, "name": f"Marka {n:04d}"} for n in range(1, raw["generated_brands"] + 1)]
        categories: dict[int, dict[str, Any]] = {}
        tree = [_index(node, None, categories) for node in raw["categories"]]
        attributes = {int(k): {"name": v["name"], "values": {int(i): n for i, n in v["values"].items()}}
                      for k, v in raw["attributes"].items()}
        category_attributes = {int(k): v for k, v in raw["category_attributes"].items()}
        return cls(brands, tree, categories, attributes, category_attributes, raw["cargo_providers"])

    def is_leaf(self, category_id: Any) -> bool:
        node = self.categories.get(category_id) if isinstance(category_id, int) else None
        return node is not None and not node["subCategories"]

    def rules(self, category_id: int) -> dict[int, dict[str, Any]]:
        """attributeId -> its flags in this category."""
        return {rule["attributeId"]: rule for rule in self.category_attributes.get(category_id, [])}

    def brand_ids(self) -> set[int]:
        return {brand["id"] for brand in self.brands}

    def cargo_codes(self) -> set[str]:
        return {provider["code"] for provider in self.cargo_providers}

    def slicer_key(self, fields: dict[str, Any]) -> tuple[Any, ...]:
        """The slicer attribute values of a product, which decide its content (card)."""
        rules = self.rules(fields.get("categoryId", 0))
        return tuple(sorted(
            (entry.get("attributeId"), json.dumps(entry, sort_keys=True))
            for entry in fields.get("attributes") or []
            if isinstance(entry, dict) and rules.get(entry.get("attributeId"), {}).get("slicer")
        ))


def _index(node: dict[str, Any], parent: int | None, into: dict[int, dict[str, Any]]) -> dict[str, Any]:
    out = {"id": node["id"], "name": node["name"], "parentId": parent, "subCategories": []}
    into[node["id"]] = out
    out["subCategories"] = [_index(child, node["id"], into) for child in node.get("subCategories", [])]
    return out


def _catalog() -> Catalog:
    from sandboxes.trendyol.state import get_state

    return get_state().catalog


def _int_arg(name: str, default: int) -> int:
    try:
        return int(request.args.get(name, default))
    except ValueError:
        return -1


@blueprint.get("/brands")
def brands():  # noqa: ANN201 - Flask view
    page, size = _int_arg("page", 0), _int_arg("size", MAX_VALUES_PAGE)
    if page < 0 or size < 1:
        return product_error(400, "invalid.paging", "page and size must be non-negative integers")
    all_brands = _catalog().brands
    return jsonify({"brands": all_brands[page * size:(page + 1) * size]})


@blueprint.get("/brands/by-name")
def brands_by_name():  # noqa: ANN201
    name = request.args.get("name", "")
    return jsonify([brand for brand in _catalog().brands if brand["name"] == name])


@blueprint.get("/product-categories")
def category_tree():  # noqa: ANN201
    return jsonify({"categories": _catalog().tree})


@blueprint.get("/categories/<int:category_id>/attributes")
def category_attributes(category_id: int):  # noqa: ANN201
    catalog = _catalog()
    node = catalog.categories.get(category_id)
    if node is None:
        return product_error(404, "category.not.found", f"category {category_id} not found")
    wanted = request.args.get("required")
    rows = []
    for rule in catalog.category_attributes.get(category_id, []):
        if wanted is not None and str(rule["required"]).lower() != wanted.lower():
            continue
        attribute = catalog.attributes[rule["attributeId"]]
        rows.append({**{k: v for k, v in rule.items() if k != "attributeId"},
                     "attribute": {"id": rule["attributeId"], "name": attribute["name"]},
                     "categoryId": category_id})
    return jsonify({"id": category_id, "name": node["name"], "displayName": node["name"],
                    "categoryAttributes": rows})


@blueprint.get("/categories/<int:category_id>/attributes/<int:attribute_id>/values")
def attribute_values(category_id: int, attribute_id: int):  # noqa: ANN201
    catalog = _catalog()
    if attribute_id not in catalog.rules(category_id):
        return product_error(404, "attribute.not.found",
                             f"attribute {attribute_id} is not used by category {category_id}")
    page, size = _int_arg("page", 0), _int_arg("size", MAX_VALUES_PAGE)
    if page < 0 or not 1 <= size <= MAX_VALUES_PAGE or page > MAX_VALUES_PAGE:
        return product_error(400, "invalid.paging", "page and size must be between 0 and 1000")
    values = [{"attributeValueId": i, "attributeValue": n}
              for i, n in catalog.attributes[attribute_id]["values"].items()]
    total_pages = (len(values) + size - 1) // size
    return jsonify({"totalElements": len(values), "totalPages": total_pages, "page": page, "size": size,
                    "content": values[page * size:(page + 1) * size]})


@blueprint.get("/lookup/cargo-providers")
def cargo_providers():  # noqa: ANN201
    return jsonify(_catalog().cargo_providers)
