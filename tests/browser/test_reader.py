"""Reader journeys in Chromium: reading a story, finding one through a section, search,
a tag and an author page; no sideways scrolling; axe-core finds no WCAG 2.2 AA violation."""

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.factories import ArticleFactory, AuthorFactory, PhotoFactory, SectionFactory

pytestmark = pytest.mark.django_db(transaction=True)

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def photo(caption: str, credit: str):
    buffer = io.BytesIO()
    Image.new("RGB", (960, 640), (30, 90, 130)).save(buffer, "JPEG")
    upload = SimpleUploadedFile("lede.jpg", buffer.getvalue(), content_type="image/jpeg")
    return PhotoFactory(image=upload, caption=caption, credit=credit)


@pytest.fixture
def newsroom_stories(transactional_db):
    harbour = SectionFactory(name="Harbour", slug="harbour")
    SectionFactory(name="Politics", slug="politics")
    reporter = AuthorFactory(name="Ada Quayle", slug="ada-quayle", bio="Covers the port.")
    story = ArticleFactory(
        headline="Lighthouse keeper hands over the keys",
        slug="lighthouse-keeper",
        section=harbour,
        authors=[reporter],
        tags=["lighthouses"],
        lede_photo=photo("The lamp room at dusk", "Ada Quayle / Harbour Ledger"),
        body="<p>After forty years the keeper climbed the stairs one last time.</p>",
    )
    ArticleFactory(headline="Ferry timetable changes for winter", section=harbour)
    return story


def test_reader_opens_a_story_from_the_home_page(page, live_server, newsroom_stories):
    story = newsroom_stories
    page.goto(live_server.url + reverse("newsroom:home"))
    page.get_by_role("link", name=story.headline).first.click()
    page.wait_for_url(f"**{story.get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == story.headline
    caption = page.locator("figure.story__lede figcaption")
    assert "The lamp room at dusk" in caption.text_content()
    assert "Ada Quayle / Harbour Ledger" in caption.text_content()
    # share.js adds a copy button to the plain share links
    assert page.get_by_role("button", name="Copy link").is_visible()


def test_reader_finds_a_story_through_section_search_tag_and_author(
    page, live_server, newsroom_stories
):
    story = newsroom_stories
    page.goto(live_server.url + reverse("newsroom:home"))
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Harbour").click()
    page.wait_for_url("**/section/harbour/")
    assert page.get_by_role("heading", level=1).inner_text() == "Harbour"

    page.get_by_label("Search stories").fill("keeper")
    page.get_by_label("Search stories").press("Enter")
    page.wait_for_url("**/search/?q=keeper")
    page.locator(".results").get_by_role("link", name=story.headline).click()
    page.wait_for_url(f"**{story.get_absolute_url()}")

    page.get_by_role("navigation", name="Tags").get_by_role("link", name="lighthouses").click()
    page.wait_for_url("**/tag/lighthouses/")
    assert page.get_by_role("heading", level=1).inner_text() == "lighthouses"

    page.get_by_role("link", name=story.headline).click()
    page.locator(".story__byline").get_by_role("link", name="Ada Quayle").click()
    page.wait_for_url("**/author/ada-quayle/")
    assert "Covers the port." in page.locator("main").inner_text()


@pytest.mark.parametrize("width", [320, 1280])
def test_no_page_scrolls_sideways(page, live_server, newsroom_stories, width):
    page.set_viewport_size({"width": width, "height": 800})
    for url in (reverse("newsroom:home"), newsroom_stories.get_absolute_url()):
        page.goto(live_server.url + url)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, (url, overflow)


def test_axe_finds_no_wcag_22_aa_violations(page, live_server, newsroom_stories):
    story = newsroom_stories
    axe = Axe()
    urls = [
        reverse("newsroom:home"),
        story.get_absolute_url(),
        story.section.get_absolute_url(),
        reverse("newsroom:tag", args=["lighthouses"]),
        reverse("newsroom:author", args=["ada-quayle"]),
        reverse("newsroom:search") + "?q=keeper",
        reverse("newsroom:page", args=["privacy"]),
    ]
    for url in urls:
        page.goto(live_server.url + url)
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
        assert results.violations_count == 0, f"{url}\n{results.generate_report()}"
