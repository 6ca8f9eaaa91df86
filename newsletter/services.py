"""Every write with a rule or a side effect: subscribing, confirming, unsubscribing, bounces,
composing, scheduling and sending issues. Emails and tasks go out after the commit."""

from __future__ import annotations

import datetime as dt
import logging
from functools import partial
from typing import NamedTuple

from django.conf import settings
from django.core import mail
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import DateTimeField, F, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.module_loading import import_string
from django.utils.translation import gettext

from accounts.models import User, normalise_email
from articles.models import Article

from . import emails
from .consent import CONSENT_VERSION
from .models import Delivery, Issue, IssueStory, Subscriber

logger = logging.getLogger(__name__)
State = Subscriber.State


# --- Subscribers --------------------------------------------------------------------------------


def subscribe(*, email: str, source: str, user: User | None = None, now=None) -> None:
    """Record a signup and send a confirmation link when one is due.

    Returns nothing on purpose: the caller must answer a new address, a pending one and a
    confirmed one in the same way. A confirmed address is left as it is; an unsubscribed or
    bounced one starts over as pending. At most NEWSLETTER_CONFIRMATIONS_PER_DAY emails go to
    one address per day, whoever asks; bounced addresses get none."""
    now = now or timezone.now()
    email = normalise_email(email)
    with transaction.atomic():
        subscriber, created = Subscriber.objects.select_for_update().get_or_create(
            email=email,
            defaults={
                "source": source[:200],
                "consent_version": CONSENT_VERSION,
                "consent_at": now,
                "created_at": now,
                "state_changed_at": now,
            },
        )
        if subscriber.state in (State.CONFIRMED, State.BOUNCED):
            # Confirmed: nothing to do. Bounced: the address cannot take mail, and mailing it
            # again hurts delivery for everyone; signing in and using "My account" reopens it.
            return
        if not created:
            if subscriber.state != State.PENDING:
                subscriber.move_to(State.PENDING, now=now)
                subscriber.source = source[:200]
            subscriber.consent_version = CONSENT_VERSION
            subscriber.consent_at = now
        if user is not None and subscriber.user_id is None:
            subscriber.user = user
        if _take_confirmation_allowance(subscriber, now=now):
            subscriber.confirmation_due_at = now
            # robust: the signup has committed, so the reader hears that it worked even when
            # the task cannot be queued; `send_overdue_confirmations` then sends the email.
            transaction.on_commit(partial(_enqueue_confirmation, subscriber.pk), robust=True)
        subscriber.save()


def _take_confirmation_allowance(subscriber: Subscriber, *, now) -> bool:
    today = timezone.localdate(now)
    if subscriber.confirmations_day != today:
        subscriber.confirmations_day = today
        subscriber.confirmations_sent = 0
    if subscriber.confirmations_sent >= settings.NEWSLETTER_CONFIRMATIONS_PER_DAY:
        return False
    subscriber.confirmations_sent += 1
    return True


def _enqueue_confirmation(subscriber_id: int) -> None:
    from .tasks import send_confirmation

    send_confirmation.enqueue(subscriber_id)


def send_due_confirmation(*, subscriber_id: int) -> bool:
    """Send the confirmation email a signup asked for, if it is still due: True when sent.

    The email is claimed first (`confirmation_due_at` cleared in one UPDATE), so a task and the
    catch-up running side by side send it once; a failed send puts the claim back for the
    next catch-up."""
    pending = Subscriber.objects.filter(pk=subscriber_id, state=State.PENDING)
    subscriber = pending.exclude(confirmation_due_at=None).first()
    if subscriber is None:
        return False
    due_at = subscriber.confirmation_due_at
    if not pending.filter(confirmation_due_at=due_at).update(confirmation_due_at=None):
        return False  # another process claimed it, or a new signup asked again since
    try:
        emails.confirmation_message(subscriber).send()
    except Exception:
        pending.filter(confirmation_due_at=None).update(confirmation_due_at=due_at)
        raise
    return True


class CatchUp(NamedTuple):
    sent: int
    failed: int


