"""The seed variables Akinon deployments already set produce the right URLs (settings are read
at import, so each case imports them in a fresh interpreter with exactly that environment)."""
from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.fixtures.processes import PYTHON, ROOT

PROBE = (
    "import json, django.conf as c; s = c.settings; "
    "print(json.dumps({'broker': s.CELERY_BROKER_URL, 'cache': s.CACHES['default']['LOCATION'],"
    " 'db': s.DATABASES['default']['ENGINE'] + '|' + str(s.DATABASES['default']['NAME']) + '|' +"
    " str(s.DATABASES['default'].get('HOST', '')), 'omnitron': s.OMNITRON_URL, 'flower': s.FLOWER_URL,"
    " 'channel': s.OMNITRON_CHANNEL_ID, 'catalog': s.OMNITRON_CATALOG_ID}))"
)
CLEAN = {k: v for k, v in os.environ.items() if not k.startswith(("BROKER_", "CACHE_", "OMNITRON_", "DB_", "FLOWER_"))
         and k not in ("DATABASE_URL", "MAIN_APP_URL", "DEBUG", "SECRET_KEY", "ACC_PROJECT_APP_UUID")}
PRODUCTION = {"SECRET_KEY": "s", "OMNITRON_USERNAME": "u", "OMNITRON_PASSWORD": "p", "FLOWER_BASIC_AUTH": "f:p"}


def load_settings(env: dict[str, str]) -> dict:
    result = subprocess.run(
        [PYTHON, "-c", PROBE], cwd=ROOT, capture_output=True, text=True,
        env={**CLEAN, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
    )
    if result.returncode:
        raise RuntimeError(result.stderr.strip().splitlines()[-1])
    return json.loads(result.stdout)


def test_seed_variables_build_broker_cache_and_omnitron_urls():
    values = load_settings({
        **PRODUCTION, "MAIN_APP_URL": "omnitron.example.com", "OMNITRON_CHANNEL_ID": "6", "OMNITRON_CATALOG_ID": "3",
        "BROKER_HOST": "10.0.0.5", "BROKER_PORT": "6380", "BROKER_DATABASE_INDEX": "4",
        "CACHE_HOST": "10.0.0.6", "CACHE_PORT": "6381", "CACHE_DATABASE_INDEX": "3",
    })
    assert values["broker"] == "redis://10.0.0.5:6380/4"
    assert values["cache"] == "redis://10.0.0.6:6381/3"
    assert values["omnitron"] == "https://omnitron.example.com/"
    assert (values["channel"], values["catalog"]) == (6, 3)


def test_url_forms_override_split_forms():
    values = load_settings({
        **PRODUCTION, "MAIN_APP_URL": "ignored.example.com", "OMNITRON_URL": "http://127.0.0.1:8101",
        "OMNITRON_ALLOW_HTTP": "true",
        "BROKER_HOST": "ignored", "BROKER_URL": "amqp://guest:guest@127.0.0.1:5672//",
        "CACHE_HOST": "ignored", "CACHE_URL": "redis://cache.internal:6379/7",
        "DATABASE_URL": "postgres://app:pw@db.internal:5432/channel", "FLOWER_URL": "http://flower.internal:5555/",
    })
    assert values["broker"] == "amqp://guest:guest@127.0.0.1:5672//"
    assert values["cache"] == "redis://cache.internal:6379/7"
    assert values["omnitron"] == "http://127.0.0.1:8101/"
    assert values["db"] == "django.db.backends.postgresql|channel|db.internal"
    assert values["flower"] == "http://flower.internal:5555"


def test_acc_addon_variables_select_postgresql_and_in_cluster_flower():
    values = load_settings({
        **PRODUCTION, "OMNITRON_URL": "https://o.example.com/", "DB_HOST": "pg", "DB_PORT": "5433",
        "DB_NAME": "app", "DB_USER": "u", "DB_PASSWORD": "p", "ACC_PROJECT_APP_UUID": "abc-123",
    })
    assert values["db"] == "django.db.backends.postgresql|app|pg"
    assert values["flower"] == "http://flower-service.abc-123.svc.cluster.local"


def test_defaults_are_sqlite_and_local_redis_in_debug():
    values = load_settings({"DEBUG": "true"})
    assert values["db"].startswith("django.db.backends.sqlite3|") and values["db"].endswith("db.sqlite3|")
    assert values["broker"] == "redis://127.0.0.1:6379/4"
    assert values["cache"] == "redis://127.0.0.1:6379/3"


@pytest.mark.parametrize("missing", ["SECRET_KEY", "OMNITRON_USERNAME", "OMNITRON_PASSWORD", "FLOWER_BASIC_AUTH"])
def test_missing_required_value_outside_debug_names_the_variable(missing):
    env = {**PRODUCTION, "OMNITRON_URL": "https://o.example.com/"}
    del env[missing]
    with pytest.raises(RuntimeError, match=f"Set the {missing} environment variable"):
        load_settings(env)


def test_omnitron_url_is_required_outside_debug():
    with pytest.raises(RuntimeError, match="OMNITRON_URL"):
        load_settings(PRODUCTION)


def test_omnitron_url_without_scheme_is_refused():
    with pytest.raises(RuntimeError, match="must start with https:// or http://"):
        load_settings({**PRODUCTION, "OMNITRON_URL": "omnitron.example.com"})


def test_plain_http_omnitron_is_refused_outside_debug_and_the_error_names_the_way_out():
    with pytest.raises(RuntimeError, match="OMNITRON_ALLOW_HTTP=true"):
        load_settings({**PRODUCTION, "OMNITRON_URL": "http://omnitron.example.com/"})
    with pytest.raises(RuntimeError, match="OMNITRON_ALLOW_HTTP"):
        load_settings({**PRODUCTION, "OMNITRON_URL": "HTTP://omnitron.example.com/"})


def test_plain_http_omnitron_is_allowed_when_said_so_or_in_debug():
    allowed = load_settings({**PRODUCTION, "OMNITRON_URL": "http://127.0.0.1:8101/", "OMNITRON_ALLOW_HTTP": "true"})
    assert allowed["omnitron"] == "http://127.0.0.1:8101/"
    assert load_settings({"DEBUG": "true", "OMNITRON_URL": "http://127.0.0.1:8101/"})["omnitron"] == \
        "http://127.0.0.1:8101/"
    assert load_settings({**PRODUCTION, "OMNITRON_URL": "https://o.example.com"})["omnitron"] == "https://o.example.com/"


def test_a_dotenv_file_fills_what_the_environment_does_not_set(tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text("DEBUG=true\nMAIN_APP_URL=from-file.example.com\nBROKER_URL=redis://from-file:6379/9\n")
    values = load_settings({"DOTENV_PATH": str(dotenv), "BROKER_URL": "redis://from-env:6379/1"})
    assert values["omnitron"] == "https://from-file.example.com/"
    assert values["broker"] == "redis://from-env:6379/1"
