"""The worker's PostgreSQL connections are cut in the middle of a run (as a server restart or a
failover would): the run reconnects, ends as a fault-free run, and the worker's later tasks work.
PostgreSQL run only."""
from __future__ import annotations

import pytest
from celery.result import AsyncResult
from django.db import connection

from config.celery_app import app
from tests.channel.flows.orders.conftest import make_packages
from tests.faults.conftest import assert_products_as_fault_free, duplicates, open_batches
from tests.fixtures.processes import Process, wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(240)]

PRODUCTS, SEEDED, CHUNK = 200, 20, 50
PACKAGES, BUYERS = 150, 100
PAUSE = 3  # seconds the run holds at the cut point, so the cut lands while it is there


@pytest.fixture(autouse=True)
def postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("pg_terminate_backend needs PostgreSQL (the CI's second run)")


def terminate_other_backends() -> int:
    """Cut every other session on the test database: the worker's run, its progress thread."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                       "WHERE datname = current_database() AND pid <> pg_backend_pid()")
        return int(cursor.fetchone()[0])


def cut_at(worker: Process, point: str) -> None:
    wait_until(lambda: f"fault point {point} reached" in worker.log(), 120, f"the run to reach {point}")
    assert terminate_other_backends() >= 1


def run(queue: str, flow: str, **kwargs) -> AsyncResult:
    return app.send_task(f"channel.{flow}", kwargs={"channel_id": 1, **kwargs}, queue=queue)


def later_tasks_work(queue: str) -> bool:
    return all(run(queue, "noop", steps=1).get(timeout=60) for _ in range(3))


def test_products_sync_survives_its_database_connections_cut(channel, fault_worker, fault_queue):
    channel.omnitron.seed(PRODUCTS - SEEDED)
    worker = fault_worker("db-cut-products", FAULT_PAUSE_AT=f"after_commit:2:{PAUSE}")
    result = run(fault_queue, "products_sync", chunk_size=CHUNK)
    cut_at(worker, "after_commit")  # the second chunk is committed, its push not yet sent

    summary = result.get(timeout=180)

    assert (summary["succeeded"], summary["failed"]) == (PRODUCTS, 0)
    assert_products_as_fault_free(channel, PRODUCTS, CHUNK)
    assert later_tasks_work(fault_queue)


def test_orders_import_survives_its_database_connections_cut(channel, fault_worker, fault_queue):
    packages = make_packages(channel, PACKAGES, customers=BUYERS)
    worker = fault_worker("db-cut-orders", FAULT_PAUSE_AT=f"order_created:60:{PAUSE}")
    result = run(fault_queue, "orders_import", lookback_hours=1)
    cut_at(worker, "order_created")

    result.get(timeout=180)

    orders, ias = channel.omnitron.table("orders"), channel.ias("order")
    assert len(orders) == len(ias) == PACKAGES and not open_batches(channel)
    assert all(ia["status"] == "success" for ia in ias)
    assert {str(ia["remote_id"]) for ia in ias} == {str(p["shipmentPackageId"]) for p in packages}
    assert duplicates([order["number"] for order in orders]) == {}
    assert duplicates([ia["object_id"] for ia in ias]) == {}
    customers = channel.omnitron.table("customers")
    assert duplicates([customer["email"] for customer in customers]) == {} and len(customers) == BUYERS
    assert later_tasks_work(fault_queue)
