"""The Sync dashboard: listed in the admin index, rows per flow and channel, Run now on a real worker."""
from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django_celery_results.models import TaskResult

from channel.locks import flow_lock
from tests.fixtures.processes import wait_until

DASHBOARD = "/admin/channel/dashboard/"
RUN = "/admin/channel/dashboard/run/"


def staff(name: str, *perms: str) -> Client:
    user = User.objects.create_user(name, password="pw", is_staff=True)
    for perm in perms:
        app, codename = perm.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app, codename=codename))
    client = Client()
    client.force_login(user)
    return client


def queued_task_id(response) -> str:
    text = " ".join(str(message) for message in response.context["messages"])
    match = re.search(r"Queued noop for channel 1 as ([0-9a-f-]{36})", text)
    assert match, text
    return match.group(1)


def row_html(page: str, flow: str, channel: int) -> str:
    match = re.search(rf'<tr[^>]*data-flow="{flow}" data-channel="{channel}">(.*?)</tr>', page, re.S)
    assert match, f"no row for {flow} / {channel}"
    return match.group(1)


@pytest.mark.django_db
def test_dashboard_is_in_the_admin_index_for_viewers(admin_client):
    index = admin_client.get("/admin/").content.decode()
    assert DASHBOARD in index
    viewer = staff("viewer", "channel.view_sync")
    assert DASHBOARD in viewer.get("/admin/").content.decode()
    assert viewer.get(DASHBOARD).status_code == 200


@pytest.mark.django_db
def test_dashboard_needs_the_view_permission(db):
    outsider = staff("outsider")
    assert outsider.get(DASHBOARD).status_code == 403
    assert DASHBOARD not in outsider.get("/admin/").content.decode()


@pytest.mark.django_db
def test_dashboard_has_one_row_per_flow_and_channel(admin_client, settings):
    settings.SYNC_CHANNEL_IDS = [2]
    page = admin_client.get(DASHBOARD).content.decode()
    for channel in (1, 2):
        assert "Run now" in row_html(page, "products_sync", channel)
    assert "Dry run" in row_html(page, "noop", 1)


@pytest.mark.django_db
def test_viewer_sees_no_buttons_and_cannot_post_a_run(db, django_capture_on_commit_callbacks):
    viewer = staff("viewer", "channel.view_sync")
    assert "Run now" not in viewer.get(DASHBOARD).content.decode()
    with django_capture_on_commit_callbacks() as callbacks:
        assert viewer.post(RUN, {"flow": "noop", "channel_id": "1"}).status_code == 403
    assert callbacks == []


@pytest.mark.django_db
def test_run_is_post_only_and_csrf_protected(admin_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    assert client.get(RUN).status_code == 405
    assert client.post(RUN, {"flow": "noop", "channel_id": "1"}).status_code == 403


@pytest.mark.django_db
def test_dry_run_button_queues_a_dry_run(admin_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        response = admin_client.post(RUN, {"flow": "noop", "channel_id": "1", "dry_run": "1"}, follow=True)
    assert "Queued a dry run of noop for channel 1 as " in response.content.decode()
    assert len(callbacks) == 1


@pytest.mark.django_db
def test_unknown_flow_or_channel_is_refused_with_a_message(admin_client):
    response = admin_client.post(RUN, {"flow": "nope", "channel_id": "1"}, follow=True)
    assert "Unknown flow or channel" in response.content.decode()
    response = admin_client.post(RUN, {"flow": "noop", "channel_id": "77"}, follow=True)
    assert "Channel 77 is not configured" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_run_now_runs_on_a_real_worker_and_the_dashboard_shows_it_finished(admin_client, celery_worker):
    response = admin_client.post(RUN, {"flow": "noop", "channel_id": "1", "dry_run": "0"}, follow=True)
    task_id = queued_task_id(response)
    wait_until(lambda: TaskResult.objects.filter(task_id=task_id, status="SUCCESS").exists(), 30, "the run")
    row = row_html(admin_client.get(DASHBOARD).content.decode(), "noop", 1)
    assert "SUCCESS" in row and f"/flower/task/{task_id}" in row
    assert "fetched=0 sent=0 succeeded=0 failed=0 errors=0" in row


@pytest.mark.django_db(transaction=True)
def test_run_now_while_a_run_holds_the_lock_is_reported_as_skipped(admin_client, celery_worker, settings):
    settings.SYNC_CHANNEL_IDS = [7]  # a channel no other test's runs use
    with flow_lock("noop", 7, token="running-task-id"):
        page = admin_client.get(DASHBOARD).content.decode()
        assert "/flower/task/running-task-id" in row_html(page, "noop", 7)
        response = admin_client.post(RUN, {"flow": "noop", "channel_id": "7"}, follow=True)
    assert "Not started: noop for channel 7 is already running as running-task-id" in response.content.decode()
    assert not TaskResult.objects.filter(task_name="channel.noop", status="SKIPPED").exists()
