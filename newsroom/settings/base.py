"""Settings shared by every profile. Everything that differs between machines is read from
the environment (or a `.env` file beside manage.py) with django-environ."""

import copy
import hashlib
import tempfile
from pathlib import Path

import environ
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Development-only fallback; prod.py refuses to start without a real SECRET_KEY.
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-not-secret-3f9c1e7a8b2d4c6e0a5b7d9f1e3c5a7b")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env.str("SITE_NAME", default="The Harbour Ledger")
SITE_DESCRIPTION = env.str(
    "SITE_DESCRIPTION", default="Independent news from the coast: politics, business and culture."
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "taggit",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_prose_editor",
    "simple_history",
    "sorl.thumbnail",
    "django_tasks_db",
    "accounts",
    "articles",
    "donations",
    "newsletter",
    "newsroom",
]

MIDDLEWARE = [
    # First: load balancers probe /healthz by IP over plain HTTP (see newsroom.health).
    "newsroom.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before CSP, sessions, CSRF and auth: a cached page costs none of them.
    "newsroom.pagecache.PageCacheMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Turns what the view raised, when it is a database that does not answer, into a 503
    # with Retry-After instead of a 500 (allauth's middleware, added below, handles only
    # its own exceptions).
    "newsroom.unavailable.DatabaseUnavailableMiddleware",
    # Gives the empty 405 of a POST-only form endpoint the site's error page.
    "newsroom.notallowed.MethodNotAllowedPageMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    # A restarted PostgreSQL must not leave workers holding dead connections.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                # A Redis outage must never break a page: misses instead of errors.
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.2,
                "SOCKET_TIMEOUT": 0.2,
            },
            # Distinct per site when several share one Redis.
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="newsroom"),
        },
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "display_name")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default=f"{SITE_NAME} <newsroom@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": env.str("EMAIL_HOST", default="localhost"),
            "port": env.int("EMAIL_PORT", default=25),
            "username": env.str("EMAIL_HOST_USER", default=""),
            "password": env.str("EMAIL_HOST_PASSWORD", default=""),
            "use_tls": env.bool("EMAIL_USE_TLS", default=False),
            "timeout": 10,
        },
    },
}

# Uploads: decoded-format and size limits for photos (see articles.images).
PHOTO_MAX_PIXELS = 40_000_000
PHOTO_MAX_BYTES = 20 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

THUMBNAIL_PRESERVE_FORMAT = False
THUMBNAIL_QUALITY = 80

# "harbour" typed on a story reuses an existing "Harbour" tag instead of making a second tag
# page for the same subject. taggit matches names with `iexact` when it looks a tag up; the
# spelling the tag was first created with is the one readers see.
TAGGIT_CASE_INSENSITIVE = True

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "newsroom.views.csrf_failure"

# Anonymous reader pages are shared caches' business: seconds browsers and CDNs may keep them.
READER_PAGE_MAX_AGE = env.int("READER_PAGE_MAX_AGE", default=60)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "line"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}


# ---------------------------------------------------------------------------------------------
# Donations (donations/): reader revenue. Provider "offline" (a local payment page, no money)
# or "stripe" (needs STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET).
DONATIONS_PROVIDER = env.str("DONATIONS_PROVIDER", default="offline")
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
DONATIONS_WEBHOOK_TOLERANCE_SECONDS = 300
# "Remind me later" hides prompts this long; a gift (or a recurring donor's sign-in) this long.
DONATIONS_SNOOZE_DAYS = env.int("DONATIONS_SNOOZE_DAYS", default=7)
DONATIONS_THANKED_DAYS = env.int("DONATIONS_THANKED_DAYS", default=30)
DONATIONS_COOKIE_NAME = "support_prompt"
# Abuse and card-testing resistance without a CAPTCHA (see donations.views.checkout).
DONATIONS_MIN_SUBMIT_SECONDS = 3
DONATIONS_CHECKOUT_RATE_PER_IP = env.str("DONATIONS_CHECKOUT_RATE_PER_IP", default="10/h")
DONATIONS_CHECKOUT_RATE_PER_EMAIL = env.str("DONATIONS_CHECKOUT_RATE_PER_EMAIL", default="5/h")
DONATIONS_REMIND_RATE_PER_IP = "30/h"
DONATIONS_MANAGE_LINK_MAX_AGE = 7 * 24 * 60 * 60
MIDDLEWARE += ["donations.middleware.QuietDonorCookieMiddleware"]

