"""Create the demo newsroom's donation campaign, so prompts show on a fresh development site."""

from django.core.management.base import BaseCommand

from donations.models import Campaign


class Command(BaseCommand):
    help = "Create a running demo donation campaign for all placements."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when any campaign exists."
        )

    def handle(self, *args, if_empty: bool = False, **options):
        if if_empty and Campaign.objects.exists():
            self.stdout.write("A campaign exists already; nothing to do.")
            return
        campaign = Campaign(
            name="Demo appeal",
            title="Independent reporting needs you",
            message=(
                "The Harbour Ledger answers to its readers, not to owners or advertisers.\n\n"
                "If our reporting matters to you, please give what you can."
            ),
            amounts_once=[1000, 2500, 5000],
            amounts_monthly=[200, 500, 1000],
            amounts_annual=[5000, 10000, 20000],
            default_frequency="monthly",
            default_amount_cents=500,
        )
        campaign.full_clean()
        campaign.save()
        self.stdout.write(self.style.SUCCESS(f"Created campaign “{campaign.title}”."))
