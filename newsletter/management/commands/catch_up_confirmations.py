"""Send the signup confirmation emails that are overdue: their task was lost (the database cut
between a signup's commit and its enqueue) or no task worker is running. Safe to run at any
time and as often as wanted: each email is claimed before it is sent, so none goes twice."""

from django.core.management.base import BaseCommand, CommandError

from newsletter import services


class Command(BaseCommand):
    help = "Send the newsletter confirmation emails that are overdue."

    def handle(self, *args, **options):
        result = services.send_overdue_confirmations()
        self.stdout.write(f"Overdue confirmation emails sent: {result.sent}.")
        if result.failed:
            raise CommandError(
                f"{result.failed} could not be sent (see the log); they are tried again on the "
                "next run."
            )