def send_overdue_confirmations(*, now=None) -> CatchUp:
    """Send every confirmation email left unsent past the grace period. One that fails is
    logged and stays due for the next run; the others still go."""
    now = now or timezone.now()
    sent = failed = 0
    for pk in list(Subscriber.objects.confirmation_overdue(now=now).values_list("pk", flat=True)):
        try:
            sent += send_due_confirmation(subscriber_id=pk)
        except Exception:
            logger.exception("Confirmation email to subscriber %s failed", pk)
            failed += 1
    return CatchUp(sent=sent, failed=failed)


def confirm_subscription(*, subscriber: Subscriber, now=None) -> bool:
    """Confirm a pending subscriber (from a valid confirmation link). True when the address
    is now on the list; False when it has since left it (unsubscribed or bounced), in which
    case an old confirmation link must not put it back."""
    now = now or timezone.now()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.state == State.CONFIRMED:
            return True
        if subscriber.state != State.PENDING:
            return False
        subscriber.move_to(State.CONFIRMED, now=now)
        if subscriber.user_id is None:
            # The reader has just proved the mailbox is theirs: "My account" may show it.
            subscriber.user = User.objects.filter(email=subscriber.email).first()
        subscriber.save()
        return True


def unsubscribe(*, subscriber: Subscriber, now=None) -> None:
    """Take an address off the list at once. Idempotent; a bounced address stays bounced."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.state in (State.PENDING, State.CONFIRMED):
            subscriber.move_to(State.UNSUBSCRIBED, now=now)
            subscriber.save()


def set_subscription(*, email: str, user: User, subscribed: bool, now=None) -> Subscriber | None:
    """The switch in "My account". The account's address has been verified by sign-up, so
    switching on confirms at once (no second opt-in email); switching off unsubscribes."""
    now = now or timezone.now()
    email = normalise_email(email)
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
        if not subscribed:
            if subscriber is not None and subscriber.state in (State.PENDING, State.CONFIRMED):
                subscriber.move_to(State.UNSUBSCRIBED, now=now)
                subscriber.save()
            return subscriber
        if subscriber is None:
            subscriber = Subscriber(email=email, source="account", created_at=now)
        subscriber.user = user
        if subscriber.state != State.CONFIRMED or subscriber.pk is None:
            subscriber.move_to(State.CONFIRMED, now=now)
            subscriber.consent_version = CONSENT_VERSION
            subscriber.consent_at = now
        subscriber.save()
        return subscriber


def mark_bounced(*, email: str, reason: str = "", now=None) -> bool:
    """Never send to this address again (hard bounce or complaint). False when the address
    is not on the list."""
    with transaction.atomic():
        subscriber = (
            Subscriber.objects.select_for_update().filter(email=normalise_email(email)).first()
        )
        if subscriber is None:
            return False
        if subscriber.state != State.BOUNCED:
            subscriber.move_to(State.BOUNCED, now=now)
        subscriber.bounce_reason = reason[:200]
        subscriber.save()
        return True


def erase_subscriber(*, email: str, user: User | None = None) -> int:
    """Delete what the newsletter holds about a person (their deliveries go with it)."""
    rows = Subscriber.objects.filter(email=normalise_email(email))
    if user is not None:
        rows = rows | Subscriber.objects.filter(user=user)
    deleted, _ = rows.delete()
    return deleted


# --- Issues -------------------------------------------------------------------------------------


def next_send_time(*, now=None) -> dt.datetime:
    """The next default send time (NEWSLETTER_SEND_WEEKDAY at NEWSLETTER_SEND_TIME in the
    newsroom's time zone) strictly after `now`, as an aware datetime."""
    local_now = timezone.localtime(now or timezone.now())
    hour, minute = (int(part) for part in settings.NEWSLETTER_SEND_TIME.split(":"))
    days_ahead = (settings.NEWSLETTER_SEND_WEEKDAY - local_now.isoweekday()) % 7
    day = local_now.date() + dt.timedelta(days=days_ahead)
    candidate = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))
    if candidate <= local_now:
        candidate = timezone.make_aware(
            dt.datetime.combine(day + dt.timedelta(days=7), dt.time(hour, minute))
        )
    return candidate


