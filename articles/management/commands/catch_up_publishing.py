"""Run the publish-time side effects of scheduled stories whose time has passed while no
task worker was running. Safe to run at any time and as often as wanted (cron, deploys)."""

from django.core.management.base import BaseCommand

from articles.models import Article
from articles.services import complete_publication


class Command(BaseCommand):
    help = "Finish the publication of scheduled stories whose time has passed."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List the overdue stories, change nothing."
        )

    def handle(self, *args, dry_run: bool = False, **options):
        overdue = list(Article.objects.overdue().order_by("published_at").only("pk", "headline"))
        if not overdue:
            self.stdout.write("No overdue stories.")
            return
        for article in overdue:
            if dry_run:
                self.stdout.write(f"Overdue: {article.headline} (#{article.pk})")
                continue
            complete_publication(article_id=article.pk)
            self.stdout.write(f"Published: {article.headline} (#{article.pk})")
        if not dry_run:
            self.stdout.write(self.style.SUCCESS(f"Caught up {len(overdue)} stories."))
