"""Admin screens of our own speak English and Turkish; LANGUAGE_CODE or the browser chooses."""
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

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