def compose_weekly_issue(*, now=None) -> Issue:
    """The draft for the coming send: the week's published stories, the home page's top
    stories first, then the rest newest first; the editor reorders them in the admin.

    "The week" is the seven days up to `now` (compose the day before sending). The front
    page's curation belongs to the reader site, which sits above the newsletter in the import
    order, so the project names the function that lists it in `NEWSLETTER_TOP_STORIES`.
    Composing twice for the same week returns the same draft."""
    now = now or timezone.now()
    send_at = next_send_time(now=now)
    send_day = timezone.localdate(send_at)
    week_of = send_day - dt.timedelta(days=send_day.weekday())  # the Monday of the send week
    with transaction.atomic():
        issue, created = Issue.objects.get_or_create(
            week_of=week_of,
            defaults={
                "subject": _weekly_subject(send_at),
                "send_at": send_at,
            },
        )
        if not created:
            return issue
        week = list(
            Article.objects.published(now=now)
            .filter(published_at__gte=now - dt.timedelta(days=7))
            .newest_first()
            .values_list("pk", flat=True)
        )
        in_week = set(week)
        top = [pk for pk in _top_story_ids(now=now) if pk in in_week]
        chosen = (top + [pk for pk in week if pk not in top])[: settings.NEWSLETTER_MAX_STORIES]
        stories = [Article(pk=pk) for pk in chosen]
        IssueStory.objects.bulk_create(
            IssueStory(issue=issue, article=story, position=position)
            for position, story in enumerate(stories)
        )
        return issue


def _top_story_ids(*, now) -> list[int]:
    """The front page's top stories, in order, from the function `NEWSLETTER_TOP_STORIES`
    names (called with `now=`); none when it is not set."""
    if not settings.NEWSLETTER_TOP_STORIES:
        return []
    return list(import_string(settings.NEWSLETTER_TOP_STORIES)(now=now))


def _weekly_subject(send_at: dt.datetime) -> str:
    return gettext("%(site)s weekly: %(date)s") % {
        "site": settings.SITE_NAME,
        "date": date_format(timezone.localtime(send_at), "j F Y"),
    }


# How far in the past a send time may be and still be taken as "now": the editor types the
# current time, saves the issue, then presses Schedule. Anything older is a mistake (a wrong
# year, a stale draft), and would mail the whole list at the next worker run.
SEND_TIME_TOLERANCE = dt.timedelta(minutes=5)


def check_send_time(send_at: dt.datetime, *, now=None) -> None:
    """Raise ValueError, with a message for the editor, when `send_at` has already passed
    (beyond SEND_TIME_TOLERANCE)."""
    if send_at < (now or timezone.now()) - SEND_TIME_TOLERANCE:
        raise ValueError(
            gettext(
                "The send time %(time)s has passed. Choose a later time, or leave it empty "
                "for the next regular send."
            )
            % {"time": date_format(timezone.localtime(send_at), "DATETIME_FORMAT")}
        )


def schedule_issue(*, issue: Issue, send_at: dt.datetime | None = None) -> Issue:
    """Set the send time (default: the next Friday 09:00 newsroom time) and mark the issue
    scheduled. A worker picks it up at that time; `send_newsletter --due` does the same from
    cron where no worker takes deferred tasks. A `send_at` already past is refused (see
    `check_send_time`) with ValueError, as is an issue whose sending has begun."""
    if send_at is not None:
        check_send_time(send_at)
    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue.pk)
        if not issue.is_editable:
            raise ValueError(f"Issue {issue.pk} is {issue.state}; it can no longer be scheduled.")
        issue.send_at = send_at or next_send_time()
        issue.state = Issue.State.SCHEDULED
        issue.save(update_fields=["send_at", "state"])
        transaction.on_commit(partial(_enqueue_scheduled_start, issue.pk, issue.send_at))
        return issue


def reschedule_issue(*, issue: Issue, send_at: dt.datetime | None) -> Issue:
    """Move a scheduled issue to `send_at` (None: the next regular send, as `schedule_issue`)
    with a new deferred start at that time. The start queued for the old time cannot be
    withdrawn, but it only starts an issue that is scheduled and due when it runs: moved
    later, the issue is not due yet; moved earlier, it is already sending or sent. So the
    issue goes once, at the new time. An issue in any other state is returned as it is: a
    draft's time waits for `schedule_issue`, and one sending or sent cannot move. Raises
    ValueError as `schedule_issue` does for a time already past."""
    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue.pk)
        if issue.state != Issue.State.SCHEDULED:
            return issue
        return schedule_issue(issue=issue, send_at=send_at)


