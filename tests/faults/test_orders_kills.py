"""An order import whose worker is SIGKILLed in the middle of creating orders ends as a
fault-free run: every package one order, one customer per buyer, one IA per order."""
from __future__ import annotations

import pytest

from config.celery_app import app
from tests.channel.flows.orders.conftest import make_packages
from tests.faults.conftest import assert_orders_as_fault_free, orders_imported
from tests.fixtures.processes import wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(240)]

PACKAGES, BUYERS = 150, 100


def test_orders_import_survives_a_worker_killed_mid_creation(channel, fault_worker, fault_queue, recovery_sweep):
    packages = make_packages(channel, PACKAGES, customers=BUYERS)
    doomed = fault_worker("doomed-orders", FAULT_KILL_AT="order_created:60")
    app.send_task("channel.orders_import", kwargs={"channel_id": 1, "lookback_hours": 1}, queue=fault_queue)
    wait_until(lambda: not doomed.alive(), 90, "the worker to die mid creation")
    assert 0 < len(channel.omnitron.table("orders")) < PACKAGES

    fault_worker("survivor-orders")
    wait_until(lambda: orders_imported(channel, PACKAGES), 120, "every package imported and recorded")

    assert_orders_as_fault_free(channel, packages, BUYERS)
