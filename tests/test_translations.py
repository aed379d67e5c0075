"""Admin screens of our own speak English and Turkish; LANGUAGE_CODE or the browser chooses."""
import gettext
import re
from html.parser import HTMLParser
from pathlib import Path

import django
import pytest
from django.contrib.auth import get_user_model
from django.utils import translation
from django_celery_beat.models import PeriodicTask
from django_celery_results.models import TaskResult

from django.utils import timezone

from channel.models import WebhookEvent, WebhookSubscription
from security.models import ApiToken
from tests.fixtures.processes import ROOT

PO = ROOT / "locale" / "tr" / "LC_MESSAGES" / "django.po"


def test_every_string_of_ours_has_a_turkish_translation():
    entries = re.findall(r'\nmsgid ((?:".*"\n)+)msgstr ((?:".*"\n)+)', PO.read_text())
    untranslated = [msgid for msgid, msgstr in entries if msgid.strip() != '""' and msgstr.strip() == '""']
    assert entries and not untranslated, f"translate these in scripts/translate_tr.py: {untranslated}"


def test_turkish_catalogue_is_compiled_and_used():
    with translation.override("tr"):
        assert translation.gettext("Sync dashboard") == "Senkronizasyon paneli"


@pytest.mark.django_db
def test_dashboard_in_turkish_for_a_turkish_browser(client, static_root):
    user = get_user_model().objects.create_superuser("tr-admin", "", "pw")
    client.force_login(user)
    page = client.get("/admin/channel/dashboard/", HTTP_ACCEPT_LANGUAGE="tr")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Senkronizasyon paneli" in text and "Şimdi çalıştır" in text
    english = client.get("/admin/channel/dashboard/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Sync dashboard" in english.content.decode()


# --- The operator's path in Turkish: no English left on any admin screen they use ---------------

SITE = Path(django.__file__).parent.parent
CATALOGUES = [  # English source strings of every app whose screens the operator sees
    SITE / "django/contrib/admin/locale/tr/LC_MESSAGES/django.po",
    SITE / "django/contrib/admin/locale/tr/LC_MESSAGES/djangojs.po",
    SITE / "django/contrib/auth/locale/tr/LC_MESSAGES/django.po",
    SITE / "django_celery_beat/locale/de/LC_MESSAGES/django.po",
    SITE / "django_celery_results/locale/es/LC_MESSAGES/django.po",
    SITE / "rest_framework/locale/tr/LC_MESSAGES/django.mo",
    PO,
]
# Words that are the same in Turkish (names, units, codes) and never count as English left behind.
SAME_IN_TURKISH = {"Flower", "ID", "JSON", "Cron", "UTC", "API", "Django", "Token", "SUCCESS", "FAILURE",
                   "PENDING", "STARTED", "RETRY", "REVOKED", "PROGRESS", "SKIPPED", "Crontab", "OK", "-",
                   "URL", "Webhook", "HTTP Basic",
                   "ACTIVE", "PASSIVE", "Created"}  # the marketplace's own codes (webhook and package status)
PAGES = [
    "/admin/",
    "/admin/channel/dashboard/",
    "/admin/django_celery_beat/periodictask/",
    "/admin/django_celery_beat/periodictask/add/",
    "/admin/django_celery_beat/periodictask/{periodic}/change/",
    "/admin/django_celery_beat/intervalschedule/",
    "/admin/django_celery_beat/intervalschedule/add/",
    "/admin/django_celery_beat/crontabschedule/",
    "/admin/django_celery_beat/crontabschedule/add/",
    "/admin/django_celery_beat/clockedschedule/",
    "/admin/django_celery_beat/solarschedule/",
    "/admin/django_celery_results/taskresult/",
    "/admin/django_celery_results/taskresult/{result}/change/",
    "/admin/django_celery_results/taskresult/{failure}/change/",
    "/admin/django_celery_results/groupresult/",
    "/admin/security/apitoken/",
    "/admin/channel/webhooksubscription/",
    "/admin/channel/webhooksubscription/{webhook}/change/",
    "/admin/channel/webhookevent/",
]


def msgids(path: Path) -> list[str]:
    """The English source strings of a catalogue, read from its .po or, when only that ships, its .mo."""
    if path.suffix == ".mo":
        with path.open("rb") as compiled:
            keys = gettext.GNUTranslations(compiled)._catalog  # type: ignore[attr-defined]
        return [key if isinstance(key, str) else key[0] for key in keys]
    return ["".join(re.findall(r'"(.*)"', block)).replace('\\"', '"').replace("\\n", "\n")
            for block in re.findall(r'\nmsgid ((?:".*"\n)+)', path.read_text())]


def english_source_strings() -> set[str]:
    found: set[str] = set()
    for path in CATALOGUES:
        for text in msgids(path):
            text = text.split("\x04")[-1]  # drop a msgctxt
            if text and "%" not in text and "{" not in text:
                found.add(text.strip().rstrip(":").lower())
    return found


class VisibleText(HTMLParser):
    """Text nodes and the attributes a person reads (title, placeholder, button labels), scripts left out."""

    READ_ATTRIBUTES = ("title", "placeholder", "aria-label")  # not an icon's alt: Django's own says "Search"

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "pre", "textarea"):
            self.hidden += 1
        values = dict(attrs)
        self.texts += [values[name] or "" for name in self.READ_ATTRIBUTES if name in values]
        if tag == "input" and values.get("type") in ("submit", "button"):
            self.texts.append(values.get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "pre", "textarea"):
            self.hidden = max(0, self.hidden - 1)

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.texts.append(data)


