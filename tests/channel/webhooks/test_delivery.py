"""End to end: the Trendyol sandbox sends package changes, gunicorn stores them, a worker imports them.

Covers duplicate and out-of-order deliveries, a webhook racing a poll for the same packages, and a
receiver killed and restarted in the middle of a burst (the sandbox re-sends what failed)."""
from __future__ import annotations

import threading

import pytest
import requests

from channel.models import WebhookEvent, WebhookSubscription
from omnitron.types import OMNITRON_CANCELLED
from tests.channel.flows.orders.conftest import make_packages
from tests.channel.webhooks.conftest import page
from tests.fixtures.bootstrap import RUN_DIR
from tests.fixtures.processes import PYTHON, free_port, http_ready, start_process, wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(240)]

CREATE = "POST channel/{ch}/create_orders/"


def numbers(webhooks) -> list[str]:
    return [row["number"] for row in webhooks.orders()]


def settled() -> bool:
    return WebhookEvent.objects.exists() and not WebhookEvent.objects.filter(processed_at__isnull=True).exists()


def outcomes(package_id: int) -> list[tuple[str, str]]:
    return list(WebhookEvent.objects.filter(package_id=str(package_id)).order_by("modified_ms", "id")
                .values_list("status", "outcome"))


def snapshot(webhooks, package_id: int) -> dict:
    return webhooks.trendyol.control("GET", f"packages/{package_id}")


def test_a_marketplace_order_reaches_omnitron_through_the_webhook(webhooks):
    webhooks.register()
    packages = make_packages(webhooks.channel, 3)

    found = webhooks.wait_orders(3)

    assert sorted(row["number"] for row in found) == sorted(str(p["shipmentPackageId"]) for p in packages)
    wait_until(settled, 30, "every event to be processed")
    assert {outcome for p in packages for _, outcome in outcomes(p["shipmentPackageId"])} <= {"imported", "existing"}
    wait_until(lambda: len(webhooks.channel.ias("order")) == 3, 30, "the orders' integration actions")
    assert webhooks.channel.omnitron.counts()["endpoints"][CREATE] == 3


def test_duplicate_and_out_of_order_deliveries_make_one_order(webhooks):
    webhooks.register()
    webhooks.trendyol.control("POST", "webhooks/config", {"drop": True})  # this test delivers by hand
    (package,) = make_packages(webhooks.channel, 1)
    created = snapshot(webhooks, package["shipmentPackageId"])
    line = created["lines"][0]
    requests.put(f"{webhooks.trendyol.api_url}/order/sellers/1000/shipment-packages/{package['shipmentPackageId']}",
                 json={"lines": [{"lineId": line["lineId"], "quantity": line["quantity"]}], "params": {},
                       "status": "Picking"}, auth=("sandbox-key", "sandbox-secret"),
                 headers={"User-Agent": "1000 - SelfIntegration"}, timeout=10).raise_for_status()
    picking = snapshot(webhooks, package["shipmentPackageId"])
    secret = WebhookSubscription.objects.get(channel_id=1).secret

    for body in (picking, picking, created, created):  # the newer change first, each twice
        assert webhooks.post(page(body), secret).status_code == 200

    wait_until(settled, 60, "every event to be processed")
    assert numbers(webhooks) == [str(package["shipmentPackageId"])]
    assert outcomes(package["shipmentPackageId"]) in (
        [("Created", "superseded"), ("Picking", "imported")], [("Created", "superseded"), ("Picking", "existing")])


def test_a_cancellation_delivered_before_the_creation_makes_no_order(webhooks):
    webhooks.register()
    webhooks.trendyol.control("POST", "webhooks/config", {"drop": True})
    (package,) = make_packages(webhooks.channel, 1)
    created = snapshot(webhooks, package["shipmentPackageId"])
    webhooks.trendyol.control("POST", f"packages/{package['shipmentPackageId']}/cancel", {})
    cancelled = snapshot(webhooks, package["shipmentPackageId"])
    secret = WebhookSubscription.objects.get(channel_id=1).secret

    assert webhooks.post(page(cancelled), secret).status_code == 200
    wait_until(settled, 60, "the cancellation to be processed")
    assert webhooks.post(page(created), secret).status_code == 200
    wait_until(settled, 60, "the late creation to be processed")

    assert webhooks.orders() == []
    assert outcomes(package["shipmentPackageId"]) == [("Created", "superseded"), ("Cancelled", "tracked")]


def test_a_customer_cancellation_reaches_omnitron_through_the_webhook(webhooks):
    webhooks.register()
    (package,) = make_packages(webhooks.channel, 1, quantity=2)
    webhooks.wait_orders(1)
    webhooks.trendyol.control("POST", f"packages/{package['shipmentPackageId']}/cancel", {})

    items = webhooks.channel.omnitron.table("order_items")
    wait_until(lambda: {str(i["status"]) for i in webhooks.channel.omnitron.table("order_items")} == {
        OMNITRON_CANCELLED}, 60, "both items cancelled in Omnitron")
    assert len(items) == 2
    wait_until(settled, 30, "every event to be processed")
    assert ("Cancelled", "cancelled") in outcomes(package["shipmentPackageId"])


