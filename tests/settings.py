"""Test settings: production settings plus the pins tests need (one place, saleor-style).

The private Redis URL comes from tests/fixtures/bootstrap.py (started before Django loads).
Worker and beat processes started by the fixtures import this module too, with
TEST_DATABASE_NAME pointing them at the test database pytest-django created.
"""
import os

os.environ.setdefault("SECRET_KEY", "test-secret-key")
os.environ.setdefault("OMNITRON_URL", "http://127.0.0.1:9/")
os.environ.setdefault("OMNITRON_ALLOW_HTTP", "true")  # the sandboxes speak plain http
os.environ.setdefault("OMNITRON_USERNAME", "admin")
os.environ.setdefault("OMNITRON_PASSWORD", "admin")
os.environ.setdefault("FLOWER_BASIC_AUTH", "flower-test:flower-test-password")
os.environ.setdefault("LOG_LEVEL", "WARNING")
_run_dir = os.environ.get("TEST_RUN_DIR", os.path.join(os.path.dirname(os.path.dirname(__file__)), "var", "test-runs",
                                                        str(os.getpid())))
os.environ.setdefault("STATIC_ROOT", os.path.join(_run_dir, "static"))
os.makedirs(os.environ["STATIC_ROOT"], exist_ok=True)

from config.settings import *  # noqa: E402,F403
from config.settings import DATABASES  # noqa: E402

_default = DATABASES["default"]
if _default["ENGINE"].endswith("sqlite3"):
    # A file, not :memory:, so worker and beat processes share the test database.
    _default["TEST"] = {"NAME": os.path.join(_run_dir, "test-db.sqlite3")}
else:
    # One database per run, so two runs on one server never drop each other's tables.
    _default["TEST"] = {"NAME": f"test_{_default['NAME']}_{os.path.basename(_run_dir)}"}
if os.environ.get("TEST_DATABASE_NAME"):
    _default["NAME"] = os.environ["TEST_DATABASE_NAME"]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins in tests
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}  # noqa: F405
# Many tests send a wrong password on purpose, all from 127.0.0.1 and within minutes, into one
# shared cache: at the production limit they would lock each other's users out. The throttle's
# own tests (tests/security/test_throttle.py) set the production limit back.
AXES_FAILURE_LIMIT = 1000
