"""A reader subscribes from a story, confirms from the email the development mailer wrote to
its folder, and later leaves through the link in an issue."""

import email
import email.policy
import re
from pathlib import Path

import pytest
from django.test import override_settings

from newsletter import services
from newsletter.models import Subscriber
from tests.factories import ArticleFactory
from tests.newsletter.factories import IssueFactory

pytestmark = pytest.mark.django_db(transaction=True)


def emails_in(folder: Path) -> list[email.message.EmailMessage]:
    """Every message the file-based mailer wrote (it separates messages by a line of dashes)."""
    messages = []
    for path in sorted(folder.glob("*.log")):
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk, policy=email.policy.default))
    return messages


def link_in(message: email.message.EmailMessage, pattern: str) -> str:
    text = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(pattern, text).group(0)


def test_subscribe_confirm_and_later_unsubscribe(page, live_server, tmp_path):
    folder = tmp_path / "mail"
    file_mailer = {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": str(folder)},
    }
    story = ArticleFactory(headline="Ferry timetable changes")
    with override_settings(
        MAILERS={"default": file_mailer, "newsletter": file_mailer}, SITE_URL=live_server.url
    ):
        page.goto(live_server.url + story.get_absolute_url())
        box = page.get_by_role("region", name="Sign up for our free weekly newsletter")
        box.get_by_label("Email address").fill("Reader@Example.net")
        box.get_by_role("button", name="Sign up").click()
        # Submitted in place: the story stays, the box answers.
        page.get_by_text("Check your inbox.").wait_for()
        assert page.url == live_server.url + story.get_absolute_url()

        [confirmation] = emails_in(folder)
        assert confirmation["To"] == "reader@example.net"
        page.goto(link_in(confirmation, r"http://\S+/newsletter/confirm/\S+/"))
        page.get_by_role("button", name="Confirm my subscription").click()
        page.get_by_role("heading", name="Thank you: you're subscribed").wait_for()
        assert Subscriber.objects.get().state == Subscriber.State.CONFIRMED

        # Later: the Friday issue arrives, and the reader unsubscribes from its link.
        services.start_sending(issue=IssueFactory(stories=[story]))
        [issue_mail] = [m for m in emails_in(folder) if m["Subject"] != confirmation["Subject"]]
        assert issue_mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        page.goto(link_in(issue_mail, r"http://\S+/newsletter/unsubscribe/\S+/"))
        page.get_by_role("button", name="Unsubscribe").click()
        page.get_by_role("heading", name="You're unsubscribed").wait_for()
        assert Subscriber.objects.get().state == Subscriber.State.UNSUBSCRIBED
