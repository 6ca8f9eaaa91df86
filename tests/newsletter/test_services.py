import datetime as dt
import email.policy
import threading
import zoneinfo
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import OperationalError, connection
from django.test import override_settings
from django.utils import timezone

from articles.models import Article
from newsletter import emails, services
from newsletter.consent import CONSENT_VERSION
from newsletter.models import Delivery, Issue, Subscriber
from tests.factories import ArticleFactory, UserFactory
from tests.newsletter.factories import IssueFactory, SubscriberFactory

pytestmark = pytest.mark.django_db
State = Subscriber.State
LONDON = zoneinfo.ZoneInfo("Europe/London")


def sent_to(address: str) -> list:
    return [message for message in mail.outbox if message.to == [address]]


# --- Subscribing ------------------------------------------------------------------------------


def test_signup_records_consent_source_and_a_pending_state():
    services.subscribe(email="  Reader@Example.NET ", source="/2026/11/28/ferry/")
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "reader@example.net"
    assert subscriber.state == State.PENDING
    assert subscriber.consent_version == CONSENT_VERSION
    assert abs(subscriber.consent_at - timezone.now()) < timedelta(minutes=1)
    assert subscriber.source == "/2026/11/28/ferry/"
    assert subscriber.confirmed_at is None


def test_signup_sends_one_confirmation_email_with_a_link(committed):
    with committed():
        services.subscribe(email="reader@example.net", source="/")
    [message] = mail.outbox
    assert message.to == ["reader@example.net"]
    assert "/newsletter/confirm/" in message.body
    assert "/newsletter/confirm/" in message.alternatives[0].content


def test_signing_up_twice_with_another_case_keeps_one_subscriber():
    services.subscribe(email="reader@example.net", source="/")
    services.subscribe(email="READER@example.net", source="/")
    assert Subscriber.objects.count() == 1


def test_confirmation_emails_are_capped_at_three_a_day_per_address(committed):
    for _ in range(5):
        with committed():
            services.subscribe(email="reader@example.net", source="/")
    assert len(mail.outbox) == 3
    tomorrow = timezone.now() + timedelta(days=1)
    with committed():
        services.subscribe(email="reader@example.net", source="/", now=tomorrow)
    assert len(mail.outbox) == 4


def test_signing_up_a_confirmed_address_changes_nothing_and_sends_nothing(committed):
    subscriber = SubscriberFactory(email="reader@example.net", source="/first/")
    with committed():
        services.subscribe(email="reader@example.net", source="/second/")
    subscriber.refresh_from_db()
    assert subscriber.state == State.CONFIRMED and subscriber.source == "/first/"
    assert mail.outbox == []


def test_an_unsubscribed_reader_can_sign_up_again_and_is_pending_until_confirmed(committed):
    subscriber = SubscriberFactory(state=State.UNSUBSCRIBED)
    with committed():
        services.subscribe(email=subscriber.email, source="/newsletter/")
    subscriber.refresh_from_db()
    assert subscriber.state == State.PENDING
    assert len(sent_to(subscriber.email)) == 1
    assert services.confirm_subscription(subscriber=subscriber)
    subscriber.refresh_from_db()
    assert subscriber.state == State.CONFIRMED


def test_a_bounced_address_is_not_mailed_by_a_public_signup(committed):
    subscriber = SubscriberFactory(state=State.BOUNCED)
    with committed():
        services.subscribe(email=subscriber.email, source="/")
    subscriber.refresh_from_db()
    assert subscriber.state == State.BOUNCED
    assert mail.outbox == []


# --- Confirmation emails whose task was lost ---------------------------------------------------


@pytest.fixture
def lost_tasks(monkeypatch):
    """The database goes away between a signup's commit and the enqueue of its email task."""

    def refuse(subscriber_id):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(services, "_enqueue_confirmation", refuse)


def test_a_signup_whose_email_task_is_lost_is_kept_and_its_email_sent_by_the_catch_up(
    committed, lost_tasks
):
    now = timezone.now()
    with committed():
        services.subscribe(email="reader@example.net", source="/", now=now)
    subscriber = Subscriber.objects.get()
    assert subscriber.state == State.PENDING
    assert subscriber.confirmation_due_at == now
    assert mail.outbox == []

    assert services.send_overdue_confirmations(now=now + timedelta(minutes=1)) == (0, 0)
    assert services.send_overdue_confirmations(now=now + timedelta(minutes=6)) == (1, 0)
    [message] = sent_to("reader@example.net")
    assert "/newsletter/confirm/" in message.body
    subscriber.refresh_from_db()
    assert subscriber.confirmation_due_at is None
    assert services.send_overdue_confirmations(now=now + timedelta(minutes=12)) == (0, 0)
    assert len(mail.outbox) == 1


