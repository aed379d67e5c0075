"""The trigger API in process: authentication, permissions, validation, idempotency, status reads."""
from __future__ import annotations

import base64

import pytest
from django.test import Client
from django_celery_results.models import TaskResult

from channel.api.trigger import enqueue
from channel.flows.registry import get_flow
from channel.locks import flow_lock
from tests.channel.api.conftest import PASSWORD, ApiUser, make_user

pytestmark = pytest.mark.django_db


def call(method: str, url: str, who: ApiUser | None = None, body: dict | None = None, **headers: str):
    extra = {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()}
    if who is not None:
        extra["HTTP_AUTHORIZATION"] = who.headers["Authorization"]
    client = Client()
    if method == "post":
        return client.post(url, body or {}, content_type="application/json", **extra)
    return client.get(url, **extra)


def basic(user: str, password: str = PASSWORD) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def test_flow_list_names_every_flow_with_its_task(viewer):
    response = call("get", "/api/v1/flows/", viewer)
    assert response.status_code == 200
    noop = next(flow for flow in response.json() if flow["name"] == "noop")
    assert noop["task_name"] == "channel.noop" and noop["options"]["steps"] == 0
    assert noop["default_schedule"] is None


def test_anonymous_gets_401(db):
    assert call("get", "/api/v1/flows/").status_code == 401
    assert call("post", "/api/v1/flows/noop/runs/").status_code == 401


def test_token_without_permission_gets_403(nobody, viewer):
    assert call("get", "/api/v1/flows/", nobody).status_code == 403
    response = call("post", "/api/v1/flows/noop/runs/", viewer)
    assert response.status_code == 403 and "trigger" in response.json()["detail"]


def test_wrong_token_gets_401(db):
    response = Client().get("/api/v1/flows/", HTTP_AUTHORIZATION="Token not-a-token")
    assert response.status_code == 401


def test_basic_auth_works_for_staff_and_is_refused_to_others(db):
    make_user("staffer", "view_sync", staff=True)
    make_user("clerk", "view_sync", staff=False)
    assert Client().get("/api/v1/flows/", HTTP_AUTHORIZATION=basic("staffer")).status_code == 200
    refused = Client().get("/api/v1/flows/", HTTP_AUTHORIZATION=basic("clerk"))
    wrong = Client().get("/api/v1/flows/", HTTP_AUTHORIZATION=basic("staffer", "wrong"))
    # The same 401 for a non-staff user's right password and a wrong one: no password oracle.
    assert refused.status_code == wrong.status_code == 401
    assert refused.json() == wrong.json() and "API token" in refused.json()["detail"]


