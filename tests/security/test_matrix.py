"""The auth matrix: every kind of caller against every surface, with the status each must get.

Surfaces are the project's URL patterns (walked from the root URLconf) and every admin action.
A pattern or an action without a row fails `test_every_url_pattern_has_a_row` /
`test_every_admin_action_has_a_row`: a new surface cannot ship without saying who may use it.

Rows outside admin list the expected status per caller literally. Admin model URLs follow one
rule per view kind (changelist/add/change/history/delete), driven by the permissions each test
caller is given below and by each model's row in ADMIN_MODELS. "Let through" on the /flower/
proxy shows as 502: Flower is pointed at a closed port, so a request that passed every check
fails only at the upstream.
"""
from __future__ import annotations

import base64
from dataclasses import dataclass, field

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver
from django_celery_beat.models import (
    ClockedSchedule, CrontabSchedule, IntervalSchedule, PeriodicTask, SolarSchedule)
from django_celery_results.models import GroupResult, TaskResult

from django.utils import timezone

from channel.api.auth import forget
from channel.models import ChannelMarketplace, WebhookEvent, WebhookSubscription
from proxy.auth import forget_permissions
from security.models import ApiToken

pytestmark = pytest.mark.django_db

PASSWORD = "matrix-right-password"
BEAT = ("periodictask", "intervalschedule", "crontabschedule", "solarschedule", "clockedschedule")


@dataclass
class Principal:
    """A kind of caller: how it authenticates and which permissions its user holds."""

    auth: str  # none | basic | wrong | token | session
    staff: bool = False
    superuser: bool = False
    perms: tuple[str, ...] = ()  # "app_label.codename"
    user: User | None = field(default=None, repr=False)
    token: str = ""


def every_view_permission() -> tuple[str, ...]:
    models = ("auth.group", "auth.user", *(f"django_celery_beat.{m}" for m in BEAT),
              "django_celery_results.taskresult", "django_celery_results.groupresult", "security.apitoken",
              "channel.channelmarketplace")
    return tuple(f"{m.split('.')[0]}.view_{m.split('.')[1]}" for m in models)


SYNC_AND_FLOWER = ("channel.view_sync", "channel.trigger_sync", "proxy.view_flower", "proxy.control_flower")
OPERATOR = (*every_view_permission(), *(f"django_celery_beat.change_{m}" for m in BEAT), *SYNC_AND_FLOWER)

PRINCIPALS = {
    "anonymous": Principal("none"),
    "wrong_password": Principal("wrong", staff=True, superuser=True),
    "token_nobody": Principal("token"),
    "token_operator": Principal("token", perms=("channel.view_sync", "channel.trigger_sync")),
    "basic_clerk": Principal("basic", perms=SYNC_AND_FLOWER),  # right password, not staff
    "basic_staff": Principal("basic", staff=True, perms=SYNC_AND_FLOWER),
    "session_nonstaff": Principal("session", perms=SYNC_AND_FLOWER),
    "staff_bare": Principal("session", staff=True),
    "staff_viewer": Principal("session", staff=True,
                              perms=(*every_view_permission(), "channel.view_sync", "proxy.view_flower")),
    "staff_operator": Principal("session", staff=True, perms=OPERATOR),
    "superuser": Principal("session", staff=True, superuser=True),
}
NAMES = list(PRINCIPALS)


def row(**cells: int) -> dict[str, int]:
    """A row: `default=` for every caller not named."""
    default = cells.pop("default", None)
    filled = {name: cells.get(name, default) for name in NAMES}
    assert None not in filled.values(), f"row misses {[n for n, v in filled.items() if v is None]}"
    return filled


# Callers no password check lets in: the same answer on every Basic-protected surface.
REFUSED_BASIC = {"wrong_password": 401, "basic_clerk": 401}
FLOWER_READ = row(anonymous=401, token_nobody=401, token_operator=401, session_nonstaff=403, staff_bare=403,
                  **REFUSED_BASIC, default=502)
