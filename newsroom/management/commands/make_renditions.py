"""Generate every photo rendition the reader pages use, ahead of the first reader.

Renditions are otherwise made on the first view of a page, which for a fresh demo newsroom
means seconds of AVIF encoding on the first home page. Safe to run again: sorl skips the
renditions it has already recorded."""

from django.core.management.base import BaseCommand
from rich.progress import track

from articles.models import Article, Author, Photo
from newsroom.images import picture_for

LEDE_PRESETS: tuple[str, ...] = ("lede", "lead", "card", "thumb")
PORTRAIT_PRESETS: tuple[str, ...] = ("portrait",)


class Command(BaseCommand):
    help = "Generate the photo renditions of published stories and of author portraits."

    def handle(self, *args, **options) -> None:
        ledes = Photo.objects.filter(lede_of__in=Article.objects.published()).distinct()
        portraits = Photo.objects.filter(pk__in=Author.objects.values("photo"))
        jobs = [(photo, LEDE_PRESETS) for photo in ledes]
        jobs += [(photo, PORTRAIT_PRESETS) for photo in portraits]
        failed = 0
        for photo, presets in track(
            jobs, description="Renditions", disable=options["verbosity"] < 1
        ):
            failed += sum(picture_for(photo, preset) is None for preset in presets)
        self.stdout.write(f"Renditions ready for {len(jobs)} photos.")
        if failed:
            self.stderr.write(f"{failed} rendition sets failed: a photo file could not be read.")
