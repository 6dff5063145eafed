"""Django settings for the jixiao web system, all taken from the environment (see docs/web.md).

JIXIAO_DATA_DIR       the folder holding the SQLite file and evidence (default ./data)
JIXIAO_DATABASE_URL   postgresql://user:pass@host:port/db or postgresql://user@/db?host=/socket/dir; unset → SQLite
JIXIAO_SECRET_KEY     unset → one generated and kept in the data folder
JIXIAO_DEBUG          1/true to turn debugging on (off by default)
JIXIAO_ALLOWED_HOSTS  comma-separated (default 127.0.0.1,localhost)
JIXIAO_EVIDENCE_STORAGE  unset/"files" → evidence under the data folder; "s3" → an S3-compatible store (django-storages,
                      JIXIAO_S3_BUCKET, JIXIAO_S3_ENDPOINT_URL, JIXIAO_S3_REGION, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY); docs/deploy.md
"""
from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

WEB_DIR = Path(__file__).resolve().parent
# Under pytest with no folder given, a throwaway one: tests never write into ./data.
_DEFAULT_DATA = tempfile.mkdtemp(prefix="jixiao-test-data-") if "PYTEST_VERSION" in os.environ and "JIXIAO_DATA_DIR" not in os.environ else "data"
DATA_DIR = Path(os.environ.get("JIXIAO_DATA_DIR", _DEFAULT_DATA)).resolve()
EVIDENCE_DIR = DATA_DIR / "evidence"
EVIDENCE_MAX_BYTES = int(os.environ.get("JIXIAO_EVIDENCE_MAX_BYTES", str(20 * 1024 * 1024)))
UPLOAD_MAX_BYTES = 5 * 1024 * 1024  # 填报表 / YAML / framework / org list uploads


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def _secret_key() -> str:
    given = os.environ.get("JIXIAO_SECRET_KEY")
    if given:
        return given
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    stored = DATA_DIR / "secret_key"
    if not stored.exists():
        # Created once, readable by the owner only, so sessions survive restarts.
        fd = os.open(stored, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return stored.read_text().strip()


def database_from_url(url: str | None) -> dict:
    """Django's DATABASES entry for a postgresql:// URL, or the SQLite file in the data folder."""
    if not url:
        # WAL lets pages read while one request writes; IMMEDIATE takes the write lock when a transaction
        # starts, so two saves of one submission are checked against its version one after the other.
        options = {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
        # Kept open between requests as for PostgreSQL: opening the file and setting WAL on every request cost about
        # 2 ms of CPU, as much as a whole cached public page (bench/public_pages.py).
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(DATA_DIR / "jixiao.sqlite3"), "OPTIONS": options, "CONN_MAX_AGE": 60}
    parsed = urlparse(url)
    if parsed.scheme not in ("postgres", "postgresql"):
        raise ValueError(f"JIXIAO_DATABASE_URL 只支持 postgresql://，收到“{parsed.scheme}”")
    query = parse_qs(parsed.query)
    host = query.get("host", [parsed.hostname or ""])[0]
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parsed.path.lstrip("/")),
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": host,
        "PORT": query.get("port", [str(parsed.port or "")])[0],
        "CONN_MAX_AGE": 60,
    }


SECRET_KEY = _secret_key()
DEBUG = _flag("JIXIAO_DEBUG")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("JIXIAO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "ninja",  # its swagger-ui files are served from static, so /api/docs loads nothing from the internet
    "jixiao.web.orgs",
    "jixiao.web.rounds",
    "jixiao.web.api",
    "jixiao.web.results",
    "jixiao.web.rectification",
    "jixiao.web.disclosure",
    "jixiao.web.monitoring",
    "jixiao.web.overview",
    "jixiao.web.people",
    "jixiao.web.deadlines",
    "jixiao.web.worklist",
    "jixiao.web.spotcheck",
    "jixiao.web.notices",
    "jixiao.web.frameworks_editor",
    "jixiao.web.projects",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "jixiao.web.security.ContentSecurityPolicy",
    "jixiao.web.api.errors.ErrorShapeMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "jixiao.web.security.NoStoreWhenSignedIn",
    "jixiao.web.people.middleware.ForcePasswordChange",
]

ROOT_URLCONF = "jixiao.web.urls"
WSGI_APPLICATION = "jixiao.web.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

DATABASES = {"default": database_from_url(os.environ.get("JIXIAO_DATABASE_URL"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher", "django.contrib.auth.hashers.PBKDF2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "jixiao.web.security.MinimumLength", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
# Locked per account (5 failures) and per address (20: a whole office often shares one address), see security.failure_limit.
AXES_FAILURE_LIMIT = "jixiao.web.security.failure_limit"
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_TEMPLATE = "jixiao/locked.html"
AXES_RESET_ON_SUCCESS = True
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
# The only language: without this LocaleMiddleware followed the browser, and an English browser got English dates
# ("June 30, 2024") and Django's English form messages on Chinese pages.
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [WEB_DIR / "static"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it; collectstatic fills it in `jixiao serve`


def evidence_storage(kind: str) -> dict:
    """The STORAGES entry for 佐证材料: the data folder, or an S3-compatible bucket shared by several app servers."""
    kind = kind.strip().lower() or "files"
    if kind == "files":
        return {"BACKEND": "jixiao.web.rounds.evidence.EvidenceFolder"}
    if kind != "s3":
        raise ValueError(f"JIXIAO_EVIDENCE_STORAGE 只能是 files 或 s3，收到“{kind}”")
    bucket = os.environ.get("JIXIAO_S3_BUCKET", "")
    if not bucket:
        raise ValueError("JIXIAO_EVIDENCE_STORAGE=s3 时须设 JIXIAO_S3_BUCKET")
    options = {
        "bucket_name": bucket,
        "endpoint_url": os.environ.get("JIXIAO_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("JIXIAO_S3_REGION") or None,
        "location": os.environ.get("JIXIAO_S3_PREFIX", "evidence"),
        "default_acl": None,
        "file_overwrite": False,
        "querystring_auth": True,  # downloads go through the app (scope checked); never public links
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    "evidence": evidence_storage(os.environ.get("JIXIAO_EVIDENCE_STORAGE", "")),
}
# Sessions in the database: any of several app servers behind one proxy can serve any request.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
WHITENOISE_USE_FINDERS = True  # serve straight from the package when collectstatic has not run
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES

# Secure headers; HTTPS-only settings follow JIXIAO_HTTPS so the local demo works over http.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
if _flag("JIXIAO_HTTPS"):
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Mail (passwords of new accounts, notices): off unless JIXIAO_SMTP_HOST is set (docs/deploy.md).
EMAIL_HOST = os.environ.get("JIXIAO_SMTP_HOST", "")
EMAIL_PORT = int(os.environ.get("JIXIAO_SMTP_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("JIXIAO_SMTP_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("JIXIAO_SMTP_PASSWORD", "")
EMAIL_USE_TLS = _flag("JIXIAO_SMTP_TLS")
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("JIXIAO_MAIL_FROM", "jixiao@localhost")
JIXIAO_MAIL_ENABLED = bool(EMAIL_HOST)
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("JIXIAO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django": {"handlers": ["console"], "level": "WARNING"}, "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False}, "axes": {"handlers": ["console"], "level": "WARNING"}},
}