# --- Editorial workflow (articles) ---------------------------------------------------------
# How long a signed preview link for people without an account stays valid, in seconds.
ARTICLES_PREVIEW_MAX_AGE = env.int("ARTICLES_PREVIEW_MAX_AGE", default=48 * 3600)

# ---------------------------------------------------------------------------------------------
# Newsletter (newsletter/): weekly issue, double opt-in, bulk sending through its own mailer.
# ---------------------------------------------------------------------------------------------
# Bulk mail has its own alias so an email service (django-anymail) can carry it apart from
# transactional mail; by default it goes the same way as the default mailer.
MAILERS["newsletter"] = copy.deepcopy(MAILERS["default"])
NEWSLETTER_FROM_EMAIL = env.str("NEWSLETTER_FROM_EMAIL", default=DEFAULT_FROM_EMAIL)
# Optional address for the mailto: part of List-Unsubscribe (RFC 2369); empty leaves it out.
NEWSLETTER_UNSUBSCRIBE_MAILTO = env.str("NEWSLETTER_UNSUBSCRIBE_MAILTO", default="")
# Deliveries one batch claims and sends inside one transaction (see newsletter.services).
NEWSLETTER_BATCH_SIZE = env.int("NEWSLETTER_BATCH_SIZE", default=500)
# Batch tasks started side by side when an issue goes out (one per worker process is right).
NEWSLETTER_PARALLEL_BATCHES = env.int("NEWSLETTER_PARALLEL_BATCHES", default=2)
NEWSLETTER_SIGNUP_RATE = env.str("NEWSLETTER_SIGNUP_RATE", default="10/h")
NEWSLETTER_CONFIRMATIONS_PER_DAY = 3
NEWSLETTER_CONFIRM_MAX_AGE_DAYS = 7
# The weekly issue: ISO weekday (5 = Friday) and local time in TIME_ZONE.
NEWSLETTER_SEND_WEEKDAY = env.int("NEWSLETTER_SEND_WEEKDAY", default=5)
NEWSLETTER_SEND_TIME = env.str("NEWSLETTER_SEND_TIME", default="09:00")
NEWSLETTER_MAX_STORIES = 12
# The weekly draft opens with the home page's top stories, as the reader site lists them.
NEWSLETTER_TOP_STORIES = "newsroom.selectors.front_page_story_ids"

# --- Reader site (newsroom) -------------------------------------------------------------------
# sorl-thumbnail records each rendition in its database table fronted by this cache, so a
# warm page reads rendition sizes from the cache and costs no query per photo.
THUMBNAIL_CACHE = "default"

# --- Accounts: django-allauth (account + mfa), sessions, staff second factor -----------------
# Readers and staff sign in through allauth; the admin's own login page redirects here.
INSTALLED_APPS += ["allauth", "allauth.account", "allauth.mfa"]
MIDDLEWARE += ["allauth.account.middleware.AccountMiddleware"]
# allauth's backend extends ModelBackend (permissions included) and hashes once per attempt,
# known address or not.
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:home"
ACCOUNT_LOGOUT_REDIRECT_URL = "newsroom:home"
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm", "login": "accounts.forms.LoginForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True  # one address per account; a new one counts once verified
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = True  # unknown addresses get a mail too: same answer, same work
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False  # reset by a single-use link
PASSWORD_RESET_TIMEOUT = 60 * 60  # reset links expire within an hour
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False  # the other sessions end; this one is kept
ACCOUNT_EMAIL_NOTIFICATIONS = True  # tell the owner when the password, address or factors change
ACCOUNT_SESSION_REMEMBER = True  # lifetimes are fixed per role, see accounts.sessions
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https://") else "http"
ACCOUNT_RATE_LIMITS = {
    # Failed sign-ins: per address of the client and per account (keyed by email). A burst of
    # five per five minutes, and never more than 100 an hour on one account.
    "login_failed": "10/m/ip,5/5m/key,100/1h/key",
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "request_login_code": "20/m/ip,3/m/key",
}
MFA_ADAPTER = "accounts.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = SITE_NAME
# Staff must pass a second factor before the admin admits them (always on in production).
STAFF_REQUIRE_MFA = env.bool("STAFF_REQUIRE_MFA", default=False)
STAFF_SESSION_MAX_AGE = 12 * 60 * 60
READER_SESSION_MAX_AGE = 14 * 24 * 60 * 60
SESSION_COOKIE_AGE = READER_SESSION_MAX_AGE
ACCOUNT_SESSION_COOKIE_AGE = READER_SESSION_MAX_AGE
# Unverified sign-ups older than this are removed (`manage.py purge_unverified_accounts`).
ACCOUNTS_UNVERIFIED_MAX_AGE_DAYS = 30

