"""The receiver under gunicorn: who gets in, what is stored, what is refused (nothing stored)."""
from __future__ import annotations

import base64

import pytest

from channel.models import WebhookEvent, WebhookSubscription
from tests.channel.webhooks.conftest import page

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(120)]

SECRET = "k" * 43


def package(package_id: int = 3330000001, status: str = "Created", modified: int = 1_790_000_000_000) -> dict:
    return {"shipmentPackageId": package_id, "status": status, "lastModifiedDate": modified, "lines": []}


@pytest.fixture
def subscribed(webhooks) -> WebhookSubscription:
    return WebhookSubscription.objects.create(channel_id=1, secret=SECRET, username="channel1")


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


@pytest.mark.parametrize("headers, path", [
    ({"x-api-key": "k" * 42 + "j"}, "/hooks/orders/1/"),  # one character off
    ({}, "/hooks/orders/1/"),
    ({"x-api-key": ""}, "/hooks/orders/1/"),
    ({"Authorization": basic("channel1", SECRET)}, "/hooks/orders/1/"),  # the channel wants the API key
    ({"x-api-key": SECRET}, "/hooks/orders/2/"),  # another channel: no webhook there
])
def test_wrong_or_missing_credentials_get_401_json_and_nothing_is_stored(webhooks, subscribed, headers, path):
    answer = webhooks.post(page(package()), path=path, **headers)
    assert answer.status_code == 401 and answer.json() == {"error": "authentication failed"}
    assert not WebhookEvent.objects.exists()


def test_basic_authentication_when_the_channel_is_set_up_for_it(webhooks, subscribed):
    subscribed.auth_type = WebhookSubscription.BASIC
    subscribed.save()
    assert webhooks.post(page(package()), Authorization=basic("channel1", "wrong")).status_code == 401
    assert webhooks.post(page(package()), Authorization=basic("channel2", SECRET)).status_code == 401
    assert not WebhookEvent.objects.exists()
    answer = webhooks.post(page(package()), Authorization=basic("channel1", SECRET))
    assert answer.status_code == 200 and WebhookEvent.objects.count() == 1


def test_a_delivery_is_stored_and_a_repeated_one_adds_nothing(webhooks, subscribed):
    first = webhooks.post(page(package()), SECRET)
    again = webhooks.post(page(package()), SECRET)
    later = webhooks.post(page(package(modified=1_790_000_000_001, status="Picking")), SECRET)

    assert first.status_code == again.status_code == later.status_code == 200 and first.json() == {"stored": 1}
    rows = list(WebhookEvent.objects.order_by("id").values_list("package_id", "status", "modified_ms"))
    assert rows == [("3330000001", "Created", 1_790_000_000_000), ("3330000001", "Picking", 1_790_000_000_001)]
    assert WebhookEvent.objects.first().body["lastModifiedDate"] == 1_790_000_000_000


@pytest.mark.parametrize("body, status, message", [
    ({"content": []}, 400, "content must be a list"),
    ([package()], 400, "content must be a list"),
    (page({"status": "Created", "lastModifiedDate": 1}), 400, "shipmentPackageId"),
    (page(package(status="Lost")), 400, "not a package status"),
    (page({**package(), "lastModifiedDate": "yesterday"}), 400, "lastModifiedDate"),
    (page(*[package(n) for n in range(51)]), 400, "1 to 50"),
    (page({**package(), "notes": "x" * 1_100_000}), 413, "larger than"),
])
def test_invalid_bodies_are_refused_with_a_json_reason_and_nothing_is_stored(webhooks, subscribed, body, status,
                                                                              message):
    answer = webhooks.post(body, SECRET)
    assert answer.status_code == status and message in answer.json()["error"]
    assert not WebhookEvent.objects.exists()


def test_not_json_and_get_are_refused(webhooks, subscribed):
    import requests

    answer = requests.post(f"{webhooks.stack.url}/hooks/orders/1/", data=b"{not json", timeout=10,
                           headers={"x-api-key": SECRET, "Content-Type": "application/json"})
    assert answer.status_code == 400 and "not JSON" in answer.json()["error"]
    assert requests.get(f"{webhooks.stack.url}/hooks/orders/1/", timeout=10).status_code == 405
    assert not WebhookEvent.objects.exists()
