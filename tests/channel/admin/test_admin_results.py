"""TaskResult admin: filters by flow, channel, state and date; pretty JSON; traceback; search by id."""
from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.utils import timezone
from django_celery_results.models import TaskResult

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/django_celery_results/taskresult/"


@pytest.fixture
def results(db) -> dict[str, TaskResult]:
    def make(task_id, task, status, channel, result, traceback=None, kwargs_form="json"):
        kwargs = json.dumps({"channel_id": channel}) if kwargs_form == "json" else repr({"channel_id": channel})
        return TaskResult.objects.create(task_id=task_id, task_name=task, status=status, traceback=traceback,
                                         task_kwargs=json.dumps(kwargs), result=json.dumps(result))

    return {
        "ok": make("aaaa-ok", "channel.noop", "SUCCESS", 1, {"fetched": 7, "sent": 7, "failed": 0}),
        "two": make("bbbb-two", "channel.noop", "SUCCESS", 12, {"fetched": 1}, kwargs_form="repr"),
        "bad": make("cccc-bad", "channel.prices_sync", "FAILURE", 1, {"exc_type": "ServerError", "exc_message": []},
                    traceback="Traceback (most recent call last):\n  ServerError: 500"),
    }


def listed(client, query: str) -> set[str]:
    page = client.get(CHANGELIST + query).content.decode()
    return {task_id for task_id in ("aaaa-ok", "bbbb-two", "cccc-bad") if task_id in page}


def test_filters_by_flow_channel_state(admin_client, results, settings):
    settings.SYNC_CHANNEL_IDS = [12]
    assert listed(admin_client, "?flow=noop") == {"aaaa-ok", "bbbb-two"}
    assert listed(admin_client, "?channel=1") == {"aaaa-ok", "cccc-bad"}
    assert listed(admin_client, "?channel=12") == {"bbbb-two"}
    assert listed(admin_client, "?status__exact=FAILURE") == {"cccc-bad"}
    year = timezone.localtime(results["ok"].date_done).year
    assert listed(admin_client, f"?date_done__year={year}") == {"aaaa-ok", "bbbb-two", "cccc-bad"}
    assert listed(admin_client, f"?date_done__year={year - 1}") == set()


def test_search_by_task_id_prefix(admin_client, results):
    assert listed(admin_client, "?q=bbbb") == {"bbbb-two"}


def test_list_shows_the_summary_counts(admin_client, results):
    assert "fetched=7 sent=7 failed=0" in admin_client.get(CHANGELIST).content.decode()


def test_detail_shows_pretty_json_and_flower_link(admin_client, results):
    page = admin_client.get(f"{CHANGELIST}{results['ok'].pk}/change/").content.decode()
    assert "&quot;fetched&quot;: 7,\n" in page
    assert "/flower/task/aaaa-ok" in page


def test_detail_shows_the_traceback_of_a_failure(admin_client, results):
    page = admin_client.get(f"{CHANGELIST}{results['bad'].pk}/change/").content.decode()
    assert "Traceback (most recent call last):" in page and "ServerError: 500" in page


def test_viewing_results_needs_the_view_permission(results):
    user = User.objects.create_user("reader", password="pw", is_staff=True)
    client = Client()
    client.force_login(user)
    assert client.get(CHANGELIST).status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="view_taskresult"))
    assert client.get(CHANGELIST).status_code == 200


def test_detail_shows_the_stored_json_once_after_a_summary_panel(admin_client, results, settings):
    results["ok"].result = json.dumps({"fetched": 7, "sent": 7, "succeeded": 6, "failed": 1, "duration_s": 2.5,
                                       "requests": {"omnitron": 3, "marketplace": 2}, "notes": ["resumed 1 batch"],
                                       "errors": [{"object_id": 42, "reason": "brand missing"}]})
    results["ok"].save()
    page = admin_client.get(f"{CHANGELIST}{results['ok'].pk}/change/").content.decode()
    assert page.count("&quot;fetched&quot;: 7") == 1
    panel = page[page.index('class="run-facts"'):]
    for text in ("succeeded <strong>6</strong>", "omnitron 3", "2.50 s", "resumed 1 batch", "42: brand missing",
                 settings.TIME_ZONE):
        assert text in panel, text
    assert "in UTC" not in page


def test_failure_reason_is_one_line_in_the_list_and_the_panel(admin_client, results):
    results["bad"].result = json.dumps({"exc_type": "ServerError", "exc_message": ["Omnitron answered 500\nat /x"]})
    results["bad"].save()
    listing = admin_client.get(CHANGELIST).content.decode()
    assert '<small class="failure-reason">ServerError: Omnitron answered 500</small>' in listing
    page = admin_client.get(f"{CHANGELIST}{results['bad'].pk}/change/").content.decode()
    assert '<td class="failure-reason">ServerError: Omnitron answered 500</td>' in page


def test_dry_runs_are_marked_and_show_what_they_would_send(admin_client, results):
    results["ok"].result = json.dumps({"fetched": 2, "sent": 0, "dry_run": True, "would_send": 2,
                                       "samples": [{"barcode": "B-1", "quantity": 4}]})
    results["ok"].save()
    assert 'class="dry-run-badge"' in admin_client.get(CHANGELIST + "?flow=noop").content.decode()
    page = admin_client.get(f"{CHANGELIST}{results['ok'].pk}/change/").content.decode()
    assert "would send <strong>2</strong>" in page and "&quot;barcode&quot;: &quot;B-1&quot;" in page


def test_list_names_the_time_zone_and_shortens_task_ids(admin_client, results, settings):
    page = admin_client.get(CHANGELIST).content.decode()
    assert f"({settings.TIME_ZONE})" in page
    assert '<span title="aaaa-ok">aaaa-ok…</span>' in page
