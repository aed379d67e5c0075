"""Django settings: the only module that reads the environment.

Every value comes from an environment variable (or a `.env` file beside manage.py).
Akinon channel-app deployments already set MAIN_APP_URL, OMNITRON_*, BROKER_*, CACHE_*
and SENTRY_DSN; ACC addons inject DB_*, BROKER_*, CACHE_*, SENTRY_DSN
(docs/deployment.md). URL forms (DATABASE_URL, BROKER_URL, CACHE_URL,
OMNITRON_URL, FLOWER_URL) override the split forms. The README has the full table.
"""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# Variables already in the environment win over the file. DOTENV_PATH="" disables it (the test
# suite does, so a developer's .env never changes what tests see).
DOTENV_PATH = env.str("DOTENV_PATH", default=str(BASE_DIR / ".env"))
if DOTENV_PATH and Path(DOTENV_PATH).is_file():
    env.read_env(DOTENV_PATH, overwrite=False)


def required(name: str, *, debug_default: str) -> str:
    """A value production must set: in DEBUG a development default, otherwise fail with its name."""
    value = env.str(name, default="")
    if value:
        return value
    if DEBUG:
        return debug_default
    raise ImproperlyConfigured(f"Set the {name} environment variable (required when DEBUG is off).")


def redis_url(prefix: str, default_index: int) -> str:
    """`<PREFIX>_URL`, else redis://<PREFIX>_HOST:<PREFIX>_PORT/<PREFIX>_DATABASE_INDEX (Akinon's split form)."""
    url = env.str(f"{prefix}_URL", default="")
    if url:
        return url
    host = env.str(f"{prefix}_HOST", default="127.0.0.1")
    port = env.int(f"{prefix}_PORT", default=6379)
    index = env.int(f"{prefix}_DATABASE_INDEX", default=default_index)
    return f"redis://{host}:{port}/{index}"


def omnitron_url() -> str:
    """OMNITRON_URL (full base) wins; else https://MAIN_APP_URL/ as the reference app builds it."""
    url = env.str("OMNITRON_URL", default="")
    if not url:
        host = env.str("MAIN_APP_URL", default="").strip().strip("/")
        if host.startswith(("http://", "https://")):
            raise ImproperlyConfigured("MAIN_APP_URL is a host without scheme; put a full URL in OMNITRON_URL.")
        url = f"https://{host}/" if host else ""
    if not url:
        url = required("OMNITRON_URL", debug_default="http://127.0.0.1:8101/")
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme not in ("http", "https"):
        raise ImproperlyConfigured("OMNITRON_URL must start with https:// or http://")
    # Omnitron is served over https only, and Akinon's channel app refuses an http URL at
    # start-up: outside DEBUG, plain http (credentials and token in clear) needs an explicit yes.
    if scheme == "http" and not DEBUG and not env.bool("OMNITRON_ALLOW_HTTP", default=False):
        raise ImproperlyConfigured(
            f"OMNITRON_URL {url!r} is not https://; Omnitron is reached over https only. Use an https:// URL, "
            "or set OMNITRON_ALLOW_HTTP=true for a local sandbox (DEBUG allows http as well)."
        )
    return url if url.endswith("/") else url + "/"


def database_config() -> dict:
    """DATABASE_URL, else ACC's DB_* variables (PostgreSQL), else SQLite under var/."""
    if env.str("DATABASE_URL", default=""):
        config = env.db_url("DATABASE_URL")
    elif env.str("DB_HOST", default=""):
        config = {
            "ENGINE": "django.db.backends.postgresql",
            "HOST": env.str("DB_HOST"),
            "PORT": env.str("DB_PORT", default="5432"),
            "NAME": env.str("DB_NAME"),
            "USER": env.str("DB_USER", default=""),
            "PASSWORD": env.str("DB_PASSWORD", default=""),
        }
    else:
        config = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(VAR_DIR / "db.sqlite3")}
    if config["ENGINE"].endswith("sqlite3"):
        # web, worker and beat write to one file: WAL lets readers run beside the writer,
        # IMMEDIATE takes the write lock up front instead of failing mid-transaction,
        # and a 20 s timeout waits for it instead of raising "database is locked".
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
        # Reopening the file and re-running the PRAGMAs costs ~2 ms a request (measured by bench/proxy.py).
        config.setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=60))
    else:
        config.setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=60))
        config.setdefault("CONN_HEALTH_CHECKS", True)
    return config