FLOWER_ACTION = {**FLOWER_READ, "staff_viewer": 403}
API_READ = row(anonymous=401, token_nobody=403, staff_bare=403, **REFUSED_BASIC, default=200)

# (method, path, body) -> row, grouped by the URL pattern they exercise.
ROUTES: dict[str, list[tuple[str, str, dict | None, dict[str, int]]]] = {
    "healthz": [("GET", "/healthz", None, row(default=200))],
    "flower": [("GET", "/flower", None, row(default=302))],  # a redirect to /flower/, nothing else
    "^flower/(?P<subpath>.*)$": [
        ("GET", "/flower/api/workers", None, FLOWER_READ),
        ("GET", "/flower/tasks", None, {**FLOWER_READ, "anonymous": 302}),  # a browser goes to the login page
        ("GET", "/flower/metrics", None, {**FLOWER_READ, "anonymous": 302}),
        ("POST", "/flower/api/task/async-apply/channel.noop", {}, FLOWER_ACTION),
        ("POST", "/flower/api/worker/shutdown/w1", {}, FLOWER_ACTION),
    ],
    "api/v1/flows/": [("GET", "/api/v1/flows/", None, API_READ)],
    "api/v1/flows/<str:flow>/runs/": [("POST", "/api/v1/flows/noop/runs/", {"channel_id": 1}, row(
        anonymous=401, token_nobody=403, staff_bare=403, staff_viewer=403, **REFUSED_BASIC, default=202))],
    "api/v1/runs/<str:task_id>/": [("GET", "/api/v1/runs/no-such-run/", None,
                                    {**API_READ, **{k: 404 for k, v in API_READ.items() if v == 200}})],
    # The order webhook receiver answers only the marketplace's credentials for that channel (no login).
    "hooks/orders/<int:channel_id>/": [("POST", "/hooks/orders/1/", {}, row(default=401))],
    "api/v1/schema/": [("GET", "/api/v1/schema/", None, row(anonymous=401, **REFUSED_BASIC, default=200))],
    # The schema's reading page: a browser that is not let in is sent to the admin login.
    "api/v1/docs/": [("GET", "/api/v1/docs/", None, row(anonymous=302, wrong_password=302, basic_clerk=302,
                                                         default=200))],
}

# Admin: callers without a staff session are sent to the login page from every admin view.
NO_ADMIN = ("anonymous", "wrong_password", "token_nobody", "token_operator", "basic_clerk", "basic_staff",
            "session_nonstaff")


@dataclass(frozen=True)
class AdminModel:
    """How a registered model's admin answers: which view kinds exist and what they need."""

    can_add: bool = True  # False: the admin refuses to add, whoever asks
    kinds: tuple[str, ...] = ("changelist", "add", "change", "history", "delete", "object")