def test_a_confirmation_email_goes_once_whoever_sends_it(committed):
    with committed():
        services.subscribe(email="reader@example.net", source="/")
    subscriber = Subscriber.objects.get()
    assert len(mail.outbox) == 1
    assert subscriber.confirmation_due_at is None
    # A second task for the same signup (or the catch-up) finds nothing left to send.
    assert services.send_due_confirmation(subscriber_id=subscriber.pk) is False
    assert services.send_overdue_confirmations(now=timezone.now() + timedelta(days=1)) == (0, 0)
    assert len(mail.outbox) == 1


def test_a_confirmation_that_fails_to_send_stays_due_for_the_next_catch_up(monkeypatch):
    now = timezone.now()
    services.subscribe(email="reader@example.net", source="/", now=now)  # task not run
    later = now + timedelta(minutes=10)

    def refuse(self, messages):
        raise ConnectionRefusedError("the mail server is down")

    with monkeypatch.context() as patched:
        patched.setattr(EmailBackend, "send_messages", refuse)
        assert services.send_overdue_confirmations(now=later) == (0, 1)
    assert Subscriber.objects.get().confirmation_due_at == now
    assert services.send_overdue_confirmations(now=later) == (1, 0)
    assert len(sent_to("reader@example.net")) == 1


def test_an_address_that_left_the_list_gets_no_overdue_confirmation():
    services.subscribe(email="reader@example.net", source="/")  # task not run
    services.unsubscribe(subscriber=Subscriber.objects.get())
    assert services.send_overdue_confirmations(now=timezone.now() + timedelta(days=1)) == (0, 0)
    assert mail.outbox == []


def test_confirming_stamps_the_time_and_links_an_existing_account():
    user = UserFactory(email="reader@example.net")
    services.subscribe(email="reader@example.net", source="/")
    subscriber = Subscriber.objects.get()
    assert services.confirm_subscription(subscriber=subscriber)
    subscriber.refresh_from_db()
    assert subscriber.state == State.CONFIRMED
    assert subscriber.confirmed_at is not None
    assert subscriber.user == user


def test_an_old_confirmation_cannot_undo_an_unsubscribe():
    subscriber = SubscriberFactory(state=State.UNSUBSCRIBED)
    assert services.confirm_subscription(subscriber=subscriber) is False
    subscriber.refresh_from_db()
    assert subscriber.state == State.UNSUBSCRIBED


def test_unsubscribe_stamps_the_time_and_is_idempotent():
    subscriber = SubscriberFactory()
    services.unsubscribe(subscriber=subscriber)
    services.unsubscribe(subscriber=subscriber)
    subscriber.refresh_from_db()
    assert subscriber.state == State.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None


def test_set_subscription_switches_an_account_on_and_off():
    user = UserFactory(email="member@example.org")
    subscriber = services.set_subscription(email=user.email, user=user, subscribed=True)
    assert subscriber.state == State.CONFIRMED and subscriber.user == user
    assert subscriber.consent_version == CONSENT_VERSION
    services.set_subscription(email=user.email, user=user, subscribed=False)
    subscriber.refresh_from_db()
    assert subscriber.state == State.UNSUBSCRIBED


def test_mark_bounced_takes_the_address_off_the_list():
    subscriber = SubscriberFactory(email="gone@example.net")
    assert services.mark_bounced(email="GONE@example.net", reason="550 no such user")
    subscriber.refresh_from_db()
    assert subscriber.state == State.BOUNCED and subscriber.bounced_at is not None
    assert subscriber.bounce_reason == "550 no such user"
    assert services.mark_bounced(email="nobody@example.net") is False


# --- Composing and scheduling -----------------------------------------------------------------


