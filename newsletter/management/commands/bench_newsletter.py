"""Benchmark (`make bench-newsletter`): one issue to N subscribers through the real batch
path (claim, build each personal message, hand it to a mailer, mark sent), with a mailer that
serialises every message to bytes and counts it instead of using the network.

It fills the database with synthetic subscribers, so it refuses to run on a database that
already has any; the Makefile target points it at a throwaway SQLite file."""

from __future__ import annotations

import email.policy
import time

from django.core.mail.backends.base import BaseEmailBackend
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from articles.models import Article, Section
from newsletter import services
from newsletter.consent import CONSENT_VERSION
from newsletter.models import Delivery, Issue, IssueStory, Subscriber


class CountingBackend(BaseEmailBackend):
    """Takes each message and counts it, as an email-service API backend (django-anymail)
    takes a message's fields without building MIME. With `serialise`, it also does what the
    SMTP backend does before the network: build the MIME message and encode it to bytes."""

    def __init__(self, *, serialise: bool = False, **kwargs):
        super().__init__(alias="newsletter", **kwargs)
        self.serialise = serialise
        self.count = 0
        self.bytes = 0

    def send_messages(self, messages):
        for message in messages:
            if self.serialise:
                self.bytes += len(message.message(policy=email.policy.SMTP).as_bytes())
            else:
                self.bytes += len(message.body) + sum(len(a.content) for a in message.alternatives)
            self.count += 1
        return len(messages)


class Command(BaseCommand):
    help = "Measure newsletter sending speed to a counting mailer (messages per second)."

    def add_arguments(self, parser):
        parser.add_argument("--subscribers", type=int, default=100_000)
        parser.add_argument("--batch-size", type=int, default=None)
        parser.add_argument("--stories", type=int, default=10)
        parser.add_argument(
            "--serialise",
            action="store_true",
            help="also build and encode each MIME message, as the SMTP mailer does",
        )

    def handle(self, *args, subscribers, batch_size, stories, serialise, **options):
        if Subscriber.objects.exists():
            raise CommandError(
                "This database already has subscribers; the benchmark needs an empty one "
                "(make bench-newsletter uses var/bench-newsletter.sqlite3)."
            )
        issue = self._make_issue(stories)
        self._make_subscribers(subscribers)
        mailer = CountingBackend(serialise=serialise)

        started = time.perf_counter()
        total = services.start_sending(issue=issue, enqueue=False)
        opened, cpu_opened = time.perf_counter(), time.process_time()
        columns = (TextColumn("sending"), BarColumn(), MofNCompleteColumn())
        with Progress(*columns, transient=True) as progress:
            bar = progress.add_task("send", total=total)
            while settled := services.deliver_batch(issue=issue, size=batch_size, mailer=mailer):
                progress.advance(bar, settled)
        finished, cpu_seconds = time.perf_counter(), time.process_time() - cpu_opened

        issue.refresh_from_db()
        sent = Delivery.objects.filter(issue=issue, status=Delivery.Status.SENT).count()
        if sent != subscribers or mailer.count != subscribers or issue.state != Issue.State.SENT:
            raise CommandError(f"Expected {subscribers} sent, got {sent} ({mailer.count} mailed).")
        send_seconds = finished - opened
        self.stdout.write(
            f"{subscribers:,} messages, {mailer.bytes / subscribers / 1024:.1f} KiB each"
            f" ({'MIME built and encoded' if serialise else 'handed over as fields'})\n"
            f"  open issue (delivery rows): {opened - started:6.2f} s\n"
            f"  send batches:               {send_seconds:6.2f} s\n"
            f"  messages per second:        {subscribers / send_seconds:8,.0f} (sending)\n"
            f"                              {subscribers / (finished - started):8,.0f} (overall)\n"
            # Wall time depends on what else the machine runs; CPU time shows one core's rate.
            f"  per CPU-second of this process: {subscribers / cpu_seconds:8,.0f} (sending)"
        )

    def _make_issue(self, count: int) -> Issue:
        section, _ = Section.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
        now = timezone.now()
        issue = Issue.objects.create(subject="Benchmark weekly", intro="Good morning.\n" * 3)
        for n in range(count):
            article = Article.objects.create(
                headline=f"Benchmark story number {n} about the harbour",
                slug=f"bench-story-{n}-{int(now.timestamp())}",
                standfirst="Councillors weighed the cost of the new breakwater. " * 2,
                body="<p>Body.</p>",
                section=section,
                status=Article.Status.PUBLISHED,
                published_at=now,
            )
            IssueStory.objects.create(issue=issue, article=article, position=n)
        return issue

    def _make_subscribers(self, count: int) -> None:
        now = timezone.now()
        Subscriber.objects.bulk_create(
            (
                Subscriber(
                    email=f"bench-{n}@bench.invalid",
                    state=Subscriber.State.CONFIRMED,
                    consent_version=CONSENT_VERSION,
                    consent_at=now,
                    confirmed_at=now,
                )
                for n in range(count)
            ),
            batch_size=5000,
        )
