"""Settings read from the environment (12-factor), with safe development defaults.

DEBUG is off unless asked for; a SECRET_KEY is only invented for development.
DATABASE_URL defaults to an SQLite file beside manage.py so a newcomer needs nothing else.
"""

import importlib.util
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not env_bool("ALLOW_INSECURE_KEY"):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment, or set DEBUG=1 for development."
        )
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "archive.apps.ArchiveAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_filters",
    "axes",
    "archive",
]
# A development checkout has bench/ (the benchmark's and corpus generator's commands); the
# image never does.
if importlib.util.find_spec("bench") is not None:
    INSTALLED_APPS.append("bench")

MIDDLEWARE = [
    "archive.site.middleware.RequestLogMiddleware",
    # First of all that may query: every query of a web request (and of a streamed response)
    # is given up past DATABASE_STATEMENT_TIMEOUT, even on a server that stopped answering.
    "archive.site.middleware.QueryDeadlineMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # 304 when unchanged, on pages and page cache hits alike: public pages carry the content
    # version's validators, other answers an ETag of their bytes (Django's, told how to
    # compare a page's dates).
    "archive.site.middleware.ConditionalGetMiddleware",
    # Before the page cache: the language is part of its key. (It no longer reads the session.)
    "django.middleware.locale.LocaleMiddleware",
    # As early as a hit can be served: the stored page has every header set below, the key
    # needs nothing from sessions, CSRF or auth (signed-in readers are never served), and the
    # middleware above adds its headers to hits as to any page.
    "archive.site.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "archive.site.middleware.AdminRequestSizeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "archive.site.middleware.ReadOnlyPublicSiteMiddleware",
    "archive.routers.PrimaryForAdminMiddleware",
    "archive.site.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: locks out repeated failed admin logins.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five failed logins for one username from one address lock it out for fifteen minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_VERBOSE = False
# How many reverse proxies (nginx, a load balancer, a CDN) stand in front of gunicorn, each
# appending to X-Forwarded-For: lockouts then key on the reader's address, not the proxy's
# (archive/site/proxy.py). 0 (the default) trusts no header: only set it behind real proxies.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "archive.site.proxy.client_address"

ROOT_URLCONF = "archive.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "archive.site.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "archive.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# A database that hangs must not hang the site: the 503 page comes back within seconds.
# PostgreSQL: connecting gives up after DATABASE_CONNECT_TIMEOUT seconds, one query after
# DATABASE_STATEMENT_TIMEOUT seconds (0: no limit; gunicorn.conf.py sets it for web requests
# only, so imports and migrations run whole). SQLite: a writer waits SQLITE_BUSY_TIMEOUT
# seconds at most for another's lock.
# statement_timeout is the server's own: a server that froze on a connection already open
# (CONN_MAX_AGE keeps them) never sends it, so web requests also give up on their side
# (archive.site.middleware.QueryDeadlineMiddleware), and the socket itself is watched: TCP
# keepalives find a peer gone while idle, DATABASE_TCP_USER_TIMEOUT seconds of data left
# unacknowledged drop the connection.
DATABASE_CONNECT_TIMEOUT = int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "3"))
DATABASE_STATEMENT_TIMEOUT = int(os.environ.get("DATABASE_STATEMENT_TIMEOUT", "0"))
DATABASE_TCP_USER_TIMEOUT = int(os.environ.get("DATABASE_TCP_USER_TIMEOUT", "10"))
SQLITE_BUSY_TIMEOUT = int(os.environ.get("SQLITE_BUSY_TIMEOUT", "5"))


def postgresql_options() -> dict:
    # The archive's queries are short and many; JIT compilation costs ~100 ms on each heavy one
    # (measured in docs/PERFORMANCE.md) and never pays back here.
    server = ["-c jit=off"]
    if DATABASE_STATEMENT_TIMEOUT > 0:
        server.append(f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT}s")
    return {
        "connect_timeout": DATABASE_CONNECT_TIMEOUT,
        "options": " ".join(server),
        # libpq's TCP keepalives: an idle connection is probed after 10 s, given up after
        # three unanswered probes 5 s apart.
        "keepalives": 1,
        "keepalives_idle": 10,
        "keepalives_interval": 5,
        "keepalives_count": 3,
        "tcp_user_timeout": DATABASE_TCP_USER_TIMEOUT * 1000,  # milliseconds
    }


