"""Order webhooks end to end: the Trendyol sandbox sends, gunicorn receives, a worker imports.

`webhook_stack` (session): gunicorn serving the receiver and a worker consuming a private
webhooks queue, both aimed at the session's Omnitron sandbox. `webhooks` (per test): the
`channel` wiring plus the stack, with `register()` doing what an operator does
(`manage.py trendyol_webhook --channel 1 register`, WEBHOOK_PUBLIC_URL = the stack's web origin).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
import requests
from django.core.management import call_command

from tests.channel.flows.conftest import Channel, channel  # noqa: F401 - the fixture, shared
from tests.fixtures.processes import Process, free_port, wait_until


@dataclass
class WebhookStack:
    url: str
    queue: str
    env: dict[str, str]
    worker: Process


@pytest.fixture(scope="session")
def webhook_stack(omnitron_sandbox, worker_factory, gunicorn_factory) -> WebhookStack:
    queue = f"webhooks-{free_port()}"
    env = {"OMNITRON_URL": omnitron_sandbox.url, "OMNITRON_CHANNEL_ID": "1", "OMNITRON_CATALOG_ID": "1",
           "WEBHOOK_QUEUE": queue, "WEBHOOK_SECRET_TTL": "0", "SYNC_LOCK_TTL": "3", "WEBHOOK_LEASE_S": "10"}
    worker = worker_factory("webhook-worker", env=env, concurrency=2, extra_args=("-Q", queue))
    web = gunicorn_factory("webhook-web", env=env)
    return WebhookStack(web.url, queue, env, worker)


@dataclass
class Webhooks:
    channel: Channel
    stack: WebhookStack

    @property
    def trendyol(self) -> Any:
        return self.channel.trendyol

    def register(self) -> None:
        call_command("trendyol_webhook", "register", "--channel", "1")

    def hook(self) -> dict[str, Any]:
        (found,) = self.trendyol.control("GET", "webhooks")["webhooks"]
        return found

    def post(self, body: Any, key: str | None = None, path: str = "/hooks/orders/1/", **headers: str
             ) -> requests.Response:
        if key is not None:
            headers["x-api-key"] = key
        return requests.post(self.stack.url + path, json=body, headers=headers, timeout=10)

    def orders(self) -> list[dict[str, Any]]:
        return self.channel.omnitron.table("orders")

    def wait_orders(self, count: int, timeout: float = 60) -> list[dict[str, Any]]:
        wait_until(lambda: len(self.orders()) >= count, timeout, f"{count} orders in Omnitron")
        return self.orders()


@pytest.fixture
def webhooks(channel, webhook_stack, settings) -> Webhooks:
    settings.WEBHOOK_PUBLIC_URL = webhook_stack.url
    settings.WEBHOOK_SECRET_TTL = 0
    channel.trendyol.control("POST", "webhooks/config", {"duplicate_rate": 0.05, "retry_interval": 1})
    return Webhooks(channel, webhook_stack)


def page(*packages: dict[str, Any]) -> dict[str, Any]:
    """A delivery body as Trendyol sends it: the getShipmentPackages page wrapper."""
    return {"totalElements": len(packages), "totalPages": 1, "page": 0, "size": len(packages),
            "content": list(packages)}


@pytest.fixture
def webhook_sweep(celery_beat, webhook_stack):
    """Beat sends `channel.sweep_webhook_events` to the stack's worker every second (seeded every
    WEBHOOK_SWEEP_S in production)."""
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    every, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.SECONDS)
    return PeriodicTask.objects.create(name=f"webhook sweep {webhook_stack.queue}", task="channel.sweep_webhook_events",
                                       interval=every, queue=webhook_stack.queue)
