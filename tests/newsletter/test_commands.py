import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import CommandError, call_command
from django.utils import timezone

from newsletter import services
from newsletter.models import Delivery, Issue, Subscriber
from tests.factories import ArticleFactory
from tests.newsletter.factories import IssueFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


def test_send_newsletter_sends_an_issue_and_reports(settings):
    SubscriberFactory.create_batch(5)
    issue = IssueFactory(stories=[ArticleFactory()])
    out = io.StringIO()
    call_command("send_newsletter", str(issue.pk), "--batch-size", "2", stdout=out)
    assert len(mail.outbox) == 5
    assert f"Issue {issue.pk} is sent: 5 of 5 sent." in out.getvalue()
    issue.refresh_from_db()
    assert issue.state == Issue.State.SENT


def test_send_newsletter_resumes_a_half_sent_issue_without_doubling():
    subscribers = SubscriberFactory.create_batch(4)
    issue = IssueFactory(state=Issue.State.SENDING, stories=[ArticleFactory()])
    for n, subscriber in enumerate(subscribers):
        issue.deliveries.create(subscriber=subscriber, status="sent" if n < 2 else "pending")
    call_command("send_newsletter", str(issue.pk), stdout=io.StringIO())
    assert sorted(m.to[0] for m in mail.outbox) == sorted(s.email for s in subscribers[2:])
    assert Delivery.objects.filter(status="sent").count() == 4


def test_send_newsletter_refuses_bad_arguments_clearly():
    with pytest.raises(CommandError, match="either an issue id or --due"):
        call_command("send_newsletter")
    with pytest.raises(CommandError, match="no issue with id 999"):
        call_command("send_newsletter", "999")
    sent = IssueFactory(state=Issue.State.SENT)
    with pytest.raises(CommandError, match="sent already"):
        call_command("send_newsletter", str(sent.pk))
    empty = IssueFactory()
    with pytest.raises(CommandError, match="has no stories"):
        call_command("send_newsletter", str(empty.pk))


def test_send_newsletter_due_sends_scheduled_issues_whose_time_has_come():
    from datetime import timedelta

    from django.utils import timezone

    SubscriberFactory()
    due = IssueFactory(state=Issue.State.SCHEDULED, send_at=timezone.now() - timedelta(minutes=5))
    later = IssueFactory(state=Issue.State.SCHEDULED, send_at=timezone.now() + timedelta(days=2))
    call_command("send_newsletter", "--due", stdout=io.StringIO())
    due.refresh_from_db()
    later.refresh_from_db()
    assert due.state == Issue.State.SENT and later.state == Issue.State.SCHEDULED
    assert len(mail.outbox) == 1


def test_bounce_command_marks_addresses_and_reports_the_rest(tmp_path):
    kept = SubscriberFactory(email="kept@example.net")
    gone = SubscriberFactory(email="gone@example.net")
    listing = tmp_path / "bounces.txt"
    listing.write_text("GONE@example.net\nunknown@example.net\nnot-an-address\n")
    out, err = io.StringIO(), io.StringIO()
    call_command("newsletter_bounces", "--file", str(listing), stdout=out, stderr=err)
    assert "Marked 1; not on the list 1; invalid 1." in out.getvalue()
    assert "not-an-address" in err.getvalue()
    gone.refresh_from_db()
    kept.refresh_from_db()
    assert gone.state == Subscriber.State.BOUNCED and kept.state == Subscriber.State.CONFIRMED


def test_bounce_command_records_complaints_and_names_a_missing_file(tmp_path):
    subscriber = SubscriberFactory()
    call_command("newsletter_bounces", subscriber.email, "--complaint", stdout=io.StringIO())
    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.BOUNCED
    assert "complaint" in subscriber.bounce_reason
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("newsletter_bounces", "--file", str(tmp_path / "missing.txt"))


def test_compose_newsletter_makes_the_weekly_draft():
    ArticleFactory()
    out = io.StringIO()
    call_command("compose_newsletter", stdout=out)
    issue = Issue.objects.get()
    assert issue.state == Issue.State.DRAFT and issue.places.count() == 1
    assert f"Issue {issue.pk}" in out.getvalue()


def test_catch_up_confirmations_sends_the_overdue_ones_and_says_so_when_some_fail(monkeypatch):
    long_ago = timezone.now() - timedelta(hours=1)
    services.subscribe(email="lost@example.net", source="/", now=long_ago)  # its task never ran
    out = io.StringIO()
    call_command("catch_up_confirmations", stdout=out)
    assert "Overdue confirmation emails sent: 1." in out.getvalue()
    assert [m.to for m in mail.outbox] == [["lost@example.net"]]

    services.subscribe(email="down@example.net", source="/", now=long_ago)

    def refuse(self, messages):
        raise ConnectionRefusedError("the mail server is down")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    with pytest.raises(CommandError, match="1 could not be sent"):
        call_command("catch_up_confirmations", stdout=io.StringIO())
    assert Subscriber.objects.get(email="down@example.net").confirmation_due_at == long_ago
