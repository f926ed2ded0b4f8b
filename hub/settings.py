"""One settings module, read from the environment.

Every variable has a local default that needs no service: SQLite, local media, local-memory
cache, console email. Production sets DATABASE_URL, the S3 variables, REDIS_URL, EMAIL_URL,
SECRET_KEY and turns DEBUG off. See README.md for the full list.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

from hub.journaux import format_journal

BASE_DIR = Path(__file__).resolve().parent.parent


class _Secrets(environ.FileAwareMapping):
    """`NAME_FILE` names a file holding NAME (Docker and Kubernetes secrets), read instead of NAME;
    the file's final newline is not part of the value."""

    def __getitem__(self, key):
        value = super().__getitem__(key)
        return value.rstrip("\r\n") if self.env.get(f"{key}_FILE") else value


env = environ.Env()
env.ENVIRON = _Secrets()

DEBUG = env.bool("DEBUG", default=True)
# The image build (collectstatic) imports these settings without any runtime secret.
BUILD_STATIC = env.bool("BUILD_STATIC", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG and not BUILD_STATIC:
        raise ImproperlyConfigured("SECRET_KEY est obligatoire quand DEBUG est désactivé.")
    SECRET_KEY = "dev-only-insecure-key-never-used-in-production-0123456789"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Public base URL of the hub (canonical URLs in feeds, calendar, emails).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL

INSTALLED_APPS = [
    "hub",
    "django_guid",
    "contenus",
    "epds",
    "annuaire",
    "dsfr",  # templates, tags and static files of the French state design system
    "widget_tweaks",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.locales",
    "wagtail.api.v2",
    "wagtail",
    "reperage",  # after wagtail.snippets, before grapple (its snippets keep their interface)
    # grapple must come after wagtail.snippets, or snippet types lose their interface.
    "grapple",
    "graphene_django",
    "modelcluster",
    "rest_framework",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django_guid.middleware.guid_middleware",  # the request id of every log line (see LOGGING)
    "hub.adresses.PortDuHoteMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]
MIDDLEWARE.append("hub.unavailable.DatabaseUnavailableMiddleware")  # 503 on a database outage

ROOT_URLCONF = "hub.urls"
WSGI_APPLICATION = "hub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "hub" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file for the test database too, so that --reuse-db skips the ~190 migrations.
    _sqlite = Path(DATABASES["default"]["NAME"])
    DATABASES["default"]["TEST"] = {"NAME": str(_sqlite.with_name(f"test_{_sqlite.name}"))}
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "hub.cache_backends.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "hub"}}
# Wagtail's rendition cache, in each process: `get_rendition` writes every rendition it serves
# back to this cache, prefetched ones included — 20 network round trips for a page of 20
# articles with the shared cache. Keys hold the file's hash, so a replaced file is a new key;
# entries expire after a minute.
CACHES["renditions"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "renditions",
    "TIMEOUT": 60,
    "OPTIONS": {"MAX_ENTRIES": 5000},
}

# --- Background tasks (durable: the database is the queue) ---------------------------------
TASKS = {"default": {"BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}}
# `manage.py worker` (hub/worker.py): a running task whose worker has not been seen for this long
# (heartbeat every third of it) is put back in the queue; the worker retries the database forever.
WORKER_BAIL_SECONDES = env.float("WORKER_BAIL_SECONDES", default=60)

# --- Static and media files -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.str("STATIC_ROOT", default=str(BASE_DIR / "static"))
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(BASE_DIR / "media"))

AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="us-east-1"),
            "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None,
            "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="path"),
            "signature_version": "s3v4",
            # Media (images, documents) are public content: plain URLs that a CDN can cache.
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=False),
            "file_overwrite": False,
            "default_acl": None,
        },
    }

# --- Email ----------------------------------------------------------------------------------
_email = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(_email)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="1000 jours <ne-pas-repondre@1000jours.local>")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# X-Forwarded-Proto is believed only behind a proxy that sets it (TRUST_X_FORWARDED_PROTO=1);
# a client's own header is ignored otherwise.
TRUST_X_FORWARDED_PROTO = env.bool("TRUST_X_FORWARDED_PROTO", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUST_X_FORWARDED_PROTO else None
# Ports a Host header may name besides SITE_URL's (hub.adresses.PortDuHoteMiddleware).
ALLOWED_HOST_PORTS = env.list("ALLOWED_HOST_PORTS", default=[])
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
CSRF_FAILURE_VIEW = "hub.views.erreur_csrf"  # a French page with a way back (hub/templates/403_csrf.html)
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=1024 * 1024)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "fr"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES = [
    ("fr", "Français"),
    ("en", "English"),
    ("ar", "العربية"),
]

