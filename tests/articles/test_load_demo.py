"""The demo loader. The full load runs once, for `TestLoadedDemo` (photos painted small through
DEMO_PHOTO_SIZE), and is removed after it; the other tests run the cheap paths on an empty
database."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from PIL import Image
from taggit.models import Tag

from accounts.models import User
from articles.demo import content
from articles.demo.builder import plan_stories
from articles.models import Article, ArticleAuthor, Author, Photo, Section
from tests.factories import ArticleFactory

SMALL = (96, 54)


def load_demo(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded once for the class, with the role groups present, then removed."""
    from django.test import override_settings

    with django_db_blocker.unblock(), override_settings(DEMO_PHOTO_SIZE=SMALL):
        # The role groups come from a data migration; create any that are missing here and
        # remove only those afterwards, so later tests still find the migrated ones.
        added_groups = [
            group.pk
            for group, created in (
                Group.objects.get_or_create(name=name)
                for name in ("Chief editor", "Editor", "Contributor")
            )
            if created
        ]
        first = load_demo()
        counts = _counts()
        second = load_demo()
        yield {"first": first, "second": second, "counts_after_first": counts}
        Article.objects.all().delete()
        ArticleAuthor.objects.all().delete()
        Author.objects.all().delete()
        Photo.objects.all().delete()
        Section.objects.all().delete()
        User.objects.all().delete()
        Group.objects.filter(pk__in=added_groups).delete()
        Tag.objects.all().delete()


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (Section, Author, Article, Photo, ArticleAuthor, User)
    }


@pytest.mark.django_db
class TestLoadedDemo:
    def test_demo_has_six_sections_eight_authors_and_sixty_published_stories(self, demo):
        assert Section.objects.count() == 6
        assert Author.objects.count() == 8
        assert Article.objects.published().count() >= 60

    def test_drafts_and_the_scheduled_story_are_not_published(self, demo):
        published = Article.objects.published()
        drafts = Article.objects.filter(status=Article.Status.DRAFT)
        scheduled = Article.objects.filter(status=Article.Status.SCHEDULED)
        assert drafts.count() == 2
        assert {d.ordered_authors[0].user.email for d in drafts} == {
            "ines.calder@harbourledger.example",
            "dougal.fennick@harbourledger.example",
        }
        assert scheduled.count() == 1
        assert scheduled.get().published_at > timezone.now()
        assert not published.filter(pk__in=drafts).exists()
        assert not published.filter(pk__in=scheduled).exists()

    def test_every_published_story_has_photo_with_caption_credit_and_alt_bylines_and_tags(
        self, demo
    ):
        for story in Article.objects.published().for_cards():
            photo = story.lede_photo
            assert photo is not None, story.slug
            assert photo.caption and photo.alt_text
            assert photo.credit.endswith(" / The Harbour Ledger")
            assert 1 <= len(story.ordered_authors) <= 2
            assert [b.order for b in story.bylines.all()] == list(range(len(story.ordered_authors)))
            assert 2 <= len(story.tags.all()) <= 4
            assert {tag.name for tag in story.tags.all()} <= set(content.TAGS)
            assert story.standfirst
            assert story.updated_at == story.published_at
            assert 4 <= story.body.count("<p>") <= 7

    def test_every_story_drafts_included_passes_the_publish_checklist(self, demo):
        assert {s.slug: s.missing_for_publication() for s in Article.objects.all()} == {
            s.slug: [] for s in Article.objects.all()
        }

    def test_no_two_stories_share_a_headline_or_body(self, demo):
        stories = Article.objects.all()
        assert len({story.headline for story in stories}) == stories.count()
        assert len({story.body for story in stories}) == stories.count()

    def test_photos_are_valid_jpegs_of_the_configured_size(self, demo):
        for photo in Photo.objects.all()[:5]:
            with photo.image.open("rb") as file, Image.open(file) as image:
                image.verify()
                assert image.format == "JPEG"
                assert image.size == SMALL
            assert (photo.width, photo.height) == SMALL

    def test_running_twice_creates_no_duplicates(self, demo):
        assert demo["counts_after_first"] == _counts()
        assert "0 stories created" in demo["second"]

    def test_staff_logins_share_the_demo_password_and_join_their_groups(self, demo):
        for spec in content.STAFF:
            user = User.objects.get(email=spec.email)
            assert user.is_staff
            assert user.check_password(content.DEMO_PASSWORD)
            assert list(user.groups.values_list("name", flat=True)) == [spec.role]
        assert User.objects.get(email="chief@harbourledger.example").is_superuser
        assert not User.objects.get(email="editor@harbourledger.example").is_superuser
        assert Author.objects.filter(user__isnull=False).count() == 2
        assert Author.objects.get(slug=content.WIRE_AGENCY).user is None


@pytest.mark.django_db
def test_if_empty_does_nothing_when_stories_exist():
    ArticleFactory()
    output = load_demo("--if-empty")
    assert "not loaded" in output
    assert Article.objects.count() == 1
    assert not Section.objects.filter(slug="politics").exists()
    assert not User.objects.filter(email__endswith="@harbourledger.example").exists()


@pytest.mark.django_db
def test_print_logins_prints_the_emails_and_loads_nothing():
    output = load_demo("--print-logins")
    for spec in content.STAFF:
        assert spec.email in output
    assert content.DEMO_PASSWORD in output
    assert not Article.objects.exists()
    assert not User.objects.exists()


def test_plan_is_deterministic_apart_from_the_clock():
    now = timezone.now()
    first, second = plan_stories(now=now), plan_stories(now=now)
    assert first == second
    assert len({plan.slug for plan in first}) == len(first)


def test_demo_password_is_long_enough():
    assert len(content.DEMO_PASSWORD) >= 12
