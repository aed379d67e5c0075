"""The seeds' Flower curl, verbatim, with a channel_app_template task name, against a live stack.

    curl --request POST \
      --url <flower>/api/task/apply/channel_app_template.app.tasks.<task_name> \
      --header 'authorization: Basic <auth token>' \
      --header 'content-type: application/json' \
      --data '{\n"args":[]\n}'

<flower> is our `/flower/`, <auth token> a staff user's own Django credentials. gunicorn, Flower
and a worker share a Redis of their own; the worker talks to both sandboxes over HTTP.
"""
from __future__ import annotations

import base64
import json
import shutil
import subprocess

import pytest
from django.contrib.auth.models import Permission

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "seed-curl-password"


@pytest.fixture
def live_web(live_stack) -> str:
    return live_stack.url


@pytest.fixture
def operator(django_user_model) -> str:
    user = django_user_model.objects.create_user("seed-operator", password=PASSWORD, is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="proxy"))
    return base64.b64encode(f"seed-operator:{PASSWORD}".encode()).decode()


def seed_curl(flower: str, task_name: str, auth_token: str) -> tuple[int, dict]:
    """The document's command line, only the placeholders filled in."""
    curl = shutil.which("curl")
    assert curl, "curl is needed: it is the command the seed documents"
    done = subprocess.run([
        curl, "--silent", "--show-error", "--write-out", "\n%{http_code}",
        "--request", "POST",
        "--url", f"{flower}/api/task/apply/channel_app_template.app.tasks.{task_name}",
        "--header", f"authorization: Basic {auth_token}",
        "--header", "content-type: application/json",
        "--data", '{\\n"args":[]\\n}',
    ], capture_output=True, text=True, timeout=60, check=True)
    body, _, status = done.stdout.rpartition("\n")
    return int(status), json.loads(body)


def test_seed_curl_with_a_template_task_name_runs_its_flow(live_web, operator, omnitron, trendyol):
    status, answer = seed_curl(f"{live_web}/flower", "insert_and_update_products", operator)
    assert status == 200, answer
    assert answer["state"] == "SUCCESS", answer
    result = answer["result"]
    assert result["flow"] == "products_sync"
    assert result["sent"] == result["succeeded"] > 0 and result["failed"] == 0
    assert len(trendyol.products()) == result["sent"]  # the marketplace sandbox holds them now

    again, answer = seed_curl(f"{live_web}/flower", "insert_and_update_products", operator)
    assert again == 200 and answer["state"] == "SUCCESS"

    missing, answer = seed_curl(f"{live_web}/flower", "no_such_task", operator)
    assert missing == 404 and "insert_and_update_products" in answer["error"]
