"""Every reader page is well-formed HTML with the landmarks a screen reader expects."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.donations.factories import CampaignFactory
from tests.factories import ArticleFactory, AuthorFactory, PhotoFactory

pytestmark = pytest.mark.django_db

VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    ]
)


class Structure(HTMLParser):
    """Checks that every element is closed, in order, and counts landmarks."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.counts: dict[str, int] = {}
        self.ids: list[str] = []
        self.references: list[str] = []  # ids named by a label or an ARIA relation

    def handle_starttag(self, tag, attrs):
        self.counts[tag] = self.counts.get(tag, 0) + 1
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "label" and attrs.get("for"):
            self.references.append(attrs["for"])
        for relation in ("aria-describedby", "aria-labelledby", "aria-controls"):
            self.references.extend((attrs.get(relation) or "").split())
        if tag == "img" and "alt" not in attrs:
            self.errors.append(f"img without alt at {self.getpos()}")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> at {self.getpos()} closes {self.stack[-1:]}")
            return
        self.stack.pop()


def test_every_reader_page_is_well_formed_with_landmarks(client):
    author = AuthorFactory(photo=PhotoFactory())
    story = ArticleFactory(authors=[author], tags=["quay"])
    ArticleFactory(section=story.section, tags=["quay"])
    urls = [
        reverse("newsroom:home"),
        story.get_absolute_url(),
        story.section.get_absolute_url(),
        author.get_absolute_url(),
        reverse("newsroom:tag", args=["quay"]),
        reverse("newsroom:search"),
        reverse("newsroom:search") + "?q=harbour",
        reverse("newsroom:search") + "?q=nothingmatches",
        reverse("newsroom:page", args=["about"]),
        "/no-such-page/",
    ]
    for url in urls:
        html = client.get(url).content.decode()
        assert html.startswith("<!doctype html>"), url
        parser = Structure()
        parser.feed(html)
        parser.close()
        assert parser.errors == [], url
        assert parser.stack == [], url
        assert parser.counts.get("main") == 1, url
        assert parser.counts.get("h1") == 1, url
        assert parser.counts.get("header", 0) >= 1 and parser.counts.get("footer", 0) >= 1, url
        assert len(parser.ids) == len(set(parser.ids)), url
        assert 'class="skip-link" href="#main"' in html, url


def test_every_id_is_unique_where_the_gift_form_meets_the_newsletter_box(client):
    """The newsletter box and the donation prompt each carry a form with a honeypot (and the
    support page's gift form asks for an email too): their ids must not collide, or a label
    or an aria-describedby would point at the other form's field."""
    CampaignFactory(title="Keep local news alive")
    story = ArticleFactory()
    pages = {
        reverse("newsroom:home"): ["data-newsletter-box"],
        story.get_absolute_url(): ["data-newsletter-box", "data-gift-form"],
        reverse("donations:support"): ["data-gift-form"],
    }
    for url, forms in pages.items():
        html = client.get(url).content.decode()
        assert all(form in html for form in forms), url
        parser = Structure()
        parser.feed(html)
        parser.close()
        repeated = sorted({id_ for id_ in parser.ids if parser.ids.count(id_) > 1})
        assert repeated == [], url
        assert set(parser.references) <= set(parser.ids), url