if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).update(postgresql_options())
if os.environ.get("DATABASE_REPLICA_URL"):
    # Scale-out on PostgreSQL: public reads from a replica, the admin and imports on the primary.
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"]["OPTIONS"] = postgresql_options()
    DATABASE_ROUTERS = ["archive.routers.PrimaryReplicaRouter"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and the importer work at the same time; a writer waits for another's
    # lock at most SQLITE_BUSY_TIMEOUT seconds, then the request gets the 503 page.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": SQLITE_BUSY_TIMEOUT,
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The reader's choice of language: never sent over plain HTTP in production, never to
# another site's requests, never read by scripts.
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The admin's address; a deployment may move it away from the obvious one.
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"

# Where `import_sources` looks when given no path, and the largest file it accepts.
SOURCES_DIR = Path(os.environ.get("SOURCES_DIR", BASE_DIR / "fixtures" / "sources"))
REFERENCE_DIR = BASE_DIR / "fixtures" / "reference"
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(5 * 1024 * 1024)))
# An admin form may carry a whole source text (a paste, a statement's text, the upload's
# preview), URL-encoded: accents take up to three times their size. Larger requests get a page
# that says so (archive.site.middleware.AdminRequestSizeMiddleware), never a bare 400.
DATA_UPLOAD_MAX_MEMORY_SIZE = 4 * IMPORT_MAX_BYTES

# On-demand CSV exports stop at this many statements (a clear 400 above it): a longer one could
# outlast the server's timeout. Whole-archive downloads are the bulk dataset's files.
CSV_EXPORT_MAX_ROWS = int(os.environ.get("CSV_EXPORT_MAX_ROWS", "50000"))
# The bulk dataset (archive/reuse/dataset.py, `manage.py build_dataset`): written here,
# served at /data/.
DATASET_ROOT = Path(os.environ.get("DATASET_ROOT", BASE_DIR / "dataset"))
# The site's public address (https://archive.example.org), for the absolute links of files
# built without a request (the dataset's url column); empty, they are paths.
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        # Request lines are already JSON; other records are wrapped into JSON too.
        "json": {
            "format": '{"time": "%(asctime)s", "level": "%(levelname)s", '
            '"logger": "%(name)s", "message": %(message)s}',
        },
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "requests": {"class": "logging.StreamHandler", "formatter": "json"},
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "loggers": {
        "archive.requests": {"handlers": ["requests"], "level": "INFO", "propagate": False},
        # The request log replaces Django's own access-style lines.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}


def cache_from_url(url: str) -> dict:
    """CACHE_URL: redis://host:port/db, file:///path, locmem:// (default) or dummy:// (off)."""
    scheme = url.split("://", 1)[0]
    if scheme in {"redis", "rediss"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "file":
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": url.removeprefix("file://"),
        }
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    if scheme == "locmem":
        return {"BACKEND": "archive.site.pagecache.ProcessCache", "LOCATION": "default"}
    raise ImproperlyConfigured(f"CACHE_URL scheme {scheme!r} is not supported")


def page_cache_from_url(url: str) -> dict:
    """The ``pages`` cache (archive.site.pagecache): this process's memory, bounded in bytes, or the
    shared cache behind this process's one-second copy of what it read there."""
    if url.split("://", 1)[0] in {"redis", "rediss"}:
        return {
            "BACKEND": "archive.site.pagecache.TwoLevelCache",
            "OPTIONS": {"SHARED": "default", "LOCAL": "pages-local"},
        }
    if url.startswith("locmem://"):
        return {
            "BACKEND": "archive.site.pagecache.ProcessCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_BYTES": PAGE_CACHE_MAX_MB * 1024 * 1024},
        }
    return cache_from_url(url)


# Memory for cached pages in each process with the default CACHE_URL (locmem://).
PAGE_CACHE_MAX_MB = int(os.environ.get("PAGE_CACHE_MAX_MB", "64"))
CACHE_URL = os.environ.get("CACHE_URL", "locmem://")
CACHES = {
    "default": cache_from_url(CACHE_URL),
    "pages": page_cache_from_url(CACHE_URL),
    # Each process's copy, for a second, of the pages it read from a shared cache: a hit then
    # makes no round trip to Redis. At most 8 MB (120 lists of 66 KB) per process.
    "pages-local": {
        "BACKEND": "archive.site.pagecache.ProcessCache",
        "LOCATION": "pages-local",
        "TIMEOUT": 1,
        "OPTIONS": {"MAX_BYTES": 8 * 1024 * 1024},
    },
}
# Anonymous pages are cached this long (0 turns the page cache off); every import or edit
# changes the content version in the key, so a change shows within a second
# (archive.site.pagecache).
CACHE_MIDDLEWARE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
CACHE_MIDDLEWARE_KEY_PREFIX = "page"
# How old a process's reading of the content version a cache hit may use: a hit makes no query,
# and a change committed in another process (an import, another worker) shows within it.
PAGE_CACHE_VERSION_SECONDS = 1.0

# A strict Content Security Policy: nothing from other hosts, no inline code without a nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