def test_a_webhook_racing_a_poll_creates_each_order_once(webhooks):
    webhooks.register()
    webhooks.channel.omnitron.fault(endpoint=CREATE, latency=0.1)  # keep both sides' creates in flight together
    packages = make_packages(webhooks.channel, 20)
    poll: dict = {}
    runner = threading.Thread(target=lambda: poll.update(webhooks.channel.run("orders_import", lookback_hours=1)))
    runner.start()
    runner.join(180)

    webhooks.wait_orders(20)
    wait_until(settled, 90, "every event to be processed")
    assert sorted(numbers(webhooks)) == sorted(str(p["shipmentPackageId"]) for p in packages)
    assert len(set(numbers(webhooks))) == 20 and poll["failed"] == 0
    by_poll = poll["orders"]["created"]
    by_webhook = WebhookEvent.objects.filter(outcome="imported").count()
    assert by_poll + by_webhook >= 20 and poll["orders"]["created"] + poll["orders"]["existing"] == 20


def start_web(port: int, env: dict[str, str], test_database_env: dict[str, str], static_root: str, name: str):
    full = {**test_database_env, **env, "DEBUG": "false", "STATIC_ROOT": static_root,
            "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2"}
    return start_process(name, [PYTHON, "-m", "gunicorn", "config.wsgi", "-c", "python:config.gunicorn"], RUN_DIR,
                         env=full, ready=http_ready(f"http://127.0.0.1:{port}/healthz"))


def test_a_receiver_restarted_in_the_middle_of_a_burst_loses_nothing(webhooks, webhook_sweep, test_database_env,
                                                                      static_root, settings):
    port = free_port()
    settings.WEBHOOK_PUBLIC_URL = f"http://127.0.0.1:{port}"
    web = start_web(port, webhooks.stack.env, test_database_env, static_root, f"restarted-web-{port}")
    try:
        webhooks.register()
        log = "webhooks/deliveries"
        packages = make_packages(webhooks.channel, 30)
        wait_until(lambda: len(webhooks.trendyol.control("GET", log)["deliveries"]) >= 10, 30, "the first deliveries")
        web.kill()  # SIGKILL: requests in flight are cut, the rest meet a closed port
        web.popen.wait(10)
        packages += make_packages(webhooks.channel, 30)
        wait_until(lambda: any(d["code"] == 0 for d in webhooks.trendyol.control("GET", log)["deliveries"]), 30,
                   "deliveries to fail while the receiver is down")
        web = start_web(port, webhooks.stack.env, test_database_env, static_root, f"restarted-web-{port}-again")
        packages += make_packages(webhooks.channel, 30)

        try:
            webhooks.wait_orders(90, timeout=120)
        except TimeoutError:
            pending = list(WebhookEvent.objects.filter(processed_at__isnull=True).values_list(
                "package_id", "received_at", "claimed_until", "attempts", "error"))
            raise AssertionError(f"{len(webhooks.orders())} orders; pending events: {pending}; "
                                 f"sandbox: {webhooks.trendyol.control('GET', 'webhooks')['pending']} to send")
        wait_until(lambda: webhooks.trendyol.control("GET", "webhooks")["pending"] == 0, 60, "every re-send")
        wait_until(settled, 60, "every event to be processed")
    finally:
        web.stop()
    assert sorted(numbers(webhooks)) == sorted(str(p["shipmentPackageId"]) for p in packages)
    assert len(set(numbers(webhooks))) == 90
    failed = [d for d in webhooks.trendyol.control("GET", "webhooks/deliveries")["deliveries"] if d["outcome"] != "ok"]
    assert failed, "the receiver was never down"


def test_a_worker_killed_while_importing_events_loses_and_duplicates_nothing(webhooks, worker_factory, gunicorn_factory,
                                                                             celery_beat, settings):
    """The doomed worker holds the batch (its lease) and dies mid-import; the sweep hands the batch to
    the next worker once the lease lapses, which finds the orders already made and makes the rest."""
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    queue = f"webhooks-doomed-{free_port()}"
    env = {**webhooks.stack.env, "WEBHOOK_QUEUE": queue, "WEBHOOK_LEASE_S": "4", "WEBHOOK_SWEEP_AFTER_S": "1"}
    web = gunicorn_factory(f"doomed-web-{free_port()}", env=env)
    every, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.create(name=f"sweep {queue}", task="channel.sweep_webhook_events", interval=every,
                                queue=queue)
    settings.WEBHOOK_PUBLIC_URL = web.url
    webhooks.register()
    webhooks.trendyol.control("POST", "webhooks/config", {"duplicate_rate": 0})
    webhooks.channel.omnitron.fault(endpoint=CREATE, latency=1.0)  # one create a second: it dies in the middle
    doomed = worker_factory(f"doomed-webhook-worker-{free_port()}", env=env, concurrency=1, extra_args=("-Q", queue))
    packages = make_packages(webhooks.channel, 6, customers=1)  # one buyer: created one after another
    wait_until(lambda: 1 <= len(webhooks.orders()) < 6, 60, "the doomed worker to be part-way")
    doomed.kill()
    doomed.popen.wait(10)
    made_before = len(webhooks.orders())

    worker_factory(f"next-webhook-worker-{free_port()}", env=env, concurrency=1, extra_args=("-Q", queue))
    webhooks.wait_orders(6, timeout=90)
    wait_until(settled, 60, "every event to be processed")

    assert sorted(numbers(webhooks)) == sorted(str(p["shipmentPackageId"]) for p in packages)
    assert made_before < 6 and webhooks.channel.omnitron.counts()["endpoints"][CREATE] <= 7
    assert set(WebhookEvent.objects.values_list("outcome", flat=True)) <= {"imported", "existing"}
    assert max(WebhookEvent.objects.values_list("attempts", flat=True)) == 2
    wait_until(lambda: len(webhooks.channel.ias("order")) == 6, 30, "every order recorded")