ADMIN_MODELS = {
    "auth.group": AdminModel(),
    "auth.user": AdminModel(),
    **{f"django_celery_beat.{m}": AdminModel() for m in BEAT},
    "django_celery_results.groupresult": AdminModel(),
    "django_celery_results.taskresult": AdminModel(can_add=False),  # results come from workers only
    "security.apitoken": AdminModel(can_add=False),  # keys are made by create_api_token, shown once
    "channel.dashboard": AdminModel(kinds=("changelist",)),  # table-less: the dashboard page only
    "channel.channelmarketplace": AdminModel(),
    "channel.webhooksubscription": AdminModel(),
    "channel.webhookevent": AdminModel(can_add=False),  # events come from the marketplace only
}
# Admin URLs that belong to no model view kind: (method, path) -> row. Staff get 200 where Django
# serves the page to any staff user.
STAFF_PAGE = row(**{name: 302 for name in NO_ADMIN}, default=200)
ADMIN_SITE = {
    "admin:index": ("GET", "/admin/", STAFF_PAGE),
    "admin:login": ("GET", "/admin/login/", row(staff_bare=302, staff_viewer=302, staff_operator=302,
                                                superuser=302, default=200)),
    "admin:logout": ("GET", "/admin/logout/", row(**{name: 302 for name in NO_ADMIN}, default=405)),  # POST only
    "admin:password_change": ("GET", "/admin/password_change/", STAFF_PAGE),
    "admin:password_change_done": ("GET", "/admin/password_change/done/", STAFF_PAGE),
    "admin:jsi18n": ("GET", "/admin/jsi18n/", STAFF_PAGE),
    "admin:autocomplete": ("GET", "/admin/autocomplete/", {**STAFF_PAGE, **{
        name: 403 for name in ("staff_bare", "staff_viewer", "staff_operator", "superuser")}}),  # no field named
    "admin:view_on_site": ("GET", "/admin/r/1/1/", {**STAFF_PAGE, **{
        name: 404 for name in ("staff_bare", "staff_viewer", "staff_operator", "superuser")}}),
    "admin:app_list": ("GET", "/admin/django_celery_beat/", {**STAFF_PAGE, "staff_bare": 404}),
    "admin:": ("GET", "/admin/no-such-page/", {**STAFF_PAGE, **{
        name: 404 for name in ("staff_bare", "staff_viewer", "staff_operator", "superuser")}}),
    "admin:channel_dashboard_live": ("GET", "/admin/channel/dashboard/live/", {**STAFF_PAGE, **{
        "staff_bare": 403}}),  # the dashboard's own permission (channel.view_sync)
    "admin:channel_dashboard_run": ("POST", "/admin/channel/dashboard/run/", {**STAFF_PAGE, **{
        "staff_bare": 403, "staff_viewer": 403, "staff_operator": 302, "superuser": 302}}),
    "admin:auth_user_password_change": ("GET", "/admin/auth/user/{user}/password/", {**STAFF_PAGE, **{
        "staff_bare": 403, "staff_viewer": 403, "staff_operator": 403, "superuser": 200}}),
}

# Every admin action: the permission it needs (Django offers it only to holders).
ACTIONS = {
    **{(model, "delete_selected"): "delete" for model in ADMIN_MODELS},
    ("django_celery_beat.periodictask", "enable_tasks"): "change",
    ("django_celery_beat.periodictask", "disable_tasks"): "change",
    ("django_celery_beat.periodictask", "toggle_tasks"): "change",
    ("django_celery_beat.periodictask", "run_tasks"): "channel.trigger_sync",
    ("channel.webhooksubscription", "register_webhooks"): "change",
    ("channel.webhooksubscription", "deactivate_webhooks"): "change",
    ("channel.webhooksubscription", "remove_webhooks"): "change",
}


def walk(patterns, prefix: str = "", namespace: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}".strip(":") if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), f"{namespace}:{pattern.name or ''}" if namespace else pattern.name


def model_view(name: str) -> tuple[str, str] | None:
    """`admin:auth_user_change` -> ("auth.user", "change"), for the registered models' view kinds."""
    for label in ADMIN_MODELS:
        stem = "admin:" + label.replace(".", "_") + "_"
        if name.startswith(stem) and name[len(stem):] in ("changelist", "add", "change", "history", "delete"):
            return label, name[len(stem):]
    return None


def test_every_url_pattern_has_a_row():
    missing = []
    for route, name in walk(get_resolver().url_patterns):
        if route.startswith("admin/"):
            known = name in ADMIN_SITE or model_view(name) is not None or (
                route.endswith("<path:object_id>/") and any(
                    route == f"admin/{label.replace('.', '/')}/<path:object_id>/" for label in ADMIN_MODELS))
        else:
            known = route in ROUTES
        if not known:
            missing.append(f"{route} ({name})")
    assert not missing, f"give these surfaces a row in the auth matrix: {missing}"


