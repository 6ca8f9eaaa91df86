"""Compose the coming week's draft issue (run weekly from cron, e.g. on Thursday)."""

from django.core.management.base import BaseCommand

from newsletter import services


class Command(BaseCommand):
    help = "Compose the draft of the next weekly issue from the week's published stories."

    def handle(self, *args, **options):
        issue = services.compose_weekly_issue()
        self.stdout.write(
            f"Issue {issue.pk} ({issue.get_state_display()}): {issue.places.count()} stories, "
            f"to be sent {issue.send_at:%Y-%m-%d %H:%M %Z}."
        )
