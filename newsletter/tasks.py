"""Background work through Django's tasks framework (django-tasks-db workers in production,
run at once in tests). Tasks take ids, never model instances, and re-read the rows."""

from __future__ import annotations

from django.tasks import task

from . import services
from .models import Issue


@task
def send_confirmation(subscriber_id: int) -> bool:
    return services.send_due_confirmation(subscriber_id=subscriber_id)


@task
def send_issue_batch(issue_id: int) -> int:
    """Send one batch, then queue the next; the batch that finds nothing left finishes the
    issue. Several of these run side by side without claiming the same delivery."""
    issue = Issue.objects.filter(pk=issue_id, state=Issue.State.SENDING).first()
    if issue is None:
        return 0
    settled = services.deliver_batch(issue=issue)
    if settled:
        send_issue_batch.enqueue(issue_id)
    return settled


@task
def start_scheduled_issue(issue_id: int) -> None:
    """Deferred to the issue's send time when it was scheduled. A later reschedule leaves this
    run with nothing to do: the issue is then either not due yet or no longer scheduled."""
    services.start_due_issue(issue_id=issue_id)