def test_every_registered_admin_model_has_a_row():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == set(ADMIN_MODELS), f"rows missing: {registered - set(ADMIN_MODELS)}"


def test_every_admin_action_has_a_row():
    registered = {(model._meta.label_lower, name) for model, model_admin in admin.site._registry.items()
                  for _func, name, _description in model_admin._get_base_actions()}
    assert registered == set(ACTIONS), f"rows missing: {registered - set(ACTIONS)}; stale: {set(ACTIONS) - registered}"


# --- the callers and the requests ---------------------------------------------------------------

@pytest.fixture
def principals(settings) -> dict[str, Principal]:
    settings.FLOWER_URL = "http://127.0.0.1:9"  # nothing listens: a let-through request answers 502
    forget()
    forget_permissions()
    made = {}
    for name, spec in PRINCIPALS.items():
        user = User.objects.create_user(f"m-{name}", password=PASSWORD, is_staff=spec.staff,
                                        is_superuser=spec.superuser)
        for perm in spec.perms:
            app, codename = perm.split(".")
            user.user_permissions.add(Permission.objects.get(content_type__app_label=app, codename=codename))
        token = ApiToken.objects.issue(user)[1] if spec.auth == "token" else ""
        made[name] = Principal(spec.auth, spec.staff, spec.superuser, spec.perms, user, token)
    yield made
    forget()
    forget_permissions()


def client_for(principal: Principal) -> Client:
    client = Client(REMOTE_ADDR="10.20.30.40")
    username = principal.user.username
    if principal.auth in ("basic", "wrong"):
        password = PASSWORD if principal.auth == "basic" else "not-the-password"
        client.defaults["HTTP_AUTHORIZATION"] = "Basic " + base64.b64encode(
            f"{username}:{password}".encode()).decode()
    elif principal.auth == "token":
        client.defaults["HTTP_AUTHORIZATION"] = f"Token {principal.token}"
    elif principal.auth == "session":
        client.force_login(principal.user)
    return client


def request(client: Client, method: str, path: str, body: dict | None) -> int:
    if method == "POST":
        return client.post(path, body or {}, content_type="application/json").status_code
    return client.get(path).status_code


def check(cells: dict[str, int], principals: dict[str, Principal], method: str, path: str,
          body: dict | None = None) -> list[str]:
    wrong = []
    for name, expected in cells.items():
        got = request(client_for(principals[name]), method, path, body)
        if got != expected:
            wrong.append(f"{name} {method} {path}: {got}, expected {expected}")
    return wrong


def test_routes_outside_admin(principals):
    wrong = []
    for cases in ROUTES.values():
        for method, path, body, cells in cases:
            wrong += check(cells, principals, method, path, body)
    assert not wrong, "\n".join(wrong)


def test_admin_site_pages(principals):
    wrong = []
    for method, path, cells in ADMIN_SITE.values():
        form = {"flow": "noop", "channel_id": "1"} if method == "POST" else None
        path = path.format(user=principals["staff_bare"].user.pk)
        for name, expected in cells.items():
            client = client_for(principals[name])
            got = (client.post(path, form) if method == "POST" else client.get(path)).status_code
            if got != expected:
                wrong.append(f"{name} {method} {path}: {got}, expected {expected}")
    assert not wrong, "\n".join(wrong)