def test_next_send_time_is_friday_nine_in_the_newsroom_time_zone():
    wednesday = dt.datetime(2026, 7, 1, 12, 0, tzinfo=LONDON)
    send_at = services.next_send_time(now=wednesday)
    local = send_at.astimezone(LONDON)
    assert (local.isoweekday(), local.hour, local.minute) == (5, 9, 0)
    assert local.date() == dt.date(2026, 7, 3)
    friday_after_nine = dt.datetime(2026, 7, 3, 9, 30, tzinfo=LONDON)
    assert services.next_send_time(now=friday_after_nine).astimezone(LONDON).date() == dt.date(
        2026, 7, 10
    )


def test_weekly_issue_holds_the_weeks_published_stories_newest_first():
    now = timezone.now()
    older = ArticleFactory(published_at=now - timedelta(days=3))
    newer = ArticleFactory(published_at=now - timedelta(hours=2))
    ArticleFactory(published_at=now - timedelta(days=30))
    ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    ArticleFactory(status=Article.Status.SCHEDULED, published_at=now + timedelta(hours=2))
    issue = services.compose_weekly_issue(now=now)
    assert issue.state == Issue.State.DRAFT
    assert issue.ordered_stories() == [newer, older]
    assert issue.send_at == services.next_send_time(now=now)


def test_weekly_issue_opens_with_the_home_pages_pinned_top_stories():
    from tests.newsroom.factories import FrontPagePinFactory

    now = timezone.now()
    pinned = ArticleFactory(published_at=now - timedelta(days=4))
    newer = ArticleFactory(published_at=now - timedelta(hours=1))
    FrontPagePinFactory(article=pinned, position=0)
    issue = services.compose_weekly_issue(now=now)
    assert issue.ordered_stories() == [pinned, newer]


@override_settings(NEWSLETTER_TOP_STORIES="")
def test_without_a_top_stories_source_the_issue_is_newest_first():
    now = timezone.now()
    older = ArticleFactory(published_at=now - timedelta(days=4))
    newer = ArticleFactory(published_at=now - timedelta(hours=1))
    assert services.compose_weekly_issue(now=now).ordered_stories() == [newer, older]


def test_composing_twice_in_a_week_returns_the_same_draft():
    ArticleFactory()
    first = services.compose_weekly_issue()
    second = services.compose_weekly_issue()
    assert first == second and Issue.objects.count() == 1


def test_scheduling_defaults_to_the_next_friday_morning():
    issue = IssueFactory(stories=[ArticleFactory()])
    issue = services.schedule_issue(issue=issue)
    assert issue.state == Issue.State.SCHEDULED
    assert issue.send_at == services.next_send_time()


def test_a_send_time_already_past_is_refused():
    issue = IssueFactory(stories=[ArticleFactory()])
    long_ago = timezone.make_aware(dt.datetime(2001, 1, 5, 9, 0))
    with pytest.raises(ValueError, match="has passed"):
        services.schedule_issue(issue=issue, send_at=long_ago)
    assert Issue.objects.get(pk=issue.pk).state == Issue.State.DRAFT


def test_a_send_time_of_now_typed_by_hand_is_accepted():
    issue = IssueFactory(stories=[ArticleFactory()])
    typed = timezone.now().replace(second=0, microsecond=0)
    issue = services.schedule_issue(issue=issue, send_at=typed)
    assert (issue.state, issue.send_at) == (Issue.State.SCHEDULED, typed)


def test_the_weekly_draft_is_scheduled_for_its_friday():
    ArticleFactory()
    draft = services.compose_weekly_issue()
    issue = services.schedule_issue(issue=draft, send_at=draft.send_at)
    assert (issue.state, issue.send_at) == (Issue.State.SCHEDULED, services.next_send_time())


def test_a_sent_issue_cannot_be_scheduled_again():
    issue = IssueFactory(state=Issue.State.SENT)
    with pytest.raises(ValueError, match="can no longer be scheduled"):
        services.schedule_issue(issue=issue)


@pytest.mark.parametrize("state", [Issue.State.DRAFT, Issue.State.SENDING, Issue.State.SENT])
def test_rescheduling_moves_only_a_scheduled_issue(state, committed, queued_tasks):
    issue = IssueFactory(state=state)
    with committed():
        issue = services.reschedule_issue(issue=issue, send_at=timezone.now() + timedelta(days=1))
    assert (issue.state, issue.send_at) == (state, None)
    assert queued_tasks == []


