"""Send an issue from the command line, with a progress bar. Resumable: run it again after a
crash or Ctrl-C and it carries on where it stopped, without doubling anyone."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from newsletter import services
from newsletter.models import Delivery, Issue


class Command(BaseCommand):
    help = "Send a newsletter issue now (by id), or every scheduled issue that is due (--due)."

    def add_arguments(self, parser):
        parser.add_argument("issue", nargs="?", type=int, help="id of the issue to send")
        parser.add_argument(
            "--due", action="store_true", help="send every scheduled issue whose time has come"
        )
        parser.add_argument("--batch-size", type=int, default=None)
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="hand the batches to the task workers instead of sending from this process",
        )

    def handle(self, *args, issue=None, due=False, batch_size=None, enqueue=False, **options):
        if (issue is None) == (not due):
            raise CommandError("Give either an issue id or --due.")
        if due:
            started = 0
            for issue_id in Issue.objects.due().values_list("pk", flat=True):
                # Checked again under the row lock: an editor may move it meanwhile.
                remaining = services.start_due_issue(issue_id=issue_id, enqueue=enqueue)
                if remaining is not None:
                    started += 1
                    self._send(Issue.objects.get(pk=issue_id), remaining, batch_size, enqueue)
            if not started:
                self.stdout.write("No scheduled issue is due.")
            return
        found = Issue.objects.filter(pk=issue).first()
        if found is None:
            raise CommandError(f"There is no issue with id {issue}.")
        if found.state == Issue.State.SENT:
            raise CommandError(f"Issue {issue} was sent already.")
        if not found.places.exists():
            raise CommandError(f"Issue {issue} has no stories; add some in the admin first.")
        remaining = services.start_sending(issue=found, enqueue=enqueue)
        self._send(found, remaining, batch_size, enqueue)

    def _send(self, issue: Issue, remaining: int, batch_size: int | None, enqueue: bool) -> None:
        """Report an issue just opened for sending, or send it here with a progress bar."""
        if enqueue:
            self.stdout.write(f"Issue {issue.pk}: {remaining} deliveries handed to the workers.")
            return
        total = issue.deliveries.count()
        done = total - remaining
        columns = (
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
        )
        with Progress(*columns, console=None, transient=False) as progress:
            bar = progress.add_task(f"Issue {issue.pk}", total=total, completed=done)
            while settled := services.deliver_batch(issue=issue, size=batch_size):
                progress.advance(bar, settled)
        sent = issue.deliveries.filter(status=Delivery.Status.SENT).count()
        issue.refresh_from_db()
        self.stdout.write(
            self.style.SUCCESS(f"Issue {issue.pk} is {issue.state}: {sent} of {total} sent.")
        )