# ---- Demo newsroom (`manage.py load_demo`, articles/demo/) ----
# Size of the generated lede pictures; tests use a small one to stay fast.
DEMO_PHOTO_SIZE = (1600, 900)

# --- Production profile and page cache (issue 7) -------------------------------------------
# Full-page cache of anonymous reader pages with exact purges (newsroom.pagecache). Its own
# alias, so the page cache can be sized, flushed or moved apart from the default cache.
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=True)
# How long the app keeps a page. Purges are exact, so this only bounds memory use.
PAGE_CACHE_TIMEOUT = env.int("PAGE_CACHE_TIMEOUT", default=600)
# Cache-Control of cached pages: browsers keep them READER_PAGE_MAX_AGE, CDNs longer (they
# purge by key).
PAGE_CACHE_S_MAXAGE = env.int("PAGE_CACHE_S_MAXAGE", default=300)
PAGE_CACHE_STALE_WHILE_REVALIDATE = env.int("PAGE_CACHE_STALE_WHILE_REVALIDATE", default=30)
if REDIS_URL:
    CACHES["pages"] = {
        **CACHES["default"],
        "OPTIONS": {**CACHES["default"]["OPTIONS"]},
        "KEY_PREFIX": CACHES["default"]["KEY_PREFIX"] + "-pages",
    }
else:
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
    }
# A CDN in front of the site is purged by the same keys, from a task (newsroom.cdn):
# CDN_PROVIDER is "fastly" (with CDN_SERVICE_ID) or "cloudflare" (with CDN_ZONE_ID), and
# CDN_API_TOKEN; CDN_API_URL replaces the provider's address.
PAGE_CACHE_CDN = {
    "PROVIDER": env.str("CDN_PROVIDER", default=""),
    "SERVICE_ID": env.str("CDN_SERVICE_ID", default=""),
    "ZONE_ID": env.str("CDN_ZONE_ID", default=""),
    "API_TOKEN": env.str("CDN_API_TOKEN", default=""),
    "API_URL": env.str("CDN_API_URL", default=""),
}
# Worker memory, the first tier in front of the shared cache (newsroom.pagememory): up to
# this many bytes of pages per worker (0 turns it off), each trusted this many seconds before
# the shared cache is asked again. Purges on this host reach it at once through the
# generation file; purges made on another host within those seconds.
PAGE_CACHE_WORKER_MEMORY_BYTES = env.int("PAGE_CACHE_WORKER_MEMORY_BYTES", default=4 * 2**20)
PAGE_CACHE_WORKER_MEMORY_SECONDS = env.float("PAGE_CACHE_WORKER_MEMORY_SECONDS", default=2.0)
# One file per page cache (its alias's location and prefix), in shared memory when the host
# has it, so two sites on one host never share a generation.
_PAGES_IDENTITY = f"{CACHES['pages'].get('LOCATION')}|{CACHES['pages'].get('KEY_PREFIX', '')}"
PAGE_CACHE_GENERATION_FILE = env.str(
    "PAGE_CACHE_GENERATION_FILE",
    default=str(
        Path("/dev/shm" if Path("/dev/shm").is_dir() else tempfile.gettempdir())  # noqa: S108
        / f"newsroom-pages-{hashlib.sha256(_PAGES_IDENTITY.encode()).hexdigest()[:16]}"
    ),
)
