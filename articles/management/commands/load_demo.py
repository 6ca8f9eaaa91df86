"""`manage.py load_demo`: fill a development database with The Harbour Ledger, the invented
demo newsroom. The content lives in `articles.demo.content`, the building in
`articles.demo.builder`; this command only reads its flags and shows progress."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from articles.demo import builder
from articles.models import Article


class Command(BaseCommand):
    help = (
        "Load the demo newsroom (sections, authors, staff logins, stories with photos). "
        "Safe to run twice: only what is missing is created. For development only."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load only when the database has no stories yet (what `make run` does).",
        )
        parser.add_argument(
            "--print-logins",
            action="store_true",
            help="Print the demo staff logins and exit without loading anything.",
        )

    def handle(self, *args, **options) -> None:
        if options["print_logins"]:
            self.stdout.write(builder.login_table())
            return
        if options["if_empty"] and Article.objects.exists():
            self.stdout.write("The database already has stories: the demo was not loaded.")
            return

        plans = builder.plan_stories(now=timezone.now())
        # Progress goes to stderr so that stdout carries only the result line.
        progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
        )
        created = 0
        with transaction.atomic(), progress:
            sections = builder.ensure_sections()
            authors = builder.ensure_authors(builder.ensure_staff())
            task = progress.add_task("Demo stories", total=len(plans))
            for plan in plans:
                created += builder.ensure_story(plan, sections=sections, authors=authors)
                progress.advance(task)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo newsroom ready: {created} stories created, "
                f"{len(plans) - created} already there."
            )
        )