# --- Wagtail --------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Hub des 1000 premiers jours"
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no internet here, and no leak of editors' emails
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français"), ("en", "English")]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_IMAGE_MODEL = "wagtailimages.Image"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_HEADLESS_PREVIEW = {
    "CLIENT_URLS": {"default": env.str("PREVIEW_CLIENT_URL", default=f"{SITE_URL}/apercu/")}
}

# --- GraphQL --------------------------------------------------------------------------------
GRAPHQL_INTROSPECTION = env.bool("GRAPHQL_INTROSPECTION", default=DEBUG)
GRAPHQL_MAX_DEPTH = env.int("GRAPHQL_MAX_DEPTH", default=10)
GRAPPLE = {
    # No app is handed whole to grapple: the models it may expose are an allow-list, declared by
    # each app's AppConfig (`grapple_models`, hub.registry); nothing else gets a GraphQL type.
    "APPS": {},
    "EXPOSE_GRAPHIQL": env.bool("GRAPHIQL", default=DEBUG),
    "ADD_SEARCH_HIT": False,
    "PAGE_SIZE": 20,
    "MAX_PAGE_SIZE": 100,
    "ALLOWED_IMAGE_FILTERS": None,
}
GRAPHENE = {"SCHEMA": "hub.schema.schema", "ATOMIC_MUTATIONS": False}

