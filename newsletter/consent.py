"""The consent sentence readers agree to when they sign up. Its version is stored with each
subscriber, so a change of wording gets a new version and old records keep their meaning."""

from django.utils.translation import gettext_lazy as _

CONSENT_VERSION = "2026-11-privacy-v1"
CONSENT_TEXT = _(
    "Free, every Friday. Subscribers agree to the Privacy Policy; "
    "every issue has a one-click unsubscribe link."
)