def _enqueue_scheduled_start(issue_id: int, send_at: dt.datetime) -> None:
    from .tasks import start_scheduled_issue

    if start_scheduled_issue.get_backend().supports_defer:
        start_scheduled_issue.using(run_after=send_at).enqueue(issue_id)


def unschedule_issue(*, issue: Issue) -> None:
    """Put a scheduled issue back to draft (a draft stays one); its deferred start then finds
    nothing due. Raises ValueError, with a message for the editor, once sending has begun:
    the subscribers already mailed cannot be unmailed."""
    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue.pk)
        if issue.state == Issue.State.SENDING:
            raise ValueError(
                gettext("“%(subject)s” is being sent: it can no longer be unscheduled.")
                % {"subject": issue.subject}
            )
        if issue.state == Issue.State.SENT:
            raise ValueError(
                gettext("“%(subject)s” has been sent: it can no longer be unscheduled.")
                % {"subject": issue.subject}
            )
        if issue.state == Issue.State.SCHEDULED:
            issue.state = Issue.State.DRAFT
            issue.save(update_fields=["state"])


def send_test_issue(*, issue: Issue, to: str) -> None:
    """One copy to an editor, subject marked as a test; it touches no delivery rows. The
    unsubscribe link points at the signup page, since the editor may not be a subscriber."""
    rendered = emails.render_issue(issue)
    url = emails.absolute(reverse("newsletter:signup"))
    message = mail.EmailMultiAlternatives(
        subject=gettext("[Test] %(subject)s") % {"subject": rendered.subject},
        body=rendered.text.replace(emails.UNSUBSCRIBE_PLACEHOLDER, url),
        from_email=settings.NEWSLETTER_FROM_EMAIL,
        to=[to],
    )
    message.attach_alternative(
        rendered.html.replace(emails.UNSUBSCRIBE_PLACEHOLDER, url), "text/html"
    )
    message.send()


def start_due_issue(*, issue_id: int, enqueue: bool = True) -> int | None:
    """Open issue `issue_id` for sending if it is scheduled and due, deciding under its row
    lock: an editor moving or unscheduling it at that moment is waited for, and then wins.
    Returns the deliveries still to send, or None when the issue is not due."""
    with transaction.atomic():
        issue = Issue.objects.due().select_for_update().filter(pk=issue_id).first()
        if issue is None:
            return None
        return start_sending(issue=issue, enqueue=enqueue)


def start_sending(*, issue: Issue, enqueue: bool = True, now=None) -> int:
    """Open an issue for sending: one Delivery per subscriber confirmed now, created once.

    Safe to call again on an issue already sending (a restart): existing rows are kept, so
    nobody gets a second row, and the batches simply resume. Returns the number of
    deliveries still to send. With `enqueue`, NEWSLETTER_PARALLEL_BATCHES batch tasks start
    after the commit; each one queues the next until nothing is left."""
    now = now or timezone.now()
    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue.pk)
        if issue.state == Issue.State.SENT:
            return 0
        if issue.state != Issue.State.SENDING:
            issue.state = Issue.State.SENDING
            issue.save(update_fields=["state"])
            _create_deliveries(issue=issue, now=now)
        remaining = issue.deliveries.filter(status=Delivery.Status.PENDING).count()
        if enqueue:
            transaction.on_commit(partial(_enqueue_batches, issue.pk))
        return remaining


