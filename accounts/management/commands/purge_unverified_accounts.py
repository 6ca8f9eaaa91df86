from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.services import purge_unverified_accounts, unverified_accounts


class Command(BaseCommand):
    help = (
        "Remove reader accounts whose email address was not verified within "
        "ACCOUNTS_UNVERIFIED_MAX_AGE_DAYS days of signing up."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only say how many would be removed."
        )

    def handle(self, *args, dry_run: bool = False, **options):
        days = settings.ACCOUNTS_UNVERIFIED_MAX_AGE_DAYS
        if dry_run:
            count = unverified_accounts().count()
            self.stdout.write(f"{count} unverified accounts older than {days} days would go.")
            return
        removed = purge_unverified_accounts(by=None)
        self.stdout.write(
            self.style.SUCCESS(f"Removed {removed} unverified accounts older than {days} days.")
        )