@pytest.mark.parametrize("state", [Issue.State.SENDING, Issue.State.SENT])
def test_an_issue_whose_sending_has_begun_cannot_be_unscheduled(state):
    issue = IssueFactory(state=state)
    with pytest.raises(ValueError, match="can no longer be unscheduled"):
        services.unschedule_issue(issue=issue)
    assert Issue.objects.get(pk=issue.pk).state == state


def test_unscheduling_a_draft_leaves_it_a_draft():
    issue = IssueFactory()
    services.unschedule_issue(issue=issue)
    assert Issue.objects.get(pk=issue.pk).state == Issue.State.DRAFT


def test_a_test_send_goes_only_to_the_editor_and_creates_no_deliveries():
    SubscriberFactory()
    issue = IssueFactory(stories=[ArticleFactory(headline="Breakwater vote")])
    services.send_test_issue(issue=issue, to="editor@example.org")
    [message] = mail.outbox
    assert message.to == ["editor@example.org"]
    assert message.subject.startswith("[Test]")
    assert "Breakwater vote" in message.body
    assert not Delivery.objects.exists()


# --- Sending ----------------------------------------------------------------------------------


def test_sending_reaches_every_confirmed_subscriber_once_with_unsubscribe_headers(
    settings, committed
):
    settings.NEWSLETTER_BATCH_SIZE = 3
    confirmed = SubscriberFactory.create_batch(7)
    SubscriberFactory(state=State.PENDING)
    SubscriberFactory(state=State.UNSUBSCRIBED)
    SubscriberFactory(state=State.BOUNCED)
    issue = IssueFactory(stories=[ArticleFactory()])
    with committed():
        services.start_sending(issue=issue)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(s.email for s in confirmed)
    for message in mail.outbox:
        assert message.sent_using == "newsletter"
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        url = message.extra_headers["List-Unsubscribe"].strip("<>")
        assert "/newsletter/unsubscribe/" in url and url in message.body
    issue.refresh_from_db()
    assert issue.state == Issue.State.SENT and issue.sent_at is not None
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 7


def test_the_unsubscribe_url_reaches_the_wire_unencoded_whatever_its_length(settings):
    settings.SITE_URL = "https://news.harbour-ledger.example.org"
    subscriber = SubscriberFactory(email="a-rather-long-address-for-folding@example.net")
    issue = IssueFactory(stories=[ArticleFactory()])
    message = emails.render_issue(issue).message_for(subscriber)
    wire = message.message(policy=email.policy.SMTP).as_bytes()
    url = emails.unsubscribe_url(subscriber)
    assert len(url) > 78
    assert f"List-Unsubscribe: <{url}>".encode() in wire
    assert b"List-Unsubscribe-Post: List-Unsubscribe=One-Click" in wire


def test_starting_twice_creates_no_second_delivery():
    SubscriberFactory.create_batch(3)
    issue = IssueFactory()
    services.start_sending(issue=issue, enqueue=False)
    services.start_sending(issue=issue, enqueue=False)
    assert Delivery.objects.count() == 3


class CrashingMailer(EmailBackend):
    """Takes `allow` messages, then fails like a dropped SMTP connection."""

    def __init__(self, allow: int):
        super().__init__(alias="newsletter")
        self.allow = allow

    def send_messages(self, messages):
        if self.allow <= 0:
            raise ConnectionResetError("connection lost")
        self.allow -= len(messages)
        return super().send_messages(messages)


def test_a_crash_mid_batch_then_resume_sends_each_confirmed_subscriber_exactly_once():
    subscribers = SubscriberFactory.create_batch(10)
    issue = IssueFactory(stories=[ArticleFactory()])
    services.start_sending(issue=issue, enqueue=False)
    with pytest.raises(ConnectionResetError):
        services.deliver_batch(issue=issue, size=6, mailer=CrashingMailer(allow=4))
    assert len(mail.outbox) == 4
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 4
    # One reader leaves while the send is interrupted: the resumed send must skip them.
    leaver = next(s for s in subscribers if s.email not in {m.to[0] for m in mail.outbox})
    services.unsubscribe(subscriber=leaver)
    # The restart: the operator runs the send again.
    services.start_sending(issue=issue, enqueue=False)
    while services.deliver_batch(issue=issue, size=4):
        pass
    received = [m.to[0] for m in mail.outbox]
    expected = sorted(s.email for s in subscribers if s != leaver)
    assert sorted(received) == expected
    assert len(received) == len(set(received))
    issue.refresh_from_db()
    assert issue.state == Issue.State.SENT
    assert Delivery.objects.get(subscriber=leaver).status == Delivery.Status.SKIPPED


