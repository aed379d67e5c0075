"""Every admin action needs a permission of its model; a view-only user cannot change schedules."""
from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission, User
from django.test import Client
from django_celery_beat.models import IntervalSchedule, PeriodicTask

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/django_celery_beat/periodictask/"
# Actions that do not change their model and need another permission instead (they are listed
# in the auth matrix with that permission): Run now queues a run, like the dashboard's button.
NOT_CHANGING = {("django_celery_beat", "periodictask", "run_tasks"): ["trigger"]}


def staff_with(*codenames: str) -> Client:
    user = User.objects.create_user("staff", password="pw-staff-1", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def enabled_task() -> PeriodicTask:
    every = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.MINUTES)
    return PeriodicTask.objects.create(name="row", task="channel.noop", interval=every, enabled=True)


@pytest.mark.parametrize("action", ["disable_tasks", "toggle_tasks"])
def test_view_only_user_cannot_disable_schedules(enabled_task, action):
    client = staff_with("view_periodictask")
    response = client.post(CHANGELIST, {"action": action, "_selected_action": [enabled_task.pk]}, follow=True)
    assert response.status_code == 200
    enabled_task.refresh_from_db()
    assert enabled_task.enabled is True


def test_view_only_user_is_not_offered_the_changing_actions(enabled_task):
    page = staff_with("view_periodictask").get(CHANGELIST).content.decode()
    for action in ("enable_tasks", "disable_tasks", "toggle_tasks", "delete_selected"):
        assert f'value="{action}"' not in page


def test_user_with_change_permission_disables(enabled_task):
    client = staff_with("view_periodictask", "change_periodictask")
    client.post(CHANGELIST, {"action": "disable_tasks", "_selected_action": [enabled_task.pk]})
    enabled_task.refresh_from_db()
    assert enabled_task.enabled is False


def registered_actions():
    for model, model_admin in admin.site._registry.items():
        for func, name, _description in model_admin._get_base_actions():
            yield model._meta.app_label, model._meta.model_name, name, func


@pytest.mark.parametrize("app, model, name, func", list(registered_actions()),
                         ids=lambda value: value if isinstance(value, str) else "")
def test_every_admin_action_declares_the_permission_it_needs(app, model, name, func):
    """Django offers an action without `allowed_permissions` to anyone who may view the list."""
    expected = NOT_CHANGING.get((app, model, name))
    granted = set(getattr(func, "allowed_permissions", ()))
    if expected is not None:
        assert granted == set(expected)
    elif name == "delete_selected":
        assert granted == {"delete"}
    else:
        assert granted == {"change"}, f"{app}.{model} action {name} needs permissions=['change']"
