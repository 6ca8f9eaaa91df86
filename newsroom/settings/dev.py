"""Development: DEBUG on, every email written to var/mail/ so it can be opened."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = env.bool("DEBUG", default=True)
MAIL_DIR = BASE_DIR / "var" / "mail"
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": str(MAIL_DIR)},
    },
}
# Newsletter bulk mail lands in the same folder as every other development email.
MAILERS["newsletter"] = MAILERS["default"]

# Passkeys over plain http on this machine (production is https only).
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