# --- Logging: never personal data; request bodies are never logged --------------------------
# LOG_FORMAT=json (the default when DEBUG is off): one JSON object a line; `plain` otherwise.
LOG_FORMAT = format_journal()  # gunicorn's own logger (hub.journaux.JournalGunicorn) reads the same
# X-Request-ID: a client's or proxy's UUID is kept, anything else replaced by a new one; sent back
# in the response and written in each log line of the request (`request_id`).
DJANGO_GUID = {"GUID_HEADER_NAME": "X-Request-ID", "VALIDATE_GUID": True, "EXPOSE_HEADER": False}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "hub.journaux.FormatJson"},
    },
    # URLs in log records lose their query string and tokens (hub.journaux).
    "filters": {
        "sans_donnees_personnelles": {"()": "hub.journaux.FiltreDonneesPersonnelles"},
        "request_id": {"()": "django_guid.log_filters.CorrelationId", "correlation_id_field": "request_id"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["sans_donnees_personnelles", "request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's own handlers (console in DEBUG, mail_admins with the request's details,
        # runserver's request lines) dropped: their records reach the root's scrubbing handler.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
        "django.request": {"level": "ERROR"},
        "django.db.backends": {"level": "INFO"},
        # Its own lines (one a request, and a refused header's value) say nothing an operator needs.
        "django_guid": {"level": "ERROR"},
    },
}

# --- Annuaire -------------------------------------------------------------------------------
# Entries not verified for this many days are listed for review (admin filter « À vérifier »,
# command `annuaire_a_verifier`).
ANNUAIRE_VERIFICATION_DELAI_JOURS = env.int("ANNUAIRE_VERIFICATION_DELAI_JOURS", default=365)
# Days a professional's update link (sent from the admin, single use) stays valid.
ANNUAIRE_LIEN_VALIDITE_JOURS = env.int("ANNUAIRE_LIEN_VALIDITE_JOURS", default=7)
# Retries of the link's email (hub.tasks.Reprise), as for the EPDS notifications.
ANNUAIRE_LIEN_EMAIL_TENTATIVES_MAX = env.int("ANNUAIRE_LIEN_EMAIL_TENTATIVES_MAX", default=8)
ANNUAIRE_LIEN_EMAIL_DELAI_SECONDES = env.int("ANNUAIRE_LIEN_EMAIL_DELAI_SECONDES", default=60)
ANNUAIRE_LIEN_EMAIL_DELAI_MAX_SECONDES = env.int("ANNUAIRE_LIEN_EMAIL_DELAI_MAX_SECONDES", default=6 * 3600)
# Update-link pages opened a minute, per client address and per token prefix (guessing).
ANNUAIRE_LIEN_TENTATIVES_PAR_MINUTE = env.int("ANNUAIRE_LIEN_TENTATIVES_PAR_MINUTE", default=20)
# Geocoding of addresses on import and on edit (annuaire/geocodage.py): a dotted path. Locally
# nothing is required (no geocoder: coordinates stay empty and the import report says so); in
# production `annuaire.geocodage.GeocodeurBAN`, the national address API, through hub/reseau.py.
GEOCODER = env.str("GEOCODER", default="annuaire.geocodage.GeocodeurIndisponible")
GEOCODER_URL = env.str("GEOCODER_URL", default="https://api-adresse.data.gouv.fr/search/")
# Below this BAN score (0 to 1) an answer is a guess: refused and reported, never stored.
GEOCODER_SCORE_MIN = env.float("GEOCODER_SCORE_MIN", default=0.6)
GEOCODER_DELAI_SECONDES = env.float("GEOCODER_DELAI_SECONDES", default=5.0)

# --- GraphQL limits, cache, rate limits ------------------------------------------------------
GRAPHQL_MAX_COST = env.int("GRAPHQL_MAX_COST", default=20000)
GRAPHQL_DEFAULT_LIST_SIZE = env.int("GRAPHQL_DEFAULT_LIST_SIZE", default=10)
GRAPHQL_MAX_PAGE_SIZE = 100
GRAPHQL_MAX_BODY_BYTES = env.int("GRAPHQL_MAX_BODY_BYTES", default=100 * 1024)
GRAPHQL_PERSISTED_ONLY = env.bool("GRAPHQL_PERSISTED_ONLY", default=False)
GRAPHQL_CACHE_SECONDS = env.int("GRAPHQL_CACHE_SECONDS", default=300)
GRAPHQL_CDN_MAX_AGE = env.int("GRAPHQL_CDN_MAX_AGE", default=60)
# Each process trusts the content generation it read for this long (a change made in another
# process reaches it within this delay) and keeps the responses it served last, up to this size.
GRAPHQL_GENERATION_CHECK_SECONDS = env.float("GRAPHQL_GENERATION_CHECK_SECONDS", default=0.5)
GRAPHQL_LOCAL_CACHE_BYTES = env.int("GRAPHQL_LOCAL_CACHE_BYTES", default=32 * 1024 * 1024)
# Per-process caches keyed by what clients send, bounded in bytes (hub.sized_cache): parsed
# GraphQL documents with their verdicts, and the reference-content memos of hub.api.cache.
# `make bench` only: routes the constant JSON view the benchmark measures as its floor.
BENCH_FLOOR_VIEW = env.bool("BENCH_FLOOR_VIEW", default=False)
GRAPHQL_DOCUMENT_CACHE_BYTES = env.int("GRAPHQL_DOCUMENT_CACHE_BYTES", default=32 * 1024 * 1024)
LOCAL_MEMO_BYTES = env.int("LOCAL_MEMO_BYTES", default=32 * 1024 * 1024)
# Larger answers are not kept in the shared cache (which is bounded: see hub.api.cache).
GRAPHQL_CACHE_MAX_ENTRY_BYTES = env.int("GRAPHQL_CACHE_MAX_ENTRY_BYTES", default=1024 * 1024)
RATE_LIMIT_PER_ADDRESS = env.int("RATE_LIMIT_PER_ADDRESS", default=60)  # public mutations a minute
RATE_LIMIT_PER_PARTNER = env.int("RATE_LIMIT_PER_PARTNER", default=6000)
USE_X_FORWARDED_FOR = env.bool("USE_X_FORWARDED_FOR", default=False)
# Public mutations need a partner's allowed origin or API key; on by default in production.
GRAPHQL_MUTATIONS_REQUIRE_PARTNER = env.bool("GRAPHQL_MUTATIONS_REQUIRE_PARTNER", default=not DEBUG)
# The partners' model (a domain's, like AUTH_USER_MODEL): the hub's API keys and CORS read it by
# this name, never by importing its app. It has `slug`, `actif` and `origines_autorisees`.
HUB_PARTNER_MODEL = "epds.Partenaire"
DATABASE_STATEMENT_TIMEOUT_MS = env.int("DATABASE_STATEMENT_TIMEOUT_MS", default=5000)
if DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT_MS}"
    )
WAGTAIL_API_V2_ENABLED = env.bool("WAGTAIL_API_V2_ENABLED", default=False)  # `make bench` comparison only
GRAPHENE["MIDDLEWARE"] = ["hub.api.limits.GrappleGuardMiddleware"]