def _create_deliveries(*, issue: Issue, now) -> None:
    """One pending Delivery per subscriber receiving mail now, in one INSERT ... SELECT: the
    database does the work (100,000 rows in about a second instead of a minute of ORM
    objects), and ON CONFLICT DO NOTHING keeps the unique (issue, subscriber) pair intact."""
    rows = (
        Subscriber.objects.receiving()
        .order_by()
        .values_list(
            Value(issue.pk),
            "pk",
            Value(Delivery.Status.PENDING.value),
            Value(now, output_field=DateTimeField()),
        )
    )
    select_sql, params = rows.query.sql_with_params()
    quote = db_connection.ops.quote_name
    column = {f.name: f.column for f in Delivery._meta.concrete_fields if f.column}
    columns = ", ".join(
        quote(column[name]) for name in ("issue", "subscriber", "status", "created_at")
    )
    # Only quoted identifiers are formatted in; every value is a parameter.
    table = quote(Delivery._meta.db_table)
    sql = f"INSERT INTO {table} ({columns}) {select_sql} ON CONFLICT DO NOTHING"
    with db_connection.cursor() as cursor:
        cursor.execute(sql, params)


def _enqueue_batches(issue_id: int) -> None:
    from .tasks import send_issue_batch

    for _ in range(max(1, settings.NEWSLETTER_PARALLEL_BATCHES)):
        send_issue_batch.enqueue(issue_id)


def deliver_batch(*, issue: Issue, size: int | None = None, mailer=None) -> int:
    """Claim up to `size` unsent deliveries of a sending issue, send them, mark them sent.
    Returns how many rows it settled (sent or skipped); 0 means nothing was left to claim.

    Contract: the claimed rows stay locked (SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL)
    until this batch's transaction commits, so parallel batches never claim the same row. Each
    message is marked sent as soon as the mailer has taken it; if the mailer fails mid-batch,
    the marks of the messages already taken are committed before the error propagates, so a
    resumed send continues after them. Only subscribers still confirmed are sent to; the
    others' rows are marked skipped. (A hard kill of the process between the mailer taking a
    message and the commit can only be undone by resending that batch: SMTP and the database
    share no transaction. Smaller batches narrow that window.)"""
    size = size or settings.NEWSLETTER_BATCH_SIZE
    rendered = emails.render_issue(issue)
    sent_ids: list[int] = []
    error: Exception | None = None
    now = timezone.now()
    with transaction.atomic():
        if not db_connection.features.has_select_for_update_skip_locked:
            # SQLite has no row locks: take the database's write lock before reading, so
            # parallel batches run one after another instead of claiming the same rows.
            Issue.objects.filter(pk=issue.pk).update(state=F("state"))
        claimed = list(
            Delivery.objects.filter(issue=issue, status=Delivery.Status.PENDING)
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("pk")
            .values_list("pk", "subscriber_id", "subscriber__email", "subscriber__state")[:size]
        )
        skipped = [pk for pk, _id, _email, state in claimed if state != State.CONFIRMED]
        to_send = [
            (pk, Recipient(subscriber_id, email))
            for pk, subscriber_id, email, state in claimed
            if state == State.CONFIRMED
        ]
        if to_send:
            connection = mailer or mail.mailers["newsletter"]
            try:
                connection.open()
                try:
                    for pk, recipient in to_send:
                        if connection.send_messages([rendered.message_for(recipient)]):
                            sent_ids.append(pk)
                finally:
                    connection.close()
            except Exception as exc:  # the marks below must be committed whatever failed
                error = exc
        if sent_ids:
            Delivery.objects.filter(pk__in=sent_ids).update(
                status=Delivery.Status.SENT, sent_at=now
            )
        if skipped:
            Delivery.objects.filter(pk__in=skipped).update(status=Delivery.Status.SKIPPED)
    if error is not None:
        logger.error("Issue %s: mailer failed after %s messages", issue.pk, len(sent_ids))
        raise error
    if not claimed:
        finish_issue_if_done(issue=issue)
    return len(sent_ids) + len(skipped)


class Recipient(NamedTuple):
    """The two fields of a subscriber that a personal copy needs (cheaper than a model)."""

    pk: int
    email: str


def finish_issue_if_done(*, issue: Issue) -> bool:
    """Mark a sending issue sent once no delivery is pending (rows another worker holds
    still count as pending, so only the last batch finishes the issue)."""
    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue.pk)
        if issue.state != Issue.State.SENDING:
            return issue.state == Issue.State.SENT
        if issue.deliveries.filter(status=Delivery.Status.PENDING).exists():
            return False
        issue.state = Issue.State.SENT
        issue.sent_at = timezone.now()
        issue.save(update_fields=["state", "sent_at"])
        return True
