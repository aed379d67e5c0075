"""Flow options are typed and ranged, and the REST API, admin, `manage.py sync` and the Flower apply
proxy all refuse the same bad values before anything is queued."""
from __future__ import annotations

import base64
import json

import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import CommandError, call_command
from django.test import Client
from django_celery_beat.models import IntervalSchedule

from channel.admin_beat import SyncPeriodicTaskForm
from channel.flows.options import InvalidOptions, OptionSet, validate_options
from channel.flows.registry import all_flows, get_flow

pytestmark = pytest.mark.django_db

PASSWORD = "options-test-password"
BAD = [
    ("noop", {"steps": 1e30}, "steps", "must be an integer from 0 to 1000"),
    ("noop", {"steps": 10**9}, "steps", "from 0 to 1000"),
    ("noop", {"steps": True}, "steps", "must be an integer"),
    ("noop", {"fail": "x" * 501}, "fail", "at most 500 characters"),
    ("prices_sync", {"page_size": "big"}, "page_size", "must be an integer from 1 to 1000"),
    ("prices_sync", {"page_size": 0}, "page_size", "from 1 to 1000"),
    ("orders_import", {"since": "yesterday"}, "since", "ISO 8601"),
    ("orders_import", {"since": "2026-01-01T00:00:00"}, "since", "time zone"),
    ("orders_import", {"lookback_hours": float("inf")}, "lookback_hours", "must be a number"),
    ("orders_import", {"concurrency": 500}, "concurrency", "from 1 to 32"),
    ("products_sync", {"add_mapped": "no"}, "add_mapped", "true or false"),
    ("noop", {"colour": "red"}, "colour", "unknown option for flow noop"),
]
IDS = [f"{flow}-{name}" for flow, _v, name, _m in BAD]


def test_every_flow_declares_typed_options():
    for flow in all_flows():
        assert isinstance(flow.options, OptionSet), flow.name


@pytest.mark.parametrize("flow, options, name, words", BAD, ids=IDS)
def test_validate_options_names_the_bad_option_and_its_bounds(flow, options, name, words):
    with pytest.raises(InvalidOptions) as refused:
        validate_options(get_flow(flow), options)
    assert words in refused.value.errors[name]


def test_good_options_pass_unchanged():
    good = {"since": "2026-01-01T00:00:00Z", "lookback_hours": 48, "concurrency": 4, "max_error_reports": None}
    assert validate_options(get_flow("orders_import"), good) == good


@pytest.fixture
def operator() -> Client:
    user = User.objects.create_user("options-operator", password=PASSWORD, is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=[
        "view_sync", "trigger_sync", "view_flower", "control_flower"]))
    client = Client()
    client.defaults["HTTP_AUTHORIZATION"] = "Basic " + base64.b64encode(
        f"options-operator:{PASSWORD}".encode()).decode()
    return client


@pytest.mark.parametrize("flow, options, name, words", BAD, ids=IDS)
def test_rest_api_answers_400_naming_the_option(operator, flow, options, name, words):
    body = json.dumps({"channel_id": 1, "kwargs": options}, allow_nan=True).replace("Infinity", "1e999")
    response = operator.post(f"/api/v1/flows/{flow}/runs/", body, content_type="application/json")
    assert response.status_code == 400
    assert words in response.json()["kwargs"][name][0]


@pytest.mark.parametrize("flow, options, name, words", BAD, ids=IDS)
def test_flower_task_apply_answers_400_naming_the_option(operator, settings, flow, options, name, words):
    settings.FLOWER_URL = "http://127.0.0.1:9"  # a body that passed would answer 502
    body = json.dumps({"args": [], "kwargs": {"channel_id": 1, **options}}).replace("Infinity", "1e999")
    for action in ("apply", "async-apply", "send-task"):
        response = operator.post(f"/flower/api/task/{action}/channel.{flow}", body, content_type="application/json")
        assert response.status_code == 400, action
        assert words in response.json()["error"] and name in response.json()["error"]


def test_flower_task_apply_lets_good_options_and_other_tasks_through(operator, settings):
    settings.FLOWER_URL = "http://127.0.0.1:9"
    good = operator.post("/flower/api/task/async-apply/channel.noop", json.dumps({"kwargs": {"steps": 3}}),
                         content_type="application/json")
    other = operator.post("/flower/api/task/async-apply/celery.backend_cleanup", json.dumps({"args": [1]}),
                          content_type="application/json")
    assert good.status_code == other.status_code == 502  # checked, then sent on (nothing listens)
    positional = operator.post("/flower/api/task/async-apply/channel.noop", json.dumps({"args": [1]}),
                               content_type="application/json")
    assert positional.status_code == 400 and "positional" in positional.json()["error"]


@pytest.mark.parametrize("flow, options, name, words", BAD, ids=IDS)
def test_periodic_task_admin_form_refuses_the_option(flow, options, name, words):
    every = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.MINUTES)
    form = SyncPeriodicTaskForm(data={
        "name": "row", "task": f"channel.{flow}", "enabled": "on", "interval": every.pk, "args": "[]",
        "kwargs": json.dumps(options).replace("Infinity", "1e999"), "headers": "{}", "description": ""})
    assert not form.is_valid()
    assert any(message.startswith(f"{name}: ") and words in message for message in form.errors["kwargs"])


@pytest.mark.parametrize("flow, options, name, words", BAD, ids=IDS)
def test_sync_command_raises_command_error_naming_the_option(flow, options, name, words):
    args = [f"--option={key}={json.dumps(value).replace('Infinity', '1e999')}" for key, value in options.items()]
    with pytest.raises(CommandError) as refused:
        call_command("sync", flow, "--channel", "1", *args)
    assert f"{name}: " in str(refused.value) and words in str(refused.value)