# --- Denial of service: bounds on every GraphQL document and on reads (README « Refusals ») ----
GRAPHQL_MAX_TOKENS = env.int("GRAPHQL_MAX_TOKENS", default=2000)  # the longest operation has 120
GRAPHQL_MAX_FIELDS = env.int("GRAPHQL_MAX_FIELDS", default=300)  # fields written in one document
GRAPHQL_MAX_ALIASES = env.int("GRAPHQL_MAX_ALIASES", default=20)
GRAPHQL_MAX_OFFSET = env.int("GRAPHQL_MAX_OFFSET", default=10_000)  # grapple's `offset`
# Reads per client and minute, weighed by their estimated cost (a cached answer weighs 1).
RATE_LIMIT_READ_COST_PER_ADDRESS = env.int("RATE_LIMIT_READ_COST_PER_ADDRESS", default=300_000)
RATE_LIMIT_READ_COST_PER_PARTNER = env.int("RATE_LIMIT_READ_COST_PER_PARTNER", default=30_000_000)
# Seconds a client is told to wait (Retry-After) when the database is unreachable.
DATABASE_RETRY_AFTER_SECONDS = env.int("DATABASE_RETRY_AFTER_SECONDS", default=30)
if REDIS_URL:  # an unreachable Redis costs a request one second at most (then the cache degrades)
    CACHES["default"].setdefault("OPTIONS", {}).update({"socket_connect_timeout": 1, "socket_timeout": 1})

# --- EPDS -----------------------------------------------------------------------------------
# Fernet keys (comma-separated, newest first) encrypting parents' personal data at rest.
EPDS_ENCRYPTION_KEYS = env.list("EPDS_ENCRYPTION_KEYS", default=[])
if not EPDS_ENCRYPTION_KEYS and not DEBUG and not BUILD_STATIC:
    raise ImproperlyConfigured("EPDS_ENCRYPTION_KEYS est obligatoire quand DEBUG est désactivé.")
# Without keys (DEBUG only), a development key is derived from SECRET_KEY.
EPDS_CLE_DEV_AUTORISEE = not EPDS_ENCRYPTION_KEYS and DEBUG
# Where contact requests are announced (the follow-up team's shared mailbox).
EPDS_EMAIL_EQUIPE_SUIVI = env.list("EPDS_EMAIL_EQUIPE_SUIVI", default=["suivi-epds@1000jours.local"])
# Notification retries: attempts, first delay, cap (exponential backoff in between).
EPDS_NOTIFICATION_TENTATIVES_MAX = env.int("EPDS_NOTIFICATION_TENTATIVES_MAX", default=8)
EPDS_NOTIFICATION_DELAI_SECONDES = env.int("EPDS_NOTIFICATION_DELAI_SECONDES", default=60)
EPDS_NOTIFICATION_DELAI_MAX_SECONDES = env.int("EPDS_NOTIFICATION_DELAI_MAX_SECONDES", default=6 * 3600)
# Retention of personal data (purge_epds): closed cases, and cases untouched for this long.
EPDS_RETENTION_JOURS_CLOS = env.int("EPDS_RETENTION_JOURS_CLOS", default=90)
EPDS_RETENTION_JOURS_INACTIFS = env.int("EPDS_RETENTION_JOURS_INACTIFS", default=365)
# A professional's EPDS result (a PDF to their own email): its encrypted payload lives until the
# send ends, the delivery row (no personal data) this many hours more (purge_envois_epds_pro).
EPDS_PRO_RETENTION_HEURES = env.int("EPDS_PRO_RETENTION_HEURES", default=24)
# A TrueType font with the accents and scripts of the questionnaire's languages (fonts-dejavu-core);
# without it the PDF falls back to a core font, latin characters only.
EPDS_PDF_POLICE = env.str("EPDS_PDF_POLICE", default="/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

# --- Repérage TND: anonymous answers are kept this many days (purge_reperage) ------------------
REPERAGE_RETENTION_JOURS = env.int("REPERAGE_RETENTION_JOURS", default=730)

# --- Contenus: syndication and publication webhooks --------------------------------------------
WEBHOOK_TENTATIVES_MAX = env.int("WEBHOOK_TENTATIVES_MAX", default=8)
WEBHOOK_DELAI_SECONDES = env.int("WEBHOOK_DELAI_SECONDES", default=60)
WEBHOOK_DELAI_MAX_SECONDES = env.int("WEBHOOK_DELAI_MAX_SECONDES", default=6 * 3600)
WEBHOOK_TIMEOUT_SECONDES = env.int("WEBHOOK_TIMEOUT_SECONDES", default=5)
# Webhooks reach public addresses only (hub.reseau); networks listed here are allowed anyway
# (development, tests: e.g. 127.0.0.0/8). Empty in production.
WEBHOOK_RESEAUX_AUTORISES = env.list("WEBHOOK_RESEAUX_AUTORISES", default=[])
# Measures are shown by the front-ends: the canonical address of one, for syndication.
MESURE_URL = env.str("MESURE_URL", default=f"{SITE_URL}/mesures/{{slug}}/")
