"""Settings read from the environment (django-environ).

With nothing set the app runs on a local SQLite file with Celery eager, so a newcomer
can try it without services. Deployed, set DATABASE_URL, CELERY_BROKER_URL, SECRET_KEY,
DEBUG=False and ALLOWED_HOSTS.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

DEFAULT_SECRET_KEY = "dev-only-ekinerja-secret-key-jangan-dipakai-di-produksi"

env = environ.Env(
    DEBUG=(bool, True),
    ALLOWED_HOSTS=(list, ["localhost", "127.0.0.1", "[::1]", "testserver"]),
    SECRET_KEY=(str, DEFAULT_SECRET_KEY),
    TIME_ZONE=(str, "Asia/Jakarta"),
    CELERY_TASK_ALWAYS_EAGER=(bool, None),
    CONN_MAX_AGE=(int, 60),
    AXES_FAILURE_LIMIT=(int, 5),
)
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env("DEBUG")
SECRET_KEY = env("SECRET_KEY")
if not DEBUG and SECRET_KEY == DEFAULT_SECRET_KEY:
    raise ImproperlyConfigured("DEBUG=False membutuhkan SECRET_KEY sendiri, bukan kunci bawaan.")
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "rules",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "inti",
    "organisasi",
    "jadwal",
    "skp",
    "penilaian",
    "dokumen",
    "tpp",
    "bantuan",
    # The shell on top: urls, beranda, the demo command.
    "ekinerja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "inti.tenancy.TenantScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so a locked-out login is answered before any view runs.
    "axes.middleware.AxesMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "ekinerja.akun.DuaLangkahMiddleware",
]

ROOT_URLCONF = "ekinerja.urls"
WSGI_APPLICATION = "ekinerja.wsgi.application"

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
                "ekinerja.context_processors.navigasi",
            ],
            # Dates, numbers and sizes written one way on every page (inti.format).
            "builtins": ["inti.templatetags.format_id"],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env("CONN_MAX_AGE")
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if "sqlite" in DATABASES["default"]["ENGINE"]:
    # The zero-setup default: a write transaction takes the lock when it begins and waits
    # for another (up to 20 s) instead of failing with "database is locked" half-way.
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=20)
if "postgresql" in DATABASES["default"]["ENGINE"] and env.bool("DB_PREPARED", default=True):
    # Server-side binding lets psycopg prepare a query the fifth time a connection runs it,
    # so PostgreSQL plans it once: the period page's ten-table join spent 6 ms of its 6.5
    # in the planner. Needs persistent connections (above); set DB_PREPARED=False behind a
    # transaction-mode PgBouncer without prepared-statement support.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=5
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organisasi.Pegawai"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "inti.auth.PegawaiBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "beranda"
LOGOUT_REDIRECT_URL = "login"

# Accounts (django-allauth): login by NIP, no sign-up (accounts come from SI-ASN imports
# and admins; the first password from an activation code, organisasi.aktivasi), password
# reset only to a verified e-mail, two-factor (TOTP, recovery codes, WebAuthn passkeys),
# each user's list of sessions.
ACCOUNT_ADAPTER = "ekinerja.akun.AdapterAkun"
ACCOUNT_FORMS = {
    "login": "ekinerja.forms.LoginForm",
    "reset_password": "ekinerja.akun.LupaSandiForm",
}
ACCOUNT_USER_MODEL_USERNAME_FIELD = "nip"
ACCOUNT_USER_MODEL_EMAIL_FIELD = "email"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_UNIQUE_EMAIL = False  # two pegawai may share an office address
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = True  # as before allauth: no "Ingat saya" box
ACCOUNT_USER_DISPLAY = "ekinerja.akun.nama_tampil"  # "masuk sebagai <nama>", not the NIP
ACCOUNT_REAUTHENTICATION_REQUIRED = False
# Our own limits (ekinerja.forms.LoginForm, django-axes) guard the login.
ACCOUNT_RATE_LIMITS = {"login_failed": False, "reset_password": "20/m/ip,5/m/key"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
# Two-factor for a tenant that has not chosen (Pengaturan Instansi): "wajib" for its admin
# BKD and admin OPD (organisasi.models.Instansi.dua_langkah); the superadmin too.
DUA_LANGKAH_BAWAAN = env("DUA_LANGKAH_BAWAAN", default="wajib")
SUPERADMIN_WAJIB_2FA = env.bool("SUPERADMIN_WAJIB_2FA", default=True)
MFA_TOTP_ISSUER = "e-Kinerja"
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_ALLOW_UNVERIFIED_EMAIL = True  # most pegawai have no e-mail; 2FA must not wait for one
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
# A session is recorded when its user logs in, not updated on every request (a write per
# page on deadline day); without the usersessions middleware, nothing is read per request.
USERSESSIONS_TRACK_ACTIVITY = False
# Single sign-on: an OpenID Connect provider per instansi (Pengaturan Instansi), mapped by
# the NIP claim to that instansi's existing pegawai only (ekinerja.akun.AdapterSSO).
SOCIALACCOUNT_ADAPTER = "ekinerja.akun.AdapterSSO"
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False

# Login throttling: after AXES_FAILURE_LIMIT failures for one NIP from one address the
# pair is locked for an hour; a successful login resets the count.
AXES_FAILURE_LIMIT = env("AXES_FAILURE_LIMIT")
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/terkunci.html"
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_VERBOSE = False
# The hour of a lockout is fixed: a try during it (even the right password) does not
# restart it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Behind a reverse proxy, how many proxies in front add X-Forwarded-For: the client is
# the address they were given. 0 (no proxy) reads REMOTE_ADDR only, which a client cannot
# forge.
AXES_IPWARE_PROXY_COUNT = env.int("PROXY_TERPERCAYA", default=0) or None
if AXES_IPWARE_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
# ekinerja.forms.LoginForm: failures from one address across NIPs (credential stuffing)
# and of one NIP across addresses, per window of LOGIN_GAGAL_JENDELA seconds.
LOGIN_GAGAL_PER_ALAMAT = env.int("LOGIN_GAGAL_PER_ALAMAT", default=30)
LOGIN_GAGAL_PER_NIP = env.int("LOGIN_GAGAL_PER_NIP", default=20)
LOGIN_GAGAL_JENDELA = env.int("LOGIN_GAGAL_JENDELA", default=900)

LANGUAGE_CODE = "id"
TIME_ZONE = env("TIME_ZONE")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Bukti dukung go to the filesystem by default, or to an S3-compatible bucket (MinIO,
# a government cloud) when AWS_STORAGE_BUCKET_NAME is set (pip install ".[s3]"); the
# AWS_* / AWS_S3_ENDPOINT_URL settings are read by django-storages from the environment.
_s3_bucket = env("AWS_STORAGE_BUCKET_NAME", default="")
STORAGES = {
    "default": {"BACKEND": "storages.backends.s3.S3Storage"}
    if _s3_bucket
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

if _s3_bucket:
    AWS_STORAGE_BUCKET_NAME = _s3_bucket
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default=None)
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
# Signing certificates per instansi: <kode>.key.pem and <kode>.cert.pem in this folder.
TANDA_TANGAN_DIR = env.path("TANDA_TANGAN_DIR", default=BASE_DIR / "sertifikat")
# The address printed in the QR code of every document (its public verification page).
SITUS_URL = env("SITUS_URL", default="http://localhost:8000").rstrip("/")
# Bukti dukung: largest file accepted (bytes); requests up to that size are let through.
BUKTI_UKURAN_MAKS = env.int("BUKTI_UKURAN_MAKS", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=3600)
    SECURE_CONTENT_TYPE_NOSNIFF = True

# Notifications (and reminders) are e-mailed too when an SMTP server is configured
# (EMAIL_HOST) or NOTIFIKASI_SUREL says so; otherwise they stay in-app, and other mail
# (password reset) goes to the console.
EMAIL_HOST = env("EMAIL_HOST", default="")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="e-kinerja@localhost")
NOTIFIKASI_SUREL = env.bool("NOTIFIKASI_SUREL", default=bool(EMAIL_HOST))

# Django's cache: Redis when deployed (shared by every gunicorn worker), memory otherwise.
_cache_url = env("CACHE_URL", default=env("REDIS_URL", default=""))
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}
    if _cache_url
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
# With a shared cache, sessions are read from it (written through to the database): one
# query less on every page.
if _cache_url:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Days an activation code (organisasi.aktivasi) stays valid after it is issued.
AKTIVASI_HARI = env.int("AKTIVASI_HARI", default=14)
# Activation tries per address and per NIP in LOGIN_GAGAL_JENDELA, like logins.
AKTIVASI_GAGAL_PER_ALAMAT = env.int("AKTIVASI_GAGAL_PER_ALAMAT", default=30)
AKTIVASI_GAGAL_PER_NIP = env.int("AKTIVASI_GAGAL_PER_NIP", default=10)
# Seconds a tenant-wide overview (inti.rekap) may be old before it is counted again.
REKAP_UMUR = env.int("REKAP_UMUR", default=60)
# Seconds the total of a long list ("Halaman 1 dari N") may be old (inti.halaman).
HITUNG_UMUR = env.int("HITUNG_UMUR", default=60)

# Celery: eager when no broker is configured, so the embedded default needs no Redis.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=env("REDIS_URL", default=""))
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
_eager = env("CELERY_TASK_ALWAYS_EAGER")
CELERY_TASK_ALWAYS_EAGER = (not CELERY_BROKER_URL) if _eager is None else _eager
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "UTC"
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A broker that is down must not hold a request: connect within 2 s, publish once (the
# row is the job; inti.antrean and the sweeper below send it again).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    # A message a killed worker took is delivered again after this (Redis' default: 1 h).
    # Longer than CELERY_TASK_TIME_LIMIT, so a task still running is not delivered twice.
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=1800),
}
# A killed pool child (the OOM killer) puts its message back instead of acking it; every
# task is idempotent (it checks its row's status), so running it again is safe.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_SOFT_TIME_LIMIT = 900
CELERY_TASK_TIME_LIMIT = 960
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Static schedule (no django-celery-beat tables to keep): every job is idempotent and works
# out "now" in each tenant's zone themselves, so running them often is harmless.
CELERY_BEAT_SCHEDULE = {
    "kunci-jadwal": {"task": "penilaian.tasks.kunci_jadwal", "schedule": 60.0},
    "kirim-pengingat": {"task": "penilaian.tasks.kirim_pengingat", "schedule": 3600.0},
    # Overviews read in the last hour are recounted before anyone finds them stale.
    "rekap-segarkan": {"task": "inti.tasks.rekap_segarkan", "schedule": 50.0},
    # Jobs whose message was lost (broker down, worker killed) are sent again.
    "sapu-antrean": {"task": "ekinerja.tasks.sapu_antrean", "schedule": 300.0},
    "aktivasi-kedaluwarsa": {
        "task": "organisasi.tasks.tutup_aktivasi_kedaluwarsa",
        "schedule": 3600.0,
    },
    "pengingat-pembinaan": {
        "task": "penilaian.tasks.kirim_pengingat_pembinaan",
        "schedule": 3600.0,
    },
    "ringkasan-harian": {"task": "organisasi.tasks.kirim_ringkasan_harian", "schedule": 3600.0},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # WeasyPrint logs every rendering step at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