# --- Core ---------------------------------------------------------------------------
DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = required("SECRET_KEY", debug_default="insecure-development-key-change-me")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Transport security ------------------------------------------------------------------
# Behind the platform's TLS load balancer every browser request arrives as HTTPS, so HSTS, the
# HTTPS redirect and Secure cookies are on by default; each can be turned off on its own.
# /healthz is answered before SecurityMiddleware (channel.health), so probes over plain HTTP
# are never redirected; SECURE_REDIRECT_EXEMPT says the same for any other middleware order.
BEHIND_TLS_PROXY = env.bool("BEHIND_TLS_PROXY", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS_PROXY else None
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=BEHIND_TLS_PROXY)
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 3600 if BEHIND_TLS_PROXY else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
# `preload` asks browsers' built-in lists to pin the whole domain to HTTPS; only the domain's
# owner can decide that (an ACC host is a subdomain of Akinon's), so it is opt-in and
# check --deploy's reminder about it (W021) is silenced.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=BEHIND_TLS_PROXY)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=BEHIND_TLS_PROXY)
SILENCED_SYSTEM_CHECKS = ["security.W021"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "axes",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_celery_beat",
    "django_celery_results",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from our static files (no CDN)
    "omnitron",
    "channel",
    "proxy",
    "security",
]

MIDDLEWARE = [
    "channel.health.HealthCheckMiddleware",  # first: answers probes whatever the Host header
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns an admin login lockout into its 429 page
]

# Admin passwords (and ADMIN_PASSWORD) must pass Django's validators; 12 characters at least.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Login throttling (django-axes; security/throttle.py says why these choices) ------------
# Every password check goes through authenticate(): axes' backend comes first and refuses a
# locked-out caller. Failures are counted per (username, client address) in the shared cache.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(seconds=env.int("LOGIN_COOLOFF_SECONDS", default=15 * 60))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # hammering a locked account does not extend it
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "security.throttle.client_ip"
AXES_LOCKOUT_CALLABLE = "security.throttle.lockout_response"
AXES_ENABLE_ADMIN = False  # the cache handler keeps no rows to show
# Proxies in front of web that append to X-Forwarded-For (the TLS load balancer): the client
# address is the entry the outermost trusted one added.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1 if BEHIND_TLS_PROXY else 0)

# Sessions are read on every admin and /flower/ request: cache first, database as the record.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------
DATABASES = {"default": database_config()}

# --- Cache: one Redis shared by web, workers and beat (tokens, locks, idempotency keys) ----
CACHE_URL = redis_url("CACHE", default_index=3)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHE_URL,
        "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="channel"),
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 5},
    }
}

