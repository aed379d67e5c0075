"""PeriodicTask admin: flows by name, kwargs validated against the flow, Run now respects the lock."""
from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from channel.admin_beat import SyncPeriodicTaskForm
from channel.locks import flow_lock

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/django_celery_beat/periodictask/"


@pytest.fixture
def every_minute() -> IntervalSchedule:
    return IntervalSchedule.objects.create(every=1, period=IntervalSchedule.MINUTES)


def form(every_minute, task="channel.prices_sync", kwargs='{"channel_id": 1}', args="[]") -> SyncPeriodicTaskForm:
    return SyncPeriodicTaskForm(data={
        "name": "row", "task": task, "enabled": "on", "interval": every_minute.pk, "args": args,
        "kwargs": kwargs, "headers": "{}", "description": ""})


def test_task_field_offers_the_registered_syncs_by_name(every_minute):
    choices = dict(form(every_minute).fields["task"].choices)
    assert choices["channel.products_sync"].startswith("products_sync — ")
    assert "channel.noop" in choices and "celery.backend_cleanup" not in choices


def test_valid_row_is_accepted(every_minute):
    accepted = form(every_minute, kwargs='{"channel_id": 1, "dry_run": true, "page_size": 50}')
    assert accepted.is_valid(), accepted.errors
    assert accepted.cleaned_data["task"] == "channel.prices_sync"


def test_product_row_accepts_add_mapped(every_minute):
    accepted = form(every_minute, task="channel.products_sync", kwargs='{"channel_id": 1, "add_mapped": false}')
    assert accepted.is_valid(), accepted.errors


@pytest.mark.parametrize("task, kwargs, args, field, message", [
    ("channel.nope", "{}", "[]", "task", "Select a valid choice"),
    ("channel.prices_sync", '{"channel_id": 99}', "[]", "kwargs", "Channel 99 is not configured"),
    ("channel.prices_sync", '{"channel_id": "1"}', "[]", "kwargs", "is not configured"),
    ("channel.prices_sync", '{"colour": "red"}', "[]", "kwargs", "colour: unknown option for flow prices_sync"),
    ("channel.prices_sync", '{"dry_run": "yes"}', "[]", "kwargs", "dry_run must be true or false"),
    ("channel.products_sync", '{"add_mapped": "false"}', "[]", "kwargs", "add_mapped: must be true or false"),
    ("channel.prices_sync", '{"add_mapped": false}', "[]", "kwargs", "add_mapped: unknown option for flow prices_sync"),
    ("channel.prices_sync", "[1]", "[]", "kwargs", "must be a JSON object"),
    ("channel.prices_sync", "{}", "[1]", "args", "no positional arguments"),
])
def test_bad_rows_are_form_errors(every_minute, task, kwargs, args, field, message):
    rejected = form(every_minute, task=task, kwargs=kwargs, args=args)
    assert not rejected.is_valid()
    assert message in " ".join(rejected.errors.get(field, [])), rejected.errors


def test_existing_row_of_another_task_keeps_its_choice(every_minute):
    row = PeriodicTask.objects.create(name="cleanup", task="celery.backend_cleanup", interval=every_minute)
    edit = SyncPeriodicTaskForm(instance=row)
    assert ("celery.backend_cleanup", "celery.backend_cleanup") in edit.fields["task"].choices


def test_add_page_renders_with_the_task_select(admin_client):
    page = admin_client.get(CHANGELIST + "add/").content.decode()
    assert 'name="task"' in page and "products_sync — " in page and 'name="regtask"' not in page


def run_now(client, *rows: PeriodicTask):
    return client.post(CHANGELIST, {"action": "run_tasks", "_selected_action": [row.pk for row in rows]}, follow=True)


def test_run_now_action_queues_through_the_lock_check(admin_client, every_minute, django_capture_on_commit_callbacks):
    free = PeriodicTask.objects.create(name="free", task="channel.prices_sync", interval=every_minute,
                                       kwargs=json.dumps({"channel_id": 1, "dry_run": True}))
    busy = PeriodicTask.objects.create(name="busy", task="channel.stocks_sync", interval=every_minute,
                                       kwargs=json.dumps({"channel_id": 1}))
    with flow_lock("stocks_sync", 1, token="busy-id"), django_capture_on_commit_callbacks() as callbacks:
        page = run_now(admin_client, free, busy).content.decode()
    assert "Queued a dry run of prices_sync for channel 1 as" in page
    assert "Not started: stocks_sync for channel 1 is already running as busy-id" in page
    assert len(callbacks) == 1


def test_run_now_action_is_offered_only_with_the_trigger_permission(admin_client, every_minute):
    PeriodicTask.objects.create(name="listed", task="channel.noop", interval=every_minute)
    user = User.objects.create_user("beat-viewer", password="pw", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_periodictask", "change_periodictask"]))
    client = Client()
    client.force_login(user)
    page = client.get(CHANGELIST).content.decode()
    assert 'value="enable_tasks"' in page and 'value="run_tasks"' not in page
    assert 'value="run_tasks"' in admin_client.get(CHANGELIST).content.decode()
