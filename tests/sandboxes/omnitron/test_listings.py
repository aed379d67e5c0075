"""The inserts/updates sets the store keeps current equal a full re-derivation after every kind of write."""
from __future__ import annotations

from sandboxes.omnitron.listings import MODEL_TABLES, Listings
from sandboxes.omnitron.seed import SeedConfig, seed_base, seed_products
from sandboxes.omnitron.store import Store
from sandboxes.omnitron.tracking import Tracker


def fresh_store(products: int = 12) -> Store:
    store = Store()
    store.clear({"token_ttl": 60, "max_failures": 3, "max_limit": 1000})
    Listings.attach(store)
    seed_base(store, SeedConfig())
    seed_products(store, products)
    return store


def derived_from_scratch(store: Store) -> dict[str, tuple[set[int], set[int]]]:
    tracker = Tracker(store)
    answer = {}
    for model, table in MODEL_TABLES.items():
        rows = store.table(table).rows.values()
        answer[model] = ({row["pk"] for row in rows if tracker.is_insert(model, row)},
                         {row["pk"] for row in rows if tracker.is_update(model, row)})
    return answer


def kept(store: Store, channel: int = 1) -> dict[str, tuple[set[int], set[int]]]:
    listings = store.derived
    return {model: (set(listings.pending(model, "inserts", channel)), set(listings.pending(model, "updates", channel)))
            for model in MODEL_TABLES}


def test_seeded_products_are_all_inserts():
    store = fresh_store()
    assert kept(store) == derived_from_scratch(store)
    assert len(kept(store)["product"][0]) == len(store.table("products"))


def test_commit_done_change_fail_and_delete_keep_the_sets_exact():
    store = fresh_store()
    tracker = Tracker(store)
    products = sorted(store.table("products").rows)[:6]
    price_pks = sorted(store.table("prices").rows)[:2]

    batch = store.create("batch_requests", {"channel": 1, "local_batch_id": "b1", "status": "initialized",
                                            "objects": None, "content_type": None, "remote_batch_id": None})
    entries = [{"pk": pk, "content_type": "product"} for pk in products]
    entries += [{"pk": pk, "content_type": "productprice"} for pk in price_pks]
    batch = tracker.transition(batch, "commit", {"objects": entries, "content_type": "product"})
    assert kept(store) == derived_from_scratch(store)
    assert not set(products) & kept(store)["product"][0]  # locked: out of inserts

    stamp = store.table("products").rows[products[0]]["modified_date"]
    done = [{"pk": pk, "content_type": "product", "remote_id": f"r{pk}", "version_date": stamp,
             "failed_reason_type": "mapping" if pk == products[1] else None} for pk in products]
    tracker.transition(batch, "done", {"objects": done[:-1]})  # the last one: released unchanged
    assert kept(store) == derived_from_scratch(store)

    store.touch("products", products[2], {"name": "changed"})
    store.touch("prices", price_pks[0], {"price": "1.00"})
    assert kept(store) == derived_from_scratch(store)
    assert products[2] in kept(store)["product"][1]

    second = store.create("batch_requests", {"channel": 1, "local_batch_id": "b2", "status": "initialized",
                                             "objects": None, "content_type": None, "remote_batch_id": None})
    second = tracker.transition(second, "commit", {"objects": [{"pk": products[2], "content_type": "product"}]})
    assert products[2] not in kept(store)["product"][1]
    tracker.transition(second, "fail", {"objects": None})
    assert kept(store) == derived_from_scratch(store)
    assert products[2] in kept(store)["product"][1]

    store.table("products").delete(products[3])
    ia = tracker.find("product", products[4])
    store.touch("integration_actions", ia["pk"], {"content_type": tracker.content_type("productstock")})
    assert kept(store) == derived_from_scratch(store)


def test_a_settings_change_is_followed_by_a_rebuild():
    store = fresh_store(4)
    tracker = Tracker(store)
    pk = sorted(store.table("products").rows)[0]
    batch = store.create("batch_requests", {"channel": 1, "local_batch_id": "b", "status": "initialized",
                                            "objects": None, "content_type": None, "remote_batch_id": None})
    batch = tracker.transition(batch, "commit", {"objects": [{"pk": pk}], "content_type": "product"})
    version = store.table("products").rows[pk]["modified_date"]
    tracker.transition(batch, "done", {"objects": [{"pk": pk, "version_date": version,
                                                    "failed_reason_type": "channel_app"}]})
    assert pk in kept(store)["product"][0]  # one failure: offered again
    store.settings["max_failures"] = 1
    store.derived.rebuild()
    assert pk not in kept(store)["product"][0]
    assert kept(store) == derived_from_scratch(store)


def test_each_channel_keeps_its_own_sets():
    store = fresh_store(4)
    store.create("channels", {"name": "Hepsiburada", "catalog": 1, "conf": {}, "is_active": True})
    tracker = Tracker(store)
    product = sorted(store.table("products").rows)[0]
    batch = store.create("batch_requests", {"channel": 2, "local_batch_id": "h1", "status": "initialized",
                                            "objects": None, "content_type": None, "remote_batch_id": None})
    batch = tracker.transition(batch, "commit", {"objects": [{"pk": product}], "content_type": "product"})
    stamp = store.table("products").rows[product]["modified_date"]
    tracker.transition(batch, "done", {"objects": [{"pk": product, "remote_id": "x", "version_date": stamp}]})

    assert product not in kept(store, 2)["product"][0] and product in kept(store, 1)["product"][0]
    assert tracker.is_synced("product", product, 2) and not tracker.is_synced("product", product, 1)