# --- Internationalisation -----------------------------------------------------------
LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="en-us")
LANGUAGES = [("en", _("English")), ("tr", _("Turkish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Istanbul")
USE_I18N = True
USE_TZ = True

# --- Static files: whitenoise serves admin CSS with DEBUG off ----------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Celery (settings read with the CELERY_ namespace; every sync is idempotent) -----------------------
BROKER_URL = redis_url("BROKER", default_index=4)
CELERY_BROKER_URL = BROKER_URL
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True  # workers wait for the broker at boot instead of crashing
# Results in the database: admin and the dashboard read them; extended = task name, args, worker,
# periodic task name are stored too.
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True
CELERY_RESULT_EXPIRES = env.int("CELERY_RESULT_EXPIRES", default=7 * 24 * 3600)  # cleanup by beat at 04:00
CELERY_RESULT_BACKEND_ALWAYS_RETRY = True  # a DB blip must not lose a finished run's summary
CELERY_TASK_TRACK_STARTED = True  # "running now" is visible in admin and the API
# Flower needs task events; sent events make queued (PENDING) syncs visible too.
CELERY_WORKER_SEND_TASK_EVENTS = True
CELERY_TASK_SEND_SENT_EVENT = True
# Ack after the run and reserve one message at a time: a killed worker's sync is redelivered,
# not lost, and a long sync never holds other syncs hostage in its prefetch buffer.
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A pool child killed (OOM, SIGKILL) re-sends its task, bounded by max_retries, instead of
# the unbounded requeue loop of task_reject_on_worker_lost (the setting is new in Celery 5.7).
CELERY_TASK_RETRY_ON_WORKER_LOST = True
CELERY_TASK_DEFAULT_RETRY_DELAY = 30
# After a broker connection loss running acks_late tasks cannot ack and will be redelivered:
# cancel them instead of letting two copies run at once.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
# Per-task limits: the default fits every sync; flows override on their task when needed.
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=25 * 60)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=30 * 60)
# Redis redelivers unacked messages after the visibility timeout: it must exceed the longest
# task (30 min hard limit) and the longest retry countdown (backoff max 10 min), or a sync
# would run twice. Same value for broker and result transport options.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * 3600, "confirm_publish": True}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * 3600}
# Celery's Django fixup closes the DB connection after every task unless told to reuse it;
# reconnecting per task was the worker's largest cost in bench/trigger_api.py.
CELERY_DB_REUSE_MAX = env.int("CELERY_DB_REUSE_MAX", default=1000)
CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT = 30.0  # on deploy, requeue unacked messages before exit
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE  # django-celery-beat reads crontab rows in this zone: keep it equal to TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# --- Omnitron --------------------------------------------------------------------------
OMNITRON_URL = omnitron_url()
OMNITRON_USERNAME = required("OMNITRON_USERNAME", debug_default="admin")
OMNITRON_PASSWORD = required("OMNITRON_PASSWORD", debug_default="admin")
OMNITRON_CHANNEL_ID = env.int("OMNITRON_CHANNEL_ID", default=1)
OMNITRON_CATALOG_ID = env.int("OMNITRON_CATALOG_ID", default=1)
OMNITRON_CONNECT_TIMEOUT = env.float("OMNITRON_CONNECT_TIMEOUT", default=5.0)
OMNITRON_READ_TIMEOUT = env.float("OMNITRON_READ_TIMEOUT", default=60.0)
OMNITRON_MAX_RETRIES = env.int("OMNITRON_MAX_RETRIES", default=5)
OMNITRON_PAGE_SIZE = env.int("OMNITRON_PAGE_SIZE", default=1000)
# Entries (objects) per batch-request PATCH. Omnitron writes one integration action per entry
# inside the request; 1,000 entries are ~150 KB of JSON, small enough for any proxy's body
# limit and a short server transaction, large enough that a 10,000-object run needs a few
# dozen PATCHes. Akinon's channel app sends up to 100 from its listings (and, on order
# imports, every entry of the run in one PATCH).
OMNITRON_BATCH_ENTRIES = env.int("OMNITRON_BATCH_ENTRIES", default=1000)

# --- Channel ---------------------------------------------------------------------------
CHANNEL_ADAPTER = env.str("CHANNEL_ADAPTER", default="channel.adapters.trendyol.TrendyolAdapter")
# Renewed every third of it while a run lasts; a killed worker's lock is free this long
# after the kill, so the recovery sweep can restart its run within a minute.
SYNC_LOCK_TTL = env.int("SYNC_LOCK_TTL", default=30)
# How often beat's `channel.recover_runs` re-queues runs whose worker died (channel/recovery.py).
# A killed run resumes within SYNC_LOCK_TTL + this after the kill (bench/faults.py measures it);
# a sweep is one HGETALL and a GET per running sync.
RECOVERY_SWEEP_S = env.int("RECOVERY_SWEEP_S", default=5)
# Test-only crash points (channel/faultpoints.py): unset in production, inert.
FAULT_KILL_AT = env.str("FAULT_KILL_AT", default="")
FAULT_PAUSE_AT = env.str("FAULT_PAUSE_AT", default="")  # "point:nth:seconds": hold the run there
SYNC_CHANNEL_IDS = env.list("SYNC_CHANNEL_IDS", cast=int, default=[])  # more channels besides OMNITRON_CHANNEL_ID
API_IDEMPOTENCY_TTL = env.int("API_IDEMPOTENCY_TTL", default=24 * 3600)  # how long an Idempotency-Key is remembered
SYNC_MAX_OBJECTS_PER_RUN = env.int("SYNC_MAX_OBJECTS_PER_RUN", default=100_000)