def english_left(html: str, english: set[str]) -> set[str]:
    parser = VisibleText()
    parser.feed(html)
    left = set()
    for text in parser.texts:
        text = " ".join(text.split())
        # One or two letters say nothing about the language (a calendar's day initials: "S").
        if len(text) > 2 and text.rstrip(":") not in SAME_IN_TURKISH and text.rstrip(":").lower() in english:
            left.add(text)
    return left


@pytest.fixture
def operator_screens(db, settings):
    """A superuser, the seeded schedules, a finished and a failed run, an API token: every screen has rows."""
    from channel.schedules import seed

    settings.LANGUAGE_CODE = "tr"
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    seed()
    user = get_user_model().objects.create_superuser("operator", "", "pw")
    ApiToken.objects.issue(user)
    result = TaskResult.objects.create(task_id="ok-1", task_name="channel.noop", status="SUCCESS",
                                       task_kwargs='"{\\"channel_id\\": 1}"', result='{"fetched": 3, "sent": 3}')
    failure = TaskResult.objects.create(task_id="bad-1", task_name="channel.noop", status="FAILURE",
                                        task_kwargs='"{\\"channel_id\\": 1}"', traceback="Traceback: boom",
                                        result='{"exc_type": "RuntimeError", "exc_message": ["boom"]}')
    webhook = WebhookSubscription.objects.create(channel_id=1, secret="s" * 43, remote_status="ACTIVE",
                                                 url="https://shop.example.com/hooks/orders/1/")
    WebhookEvent.objects.create(channel_id=1, package_id="3330000001", status="Created", modified_ms=1, body={},
                                received_at=timezone.now(), processed_at=timezone.now(), outcome="imported")
    return user, {"periodic": PeriodicTask.objects.filter(task__startswith="channel.").first().pk,
                  "result": result.pk, "failure": failure.pk, "webhook": webhook.pk}


def test_operator_screens_have_no_english_left_in_turkish(client, operator_screens):
    user, ids = operator_screens
    client.force_login(user)
    english = english_source_strings()
    left: dict[str, set[str]] = {}
    for page in PAGES:
        url = page.format(**ids)
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="tr")
        assert response.status_code == 200, url
        if found := english_left(response.content.decode(), english):
            left[url] = found
    assert not left, f"English on Turkish screens (add to scripts/translate_tr.py): {left}"


def test_walker_finds_english_it_is_shown():
    assert english_left("<p>Periodic tasks</p><input type=submit value='Save'><span title='Run'>x</span>",
                        english_source_strings()) >= {"Periodic tasks", "Save"}


def test_turkish_headings_are_not_uppercased_by_css(client, operator_screens):
    """"PERİODİC TASKS": CSS uppercasing in Turkish turns i into İ; our stylesheet turns it off for `tr`."""
    user, _ids = operator_screens
    client.force_login(user)
    page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="tr").content.decode()
    assert '<html lang="tr"' in page and "channel/admin.css" in page
    css = (ROOT / "channel" / "static" / "channel" / "admin.css").read_text()
    assert ":lang(tr) .module caption" in css and "text-transform: none" in css
