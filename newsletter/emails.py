"""Building the newsletter's emails. Sending is the services' and tasks' business.

An issue is rendered once; each recipient's copy only swaps in their own unsubscribe link, so
building 100,000 messages costs one template render, not 100,000."""

from __future__ import annotations

import email.policy
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from . import tokens
from .models import Issue, Subscriber

# Stands in for the recipient's unsubscribe address in the once-rendered issue. Only URL-safe
# characters, so HTML escaping leaves it untouched.
UNSUBSCRIBE_PLACEHOLDER = "NEWSLETTER-UNSUBSCRIBE-URL-PLACEHOLDER"


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def unsubscribe_url(subscriber: tokens.Addressee) -> str:
    return absolute(
        reverse("newsletter:unsubscribe", args=[tokens.make_token(subscriber, tokens.UNSUBSCRIBE)])
    )


def confirm_url(subscriber: Subscriber) -> str:
    return absolute(
        reverse("newsletter:confirm", args=[tokens.make_token(subscriber, tokens.CONFIRM)])
    )


def list_headers(url: str) -> dict[str, str]:
    """RFC 2369 / RFC 8058 headers: mail clients show an unsubscribe button that POSTs
    `List-Unsubscribe=One-Click` to `url`."""
    targets = [f"<{url}>"]
    if settings.NEWSLETTER_UNSUBSCRIBE_MAILTO:
        targets.append(f"<mailto:{settings.NEWSLETTER_UNSUBSCRIBE_MAILTO}?subject=unsubscribe>")
    return {
        "List-Unsubscribe": ", ".join(targets),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"{settings.SITE_NAME} weekly <weekly.newsletter.{_host()}>",
    }


def _host() -> str:
    return settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "localhost"


def confirmation_message(subscriber: Subscriber) -> EmailMultiAlternatives:
    context = {
        "confirm_url": confirm_url(subscriber),
        "max_age_days": settings.NEWSLETTER_CONFIRM_MAX_AGE_DAYS,
        "SITE_NAME": settings.SITE_NAME,
    }
    subject = render_to_string("newsletter/email/confirm_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("newsletter/email/confirm.txt", context),
        from_email=settings.NEWSLETTER_FROM_EMAIL,
        to=[subscriber.email],
    )
    message.attach_alternative(
        render_to_string("newsletter/email/confirm.html", context), "text/html"
    )
    return message


class NewsletterMessage(EmailMultiAlternatives):
    """An issue email whose headers may run to RFC 5322's 998-character line limit.

    A List-Unsubscribe URL has no whitespace to fold at; under the usual 78-character limit
    Python's email package would rewrite it as RFC 2047 encoded words, which mail clients do
    not read as a URL, and the one-click button would silently disappear."""

    def message(self, *, policy=email.policy.default):
        return super().message(policy=policy.clone(max_line_length=998))


@dataclass(frozen=True)
class RenderedIssue:
    subject: str
    text: str
    html: str
    # The unsubscribe address around its token, resolved once instead of once per recipient.
    unsubscribe_prefix: str
    unsubscribe_suffix: str

    def message_for(self, subscriber: tokens.Addressee) -> EmailMultiAlternatives:
        token = tokens.make_token(subscriber, tokens.UNSUBSCRIBE)
        url = f"{self.unsubscribe_prefix}{token}{self.unsubscribe_suffix}"
        message = NewsletterMessage(
            subject=self.subject,
            body=self.text.replace(UNSUBSCRIBE_PLACEHOLDER, url),
            from_email=settings.NEWSLETTER_FROM_EMAIL,
            to=[subscriber.email],
            headers=list_headers(url),
        )
        message.attach_alternative(self.html.replace(UNSUBSCRIBE_PLACEHOLDER, url), "text/html")
        return message


def issue_context(issue: Issue, *, unsubscribe: str = UNSUBSCRIBE_PLACEHOLDER) -> dict:
    return {
        "issue": issue,
        "stories": issue.ordered_stories(),
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "archive_url": absolute(reverse("newsletter:archive")),
        "web_url": absolute(issue.get_absolute_url()),
        "unsubscribe_url": unsubscribe,
    }


def render_issue(issue: Issue) -> RenderedIssue:
    context = issue_context(issue)
    marker = "TOKEN"
    prefix, suffix = absolute(reverse("newsletter:unsubscribe", args=[marker])).split(marker)
    return RenderedIssue(
        subject=issue.subject,
        text=render_to_string("newsletter/email/issue.txt", context),
        html=render_to_string("newsletter/email/issue.html", context),
        unsubscribe_prefix=prefix,
        unsubscribe_suffix=suffix,
    )