def test_a_subscriber_confirmed_after_sending_starts_does_not_get_that_issue():
    SubscriberFactory()
    issue = IssueFactory()
    services.start_sending(issue=issue, enqueue=False)
    late = SubscriberFactory()
    while services.deliver_batch(issue=issue):
        pass
    assert late.email not in [m.to[0] for m in mail.outbox]
    assert len(mail.outbox) == 1


def test_a_due_scheduled_issue_is_found_by_the_due_query():
    past = IssueFactory(state=Issue.State.SCHEDULED, send_at=timezone.now() - timedelta(minutes=1))
    IssueFactory(state=Issue.State.SCHEDULED, send_at=timezone.now() + timedelta(days=1))
    IssueFactory(state=Issue.State.DRAFT, send_at=timezone.now() - timedelta(days=1))
    assert list(Issue.objects.due()) == [past]


def test_erasing_a_person_deletes_their_subscription_and_deliveries():
    user = UserFactory(email="member@example.org")
    subscriber = SubscriberFactory(email="member@example.org", user=user)
    issue = IssueFactory()
    Delivery.objects.create(issue=issue, subscriber=subscriber)
    other = SubscriberFactory()
    services.erase_subscriber(email=user.email, user=user)
    assert list(Subscriber.objects.all()) == [other]
    assert not Delivery.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_second_worker_never_claims_deliveries_a_running_batch_holds():
    """While one batch holds its claim, a second worker runs a batch of its own. On
    PostgreSQL it takes the other rows (SKIP LOCKED); on SQLite it cannot start until the
    first commits. Either way each subscriber gets exactly one message."""
    subscribers = SubscriberFactory.create_batch(6)
    issue = IssueFactory(stories=[ArticleFactory()])
    services.start_sending(issue=issue, enqueue=False)
    second: dict[str, object] = {}

    def second_worker():
        try:
            second["settled"] = services.deliver_batch(issue=issue, size=3)
        except OperationalError as error:  # SQLite: the first batch holds the write lock
            second["error"] = error
        finally:
            connection.close()

    class InterleavingMailer(EmailBackend):
        started = False

        def send_messages(self, messages):
            if not self.started:
                self.started = True
                worker = threading.Thread(target=second_worker)
                worker.start()
                worker.join(timeout=30)
            return super().send_messages(messages)

    services.deliver_batch(issue=issue, size=3, mailer=InterleavingMailer(alias="newsletter"))
    while services.deliver_batch(issue=issue, size=3):
        pass
    received = [m.to[0] for m in mail.outbox]
    assert sorted(received) == sorted(s.email for s in subscribers)
    if connection.features.has_select_for_update_skip_locked:
        assert second == {"settled": 3}
    else:
        assert "error" in second


@pytest.mark.django_db(transaction=True)
def test_an_issue_unscheduled_while_its_start_job_waits_for_the_row_is_not_sent():
    """The start job decides that the issue is due and opens it for sending under one row
    lock: an editor's unschedule holding the row when the job runs wins, instead of the job
    starting the draft it had read as due a moment before. PostgreSQL only: SQLite has no
    row locks, only a lock on the whole file."""
    if connection.vendor != "postgresql":
        pytest.skip("needs row locks")
    from django.db import connections, transaction

    from newsletter.tasks import start_scheduled_issue

    SubscriberFactory()
    issue = IssueFactory(
        state=Issue.State.SCHEDULED,
        send_at=timezone.now() - timedelta(minutes=1),
        stories=[ArticleFactory()],
    )
    job_finished = threading.Event()

    def job():
        try:
            start_scheduled_issue.call(issue.pk)
        finally:
            connections.close_all()
            job_finished.set()

    with transaction.atomic():
        editing = Issue.objects.select_for_update().get(pk=issue.pk)
        worker = threading.Thread(target=job)
        worker.start()
        # The job runs into the editor's lock (or, before the fix, reads the issue as due
        # and then waits for the lock to start it).
        assert not job_finished.wait(timeout=1)
        services.unschedule_issue(issue=editing)
    worker.join(timeout=30)
    assert job_finished.is_set()
    issue.refresh_from_db()
    assert issue.state == Issue.State.DRAFT
    assert not issue.deliveries.exists()
