"""`manage.py seed_bench --stories N`: a benchmark newsroom of N published stories."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from articles.models import Article
from bench.seeding import seed_stories


class Command(BaseCommand):
    help = "Seed N published stories in bulk into the benchmark database."

    def add_arguments(self, parser):
        parser.add_argument("--stories", type=int, default=10_000)
        parser.add_argument(
            "--force", action="store_true", help="Flush and reseed even if N stories exist."
        )

    def handle(self, *args, stories: int, force: bool, **options):
        if stories < 1:
            raise CommandError("--stories must be at least 1.")
        existing = Article.objects.count()
        if existing == stories and not force:
            self.stdout.write(f"The benchmark database already holds {stories:,} stories.")
            return
        if existing:
            # A dedicated benchmark database: emptying it is faster than deleting row by row.
            self.stdout.write(f"Emptying the benchmark database ({existing:,} stories).")
            call_command("flush", interactive=False, verbosity=0)
        columns = (
            TextColumn("[bold]Seeding stories"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
        )
        with Progress(*columns) as bar:
            job = bar.add_task("stories", total=stories)
            seed_stories(count=stories, progress=lambda n: bar.advance(job, n))
        # What autovacuum has done on a live site: fresh planner statistics (right after a
        # bulk load PostgreSQL still believes the tables are nearly empty and picks plans,
        # sorting every story, no live site would get) and a visibility map, without which
        # every index-only scan still reads the table. Then the seed's writes go to disk now
        # (CHECKPOINT), not from the checkpointer in the middle of the measured loads.
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
                try:
                    cursor.execute("CHECKPOINT")
                except DatabaseError as error:  # needs a superuser or pg_checkpoint
                    self.stderr.write(f"No CHECKPOINT after the seed ({error}).")
        self.stdout.write(self.style.SUCCESS(f"Seeded {stories:,} stories."))