@pytest.fixture
def one_of_each(principals) -> dict[str, object]:
    every = IntervalSchedule.objects.create(every=5, period=IntervalSchedule.MINUTES)
    return {
        "auth.group": Group.objects.create(name="matrix"),
        "auth.user": principals["staff_bare"].user,
        "django_celery_beat.intervalschedule": every,
        "django_celery_beat.crontabschedule": CrontabSchedule.objects.create(minute="5"),
        "django_celery_beat.solarschedule": SolarSchedule.objects.create(event="sunrise", latitude=41, longitude=29),
        "django_celery_beat.clockedschedule": ClockedSchedule.objects.create(clocked_time="2030-01-01T00:00:00Z"),
        "django_celery_beat.periodictask": PeriodicTask.objects.create(name="m", task="channel.noop", interval=every),
        "django_celery_results.taskresult": TaskResult.objects.create(task_id="matrix-task", status="SUCCESS"),
        "django_celery_results.groupresult": GroupResult.objects.create(group_id="matrix-group"),
        "security.apitoken": ApiToken.objects.issue(principals["staff_bare"].user)[0],
        "channel.channelmarketplace": ChannelMarketplace.objects.create(channel_id=2, marketplace="hepsiburada"),
        "channel.webhooksubscription": WebhookSubscription.objects.create(channel_id=1, secret="matrix-secret"),
        "channel.webhookevent": WebhookEvent.objects.create(channel_id=1, package_id="1", status="Created",
                                                            modified_ms=1, body={}, received_at=timezone.now()),
    }


def expected_model_view(principal: Principal, label: str, kind: str) -> int:
    """The rule every admin model view follows, from the caller's declared permissions."""
    if principal.auth != "session" or not principal.staff:
        return 302  # to the login page
    if kind == "object":
        return 302  # `<id>/` redirects to `<id>/change/`
    app, model = label.split(".")

    def holds(action: str) -> bool:
        return principal.superuser or f"{app}.{action}_{model}" in principal.perms

    if label == "channel.dashboard":
        return 200 if holds("view") or "channel.view_sync" in principal.perms else 403
    if kind == "add":
        return 200 if ADMIN_MODELS[label].can_add and holds("add") else 403
    if kind == "delete":
        return 200 if holds("delete") else 403
    return 200 if holds("view") or holds("change") else 403


# Callers without a staff session all meet the same login redirect; two of them stand for the rest
# on the ~70 model URLs (the site pages and routes above take all eleven).
MODEL_VIEW_CALLERS = ("anonymous", "basic_staff", "session_nonstaff", "staff_bare", "staff_viewer",
                      "staff_operator", "superuser")


@pytest.mark.timeout(900)
def test_admin_model_views(principals, one_of_each):
    wrong = []
    for label, spec in ADMIN_MODELS.items():
        base = f"/admin/{label.replace('.', '/')}/"
        obj = one_of_each.get(label)
        for kind in spec.kinds:
            path = {"changelist": base, "add": base + "add/", "object": f"{base}{getattr(obj, 'pk', '')}/",
                    }.get(kind, f"{base}{getattr(obj, 'pk', '')}/{kind}/")
            for name in MODEL_VIEW_CALLERS:
                principal = principals[name]
                expected = expected_model_view(principal, label, kind)
                got = client_for(principal).get(path).status_code
                if got != expected:
                    wrong.append(f"{name} GET {path}: {got}, expected {expected}")
    assert not wrong, "\n".join(wrong)


def test_admin_actions_are_offered_only_to_holders_of_their_permission(principals):
    wrong = []
    for (label, action), needs in ACTIONS.items():
        model_admin = next(ma for m, ma in admin.site._registry.items() if m._meta.label_lower == label)
        for name, principal in principals.items():
            if principal.auth != "session" or not principal.staff:
                continue  # never reaches an admin view (test_admin_model_views)
            request = RequestFactory().get("/admin/")
            request.user = User.objects.get(pk=principal.user.pk)
            app, model = label.split(".")
            perm = needs if "." in needs else f"{app}.{needs}_{model}"
            expected = principal.superuser or perm in principal.perms
            if label == "channel.dashboard":
                expected = False  # the dashboard's changelist is its own page without actions
            offered = action in model_admin.get_actions(request) if label != "channel.dashboard" else False
            if offered != expected:
                wrong.append(f"{name}: {label} action {action} offered={offered}, expected {expected}")
    assert not wrong, "\n".join(wrong)