# --- Order webhooks (channel/webhooks/) ------------------------------------------------------
# The origin the marketplace reaches this app at, e.g. https://<id>.lb.akinoncloud.com; the
# receiver's path (/hooks/orders/<channel>/) is appended. Empty: webhooks cannot be registered.
WEBHOOK_PUBLIC_URL = env.str("WEBHOOK_PUBLIC_URL", default="")
WEBHOOK_QUEUE = env.str("WEBHOOK_QUEUE", default="webhooks")  # workers must consume it (-Q celery,webhooks)
WEBHOOK_BODY_MAX_BYTES = env.int("WEBHOOK_BODY_MAX_BYTES", default=1024 * 1024)  # larger deliveries -> 413
WEBHOOK_SECRET_TTL = env.float("WEBHOOK_SECRET_TTL", default=5.0)  # s a web process keeps a channel's secret
WEBHOOK_BATCH = env.int("WEBHOOK_BATCH", default=200)  # events a worker takes at once
WEBHOOK_LEASE_S = env.float("WEBHOOK_LEASE_S", default=60.0)  # after it, a dead worker's events are taken again
WEBHOOK_QUEUED_TTL = env.float("WEBHOOK_QUEUED_TTL", default=3.0)  # s "a drain is queued" is believed
WEBHOOK_SWEEP_S = env.int("WEBHOOK_SWEEP_S", default=10)  # beat's sweep of waiting events
WEBHOOK_SWEEP_AFTER_S = env.float("WEBHOOK_SWEEP_AFTER_S", default=5.0)  # events older than this are re-queued

# --- First admin (`manage.py ensure_admin`, run by `make run`) ---------------------------------
ADMIN_USERNAME = env.str("ADMIN_USERNAME", default="admin")
ADMIN_PASSWORD = env.str("ADMIN_PASSWORD", default="")  # empty: generated and printed once

# --- Flower (behind the /flower/ proxy; always with its own Basic credentials) -------------
_acc_app = env.str("ACC_PROJECT_APP_UUID", default="")
FLOWER_URL = env.str(
    "FLOWER_URL",
    default=f"http://flower-service.{_acc_app}.svc.cluster.local" if _acc_app else "http://127.0.0.1:5555",
).rstrip("/")
# No development default: one derived from another secret would leak it. `make run` writes a random
# value to .env; without one Flower refuses to start and the proxy answers 502 naming the variable.
FLOWER_BASIC_AUTH = required("FLOWER_BASIC_AUTH", debug_default="")
FLOWER_CONNECT_TIMEOUT = env.float("FLOWER_CONNECT_TIMEOUT", default=3.0)
FLOWER_READ_TIMEOUT = env.float("FLOWER_READ_TIMEOUT", default=30.0)
FLOWER_APPLY_TIMEOUT = env.float("FLOWER_APPLY_TIMEOUT", default=20.0)
# Seconds a verified HTTP Basic credential (/flower/, REST API) is remembered per web process, so
# scripts do not pay the password hash on every request; 0 checks every request in full.
BASIC_AUTH_TTL = env.float("BASIC_AUTH_TTL", default=5.0)

# --- REST API ----------------------------------------------------------------------------
REST_FRAMEWORK = {
    # The API's own classes everywhere DRF serves something (also the OpenAPI document):
    # hashed tokens, Basic for staff only (throttled), sessions.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "channel.api.auth.RememberingTokenAuthentication",
        "channel.api.auth.StaffBasicAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Sales channel app API",
    "DESCRIPTION": "Trigger and follow Omnitron <-> marketplace syncs.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],  # a login, like the rest of the API
    "SWAGGER_UI_DIST": "SIDECAR",  # /api/v1/docs/ loads Swagger UI from our static files, never a CDN
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_AUTHENTICATION": REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"],
}
# JSON bodies of the API and of Flower's task apply (security.bodies): larger → 413, deeper → 400.
JSON_BODY_MAX_BYTES = env.int("JSON_BODY_MAX_BYTES", default=64 * 1024)
JSON_BODY_MAX_DEPTH = env.int("JSON_BODY_MAX_DEPTH", default=20)
HEALTHZ_CACHE_SECONDS = env.float("HEALTHZ_CACHE_SECONDS", default=2.0)  # /healthz answer kept per process

# --- Logging: one escaped line per record, to stdout (ACC collects process output) --------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # security.logs.EscapingFormatter: one line per record, control characters escaped (log injection).
    "formatters": {"line": {"()": "security.logs.EscapingFormatter",
                            "format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "line"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # axes logs every failure; security.audit writes the one line per lockout instead.
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "ERROR"},
                "security.audit": {"level": "INFO"}},
}

# --- Sentry (ACC's sentry addon injects SENTRY_DSN) --------------------------------------
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(dsn=SENTRY_DSN, integrations=[DjangoIntegration(), CeleryIntegration()], send_default_pii=False)
