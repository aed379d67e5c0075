"""The proxy in front of a real Flower process watching a real worker (Django test client side).

Transactional tests: the worker writes task results to the test database, which an open
test transaction would keep locked on SQLite.
"""
import json
import re
import time

import pytest

from tests.fixtures.bootstrap import RUN_DIR
from tests.fixtures.processes import PYTHON, free_port, http_ready, start_process, wait_until
from tests.proxy.conftest import basic

pytestmark = pytest.mark.django_db(transaction=True)

TASK = "channel.noop"


def read(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def api_workers(client) -> dict:
    response = client.get("/flower/api/workers?refresh=1")
    return json.loads(read(response)) if response.status_code == 200 else {}


def live_worker(client) -> str:
    """The hostname of a worker that registered the project's tasks, polled until Flower knows it."""
    found: list[str] = []

    def check() -> bool:
        found[:] = [name for name, info in api_workers(client).items() if TASK in info.get("registered", [])]
        return bool(found)

    wait_until(check, 30, "Flower to report a worker with channel.noop")
    return found[0]


def test_dashboard_and_its_static_assets_load(client, flower_upstream, viewer):
    client.force_login(viewer)
    page = client.get("/flower/")
    html = read(page).decode()
    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")
    assert 'id="url_prefix"' in html
    assets = sorted(set(re.findall(r'/flower/static/[^"\'?]+', html)))
    assert any(a.endswith(".js") for a in assets) and any(a.endswith(".css") for a in assets)
    for asset in assets:
        response = client.get(asset)
        data = read(response)
        assert response.status_code == 200, asset
        assert int(response["Content-Length"]) == len(data) > 0


def test_api_workers_returns_the_live_worker(client, flower_upstream, viewer):
    client.force_login(viewer)
    name = live_worker(client)
    info = api_workers(client)[name]
    assert info["stats"]["pid"] > 0


def test_worker_tasks_and_task_pages_load(client, flower_upstream, controller):
    client.force_login(controller)
    name = live_worker(client)
    assert client.get(f"/flower/worker/{name}").status_code == 200
    assert client.get("/flower/tasks").status_code == 200
    response = client.post(f"/flower/api/task/async-apply/{TASK}", data=b'{"kwargs": {"dry_run": true}}',
                           content_type="application/json")
    task_id = json.loads(read(response))["task-id"]
    wait_until(lambda: client.get(f"/flower/task/{task_id}").status_code == 200, 20, "Flower to show the task")
    assert task_id in read(client.get(f"/flower/task/{task_id}")).decode()
    table = client.get("/flower/tasks/datatable?draw=1&start=0&length=10&search[value]=&order[0][column]=0")
    assert table.status_code == 200


def test_seed_curl_apply_with_django_basic_credentials(client, flower_upstream, controller):
    """The seeds' `curl --request POST .../api/task/apply/<task> --header 'authorization: Basic ..'
    --data '{"args":[]}'`, with a staff user's Django credentials instead of Flower's."""
    response = client.post(f"/flower/api/task/apply/{TASK}", data=b'{"args":[]}',
                           content_type="application/x-www-form-urlencoded",
                           headers={"authorization": basic("controller")})
    answer = json.loads(read(response))
    assert response.status_code == 200
    assert answer["state"] == "SUCCESS"
    assert re.fullmatch(r"[0-9a-f-]{36}", answer["task-id"])
    assert isinstance(answer["result"], dict)


@pytest.mark.parametrize(("who", "read_status", "action_status"), [
    ("anonymous", 401, 401),
    ("outsider", 401, 401),  # right password of a non-staff account: the same 401 as a wrong one
    ("bare", 403, 403),
    ("viewer", 200, 403),
    ("controller", 200, 200),
])
def test_access_on_a_read_and_an_action(client, flower_upstream, make_user, who, read_status, action_status):
    perms = {"outsider": ("view_flower", "control_flower"), "bare": (), "viewer": ("view_flower",),
             "controller": ("view_flower", "control_flower")}
    headers = {}
    if who != "anonymous":
        make_user(who, *perms[who], staff=who != "outsider")
        headers = {"authorization": basic(who)}
    reading = client.get("/flower/api/workers", headers=headers)
    acting = client.post(f"/flower/api/task/async-apply/{TASK}", data=b"{}", content_type="application/json",
                         headers=headers)
    assert (reading.status_code, acting.status_code) == (read_status, action_status)
    if who == "anonymous":
        assert reading["WWW-Authenticate"].startswith("Basic ")
    if action_status == 200:
        assert json.loads(read(acting))["task-id"]


def test_anonymous_browser_is_sent_to_the_admin_login(client, flower_upstream):
    response = client.get("/flower/tasks")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/flower/tasks"


@pytest.mark.parametrize("path", ["/flower/metrics", "/flower/healthcheck"])
def test_metrics_and_healthcheck_are_not_public(client, flower_upstream, viewer, path):
    assert client.get(path).status_code == 302
    client.force_login(viewer)
    assert client.get(path).status_code == 200


def test_cross_site_action_is_refused_even_for_a_controller(client, flower_upstream, controller):
    client.force_login(controller)
    response = client.post(f"/flower/api/task/async-apply/{TASK}", data=b"{}", content_type="application/json",
                           headers={"sec-fetch-site": "cross-site", "origin": "https://evil.example"})
    assert response.status_code == 403
    same = client.post(f"/flower/api/task/async-apply/{TASK}", data=b"{}", content_type="application/json",
                       headers={"sec-fetch-site": "same-origin", "origin": "http://testserver"})
    assert same.status_code == 200


def test_flower_stopped_is_a_502_within_the_timeout(client, settings, test_database_env, controller):
    """Start a second Flower, use it (so the pool holds a connection), stop it, ask again."""
    port = free_port()
    args = [PYTHON, "-m", "celery", "-A", "config", "flower", "--address=127.0.0.1", f"--port={port}"]
    proc = start_process(f"flower-{port}", args, RUN_DIR, env=test_database_env,
                         ready=http_ready(f"http://127.0.0.1:{port}/flower/healthcheck"))
    try:
        settings.FLOWER_URL = f"http://127.0.0.1:{port}"
        settings.FLOWER_CONNECT_TIMEOUT = 1.0
        settings.FLOWER_READ_TIMEOUT = 2.0
        client.force_login(controller)
        assert client.get("/flower/api/workers").status_code == 200
    finally:
        proc.stop()
    started = time.monotonic()
    response = client.get("/flower/api/workers")
    assert response.status_code == 502
    assert json.loads(response.content) == {"error": "Flower is unreachable.", "status": 502}
    assert time.monotonic() - started < 1.0
    assert b"unreachable" in client.get("/flower/").content