def test_trigger_answers_202_with_task_id_and_status_url(operator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = call("post", "/api/v1/flows/noop/runs/", operator, {"dry_run": True, "kwargs": {"steps": 2}})
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["flow"] == "noop" and body["dry_run"] is True and body["replayed"] is False
    assert body["status_url"] == f"http://testserver/api/v1/runs/{body['task_id']}/"
    assert response["Location"] == body["status_url"]
    assert len(callbacks) == 1  # sent only once the transaction commits
    status = call("get", f"/api/v1/runs/{body['task_id']}/", operator).json()
    assert status["state"] == "PENDING" and status["flow"] == "noop" and status["finished"] is False


def test_unknown_flow_is_404(operator):
    response = call("post", "/api/v1/flows/no-such-flow/runs/", operator)
    assert response.status_code == 404 and "no-such-flow" in response.json()["detail"]


@pytest.mark.parametrize("body, field", [
    ({"channel_id": "x"}, "channel_id"),
    ({"channel_id": 999}, "channel_id"),
    ({"dry_run": "maybe"}, "dry_run"),
    ({"kwargs": {"sleep": 1}}, "kwargs"),
    ({"kwargs": [1]}, "kwargs"),
])
def test_bad_body_is_400_with_field_errors(operator, body, field):
    response = call("post", "/api/v1/flows/noop/runs/", operator, body)
    assert response.status_code == 400
    assert field in response.json()


def test_body_that_is_not_json_is_400(operator):
    response = Client().post("/api/v1/flows/noop/runs/", "{not json", content_type="application/json",
                             HTTP_AUTHORIZATION=operator.headers["Authorization"])
    assert response.status_code == 400 and "detail" in response.json()


def test_same_idempotency_key_returns_the_first_run(operator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        first = call("post", "/api/v1/flows/noop/runs/", operator, {"dry_run": True}, idempotency_key="k-1")
        again = call("post", "/api/v1/flows/noop/runs/", operator, {"dry_run": True}, idempotency_key="k-1")
        other = call("post", "/api/v1/flows/noop/runs/", operator, {"dry_run": True}, idempotency_key="k-2")
    assert first.status_code == again.status_code == other.status_code == 202
    assert again.json()["task_id"] == first.json()["task_id"] and again.json()["replayed"] is True
    assert other.json()["task_id"] != first.json()["task_id"]
    assert len(callbacks) == 2


def test_idempotency_key_is_scoped_by_user(operator, django_capture_on_commit_callbacks):
    colleague = make_user("colleague", "trigger_sync")
    with django_capture_on_commit_callbacks():
        mine = call("post", "/api/v1/flows/noop/runs/", operator, idempotency_key="shared")
        theirs = call("post", "/api/v1/flows/noop/runs/", colleague, idempotency_key="shared")
    assert mine.json()["task_id"] != theirs.json()["task_id"]


def test_idempotency_key_reused_for_another_body_is_422(operator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        call("post", "/api/v1/flows/noop/runs/", operator, {"dry_run": True}, idempotency_key="k-3")
        response = call("post", "/api/v1/flows/noop/runs/", operator, {"dry_run": False}, idempotency_key="k-3")
    assert response.status_code == 422


def test_trigger_reports_a_run_holding_the_lock(operator, django_capture_on_commit_callbacks):
    with flow_lock("noop", 1, token="holder-task-id"), django_capture_on_commit_callbacks():
        response = call("post", "/api/v1/flows/noop/runs/", operator, {"channel_id": 1})
    assert response.json()["already_running"] == "holder-task-id"


def test_run_status_of_an_unknown_id_is_404(viewer):
    assert call("get", "/api/v1/runs/00000000-0000-0000-0000-000000000000/", viewer).status_code == 404


def test_run_status_reads_summary_progress_and_error_from_the_result_row(viewer):
    TaskResult.objects.create(task_id="t-ok", task_name="channel.noop", status="SUCCESS",
                              result='{"fetched": 3, "failed": 0}')
    TaskResult.objects.create(task_id="t-busy", task_name="channel.noop", status="PROGRESS",
                              result='{"done": 2, "total": 5, "stage": "noop"}')
    TaskResult.objects.create(task_id="t-bad", task_name="channel.products_sync", status="FAILURE",
                              result='{"exc_type": "ServerError", "exc_message": ["omnitron said 500"]}')
    ok = call("get", "/api/v1/runs/t-ok/", viewer).json()
    assert ok["summary"] == {"fetched": 3, "failed": 0} and ok["finished"] is True and ok["flow"] == "noop"
    busy = call("get", "/api/v1/runs/t-busy/", viewer).json()
    assert busy["progress"] == {"done": 2, "total": 5, "stage": "noop"} and busy["finished"] is False
    bad = call("get", "/api/v1/runs/t-bad/", viewer).json()
    assert bad["error"] == "ServerError: omnitron said 500" and bad["flow"] == "products_sync"


def test_run_status_of_a_skipped_run_names_the_run_that_holds_the_lock(viewer):
    TaskResult.objects.create(task_id="t-skip", task_name="channel.noop", status="SKIPPED",
                              result='{"skipped": "already running", "running_task_id": "t-first"}')
    skipped = call("get", "/api/v1/runs/t-skip/", viewer).json()
    assert skipped["state"] == "SKIPPED" and skipped["finished"] is True
    assert skipped["summary"]["running_task_id"] == "t-first" and skipped["error"] is None


def test_requests_are_logged_with_user_and_task_but_never_the_token(operator, caplog,
                                                                   django_capture_on_commit_callbacks):
    caplog.set_level("INFO", logger="channel.api.views")
    with django_capture_on_commit_callbacks():
        response = call("post", "/api/v1/flows/noop/runs/", operator)
    line = next(r.getMessage() for r in caplog.records if r.name == "channel.api.views")
    assert "user=operator" in line and response.json()["task_id"] in line
    assert operator.token not in caplog.text


def test_enqueue_remembers_the_run_for_status_reads(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        run = enqueue(get_flow("noop"), 1, dry_run=True)
    from channel.api.trigger import recorded

    assert recorded(run.task_id) == run


def test_session_auth_needs_the_csrf_token_for_a_post(admin_user, django_capture_on_commit_callbacks):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    assert client.get("/api/v1/flows/").status_code == 200
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post("/api/v1/flows/noop/runs/", {}, content_type="application/json")
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]
    assert callbacks == []


@pytest.mark.parametrize(("name", "flow"), [
    ("channel_app_template.app.tasks.insert_and_update_products", "products_sync"),
    ("insert_and_update_prices", "prices_sync"),
])
def test_template_task_names_trigger_their_flow(operator, django_capture_on_commit_callbacks, name, flow):
    with django_capture_on_commit_callbacks(execute=False):
        response = call("post", f"/api/v1/flows/{name}/runs/", operator, {"dry_run": True})
    assert response.status_code == 202, response.content
    assert response.json()["flow"] == flow


def test_flow_list_shows_the_template_alias(viewer):
    flows = {flow["name"]: flow for flow in call("get", "/api/v1/flows/", viewer).json()}
    assert flows["products_sync"]["template_alias"] == "channel_app_template.app.tasks.insert_and_update_products"
    assert flows["noop"]["template_alias"] == ""


def test_add_mapped_is_a_product_option_that_takes_only_true_or_false(operator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        accepted = call("post", "/api/v1/flows/products_sync/runs/", operator, {"kwargs": {"add_mapped": False}})
        text = call("post", "/api/v1/flows/products_sync/runs/", operator, {"kwargs": {"add_mapped": "false"}})
        other = call("post", "/api/v1/flows/prices_sync/runs/", operator, {"kwargs": {"add_mapped": False}})
    assert accepted.status_code == 202, accepted.content
    assert text.status_code == 400 and text.json()["kwargs"] == {"add_mapped": ["must be true or false; got 'false'"]}
    assert other.status_code == 400 and "add_mapped" in str(other.json()["kwargs"])
