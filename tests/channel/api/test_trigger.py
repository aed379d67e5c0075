"""A triggered run really reaches a worker: REST round trip through gunicorn, and a broker that is down."""
from __future__ import annotations

import pytest
import requests

from tests.channel.api.conftest import make_user
from tests.fixtures.bootstrap import RUN_DIR
from tests.fixtures.processes import redis_server, wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def test_post_202_then_get_until_success_on_a_real_worker(celery_worker, gunicorn_server):
    operator = make_user("round-trip", "view_sync", "trigger_sync")
    response = requests.post(f"{gunicorn_server.url}/api/v1/flows/noop/runs/", headers=operator.headers,
                             json={"kwargs": {"steps": 3}, "dry_run": True}, timeout=10)
    assert response.status_code == 202, response.text
    status_url = response.json()["status_url"]
    assert status_url.startswith(gunicorn_server.url + "/api/v1/runs/")
    seen: list[dict] = []

    def finished() -> bool:
        seen.append(requests.get(status_url, headers=operator.headers, timeout=10).json())
        return seen[-1]["finished"]

    wait_until(finished, 30, "the run to finish", interval=0.1)
    final = seen[-1]
    assert final["state"] == "SUCCESS", final
    assert final["flow"] == "noop" and final["summary"]["dry_run"] is True
    assert final["summary"]["failed"] == 0 and final["date_done"]


def test_broker_down_is_a_503_json_answer_and_the_key_can_be_retried(gunicorn_factory):
    operator = make_user("no-broker", "trigger_sync")
    with redis_server(RUN_DIR) as (broker_url, broker):
        server = gunicorn_factory("gunicorn-broker-stops", env={"BROKER_URL": broker_url + "/1"})
    assert not broker.alive()
    headers = {**operator.headers, "Idempotency-Key": "retry-me"}
    for _attempt in range(2):  # the failed first attempt must not pin the key to a run that never left
        response = requests.post(f"{server.url}/api/v1/flows/noop/runs/", headers=headers, json={}, timeout=30)
        assert response.status_code == 503
        assert response.headers["Content-Type"] == "application/json"
        assert response.headers["Retry-After"] == "10"
        assert "unavailable" in response.json()["detail"]
