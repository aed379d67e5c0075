"""Image flows: every sent product's images reach Trendyol and the batch ends done."""
from __future__ import annotations

import pytest

from tests.channel.flows.sandbox_setup import IMAGE_BASE

pytestmark = pytest.mark.timeout(120)


def seeded_images(channel) -> dict[str, list[str]]:
    """sku -> the image URLs Trendyol should hold, in order."""
    skus = {row["pk"]: row["sku"] for row in channel.omnitron.table("products")}
    rows = sorted(channel.omnitron.table("images"), key=lambda row: (row["product"], row["order"], row["pk"]))
    expected: dict[str, list[str]] = {}
    for row in rows:
        expected.setdefault(skus[row["product"]], []).append(IMAGE_BASE + row["image"].lstrip("/"))
    return expected


@pytest.mark.django_db
@pytest.mark.parametrize("approved", [False, True], ids=["pending-approval", "approved"])
def test_images_of_sent_products_reach_trendyol_and_batches_finish(channel, approved):
    channel.run("products_insert")
    if approved:
        channel.trendyol.pass_approval()
    image_rows = len(channel.omnitron.table("images"))

    result = channel.run("images_sync")
    if approved:  # approved products' images go live after Trendyol's content check
        channel.trendyol.pass_content_check()
        assert channel.run("products_content_check")["failed"] == 0

    assert (result["failed"], result["sent"]) == (0, 20)
    assert {b["status"] for b in channel.batches()} == {"done"}
    image_ias = channel.ias("productimage")
    assert len(image_ias) == image_rows and {ia["status"] for ia in image_ias} == {"success"}
    stored = {sku: [image["url"] for image in product["fields"]["images"]]
              for sku, product in channel.trendyol.products().items()}
    expected = seeded_images(channel)
    if not approved:
        assert stored == expected
    else:  # approved products share images per content (Trendyol card): one variant's list wins
        family = {sku: sku.split("-")[0] for sku in expected}
        options = {}
        for sku, urls in expected.items():
            options.setdefault(family[sku], []).append(urls)
        assert all(stored[sku] in options[family[sku]] for sku in expected)
        assert sum(stored[sku] == urls for sku, urls in expected.items()) > len(expected) // 2
    assert channel.run("images_sync")["fetched"] == 0
