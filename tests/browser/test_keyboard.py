"""Keyboard readers in Chromium: the skip link leads into the page, Tab reaches every link,
field and button of the header and the page and comes back round (no trap), and every focused
element shows an outline with at least 3:1 contrast against what surrounds it (WCAG 2.2
2.4.7 and 1.4.11)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from articles.models import Correction
from tests.donations.factories import CampaignFactory
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db(transaction=True)

# What the focused element shows. A visually hidden radio (the gift amounts) draws its outline
# on the label text beside it; the background is the nearest one that is not transparent.
FOCUS = """() => {
  let element = document.activeElement;
  const name = element.getAttribute("name") || element.id || element.textContent.trim();
  if (element.getBoundingClientRect().width <= 1 && element.nextElementSibling) {
    element = element.nextElementSibling;
  }
  const style = getComputedStyle(element);
  let background = "rgb(255, 255, 255)";
  for (let node = element.parentElement; node; node = node.parentElement) {
    const colour = getComputedStyle(node).backgroundColor;
    if (colour !== "rgba(0, 0, 0, 0)" && colour !== "transparent") { background = colour; break; }
  }
  return {name, tag: document.activeElement.tagName, outline: style.outlineStyle,
          width: parseFloat(style.outlineWidth), colour: style.outlineColor, background};
}"""


def luminance(colour: str) -> float:
    channels = [int(value) / 255 for value in re.findall(r"\d+", colour)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def tab_round(page) -> list[dict]:
    """Tab from the top of the page until focus comes back to the skip link."""
    seen: list[dict] = []
    for _ in range(80):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS)
        if seen and focus["name"] == seen[0]["name"]:
            return seen
        if focus["tag"] != "BODY":  # the browser's own stop between the end and the start
            seen.append(focus)
    raise AssertionError(f"Tab never came back to the skip link: {[f['name'] for f in seen]}")


@pytest.fixture
def story():
    CampaignFactory(title="Keep local news alive")
    story = ArticleFactory(section=SectionFactory(name="Harbour"), tags=["lighthouses"])
    Correction.objects.create(article=story, text="We misspelt the keeper's name.")
    return story


def test_skip_link_moves_keyboard_focus_into_the_main_content(page, live_server, story):
    page.goto(live_server.url + story.get_absolute_url())
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


@pytest.mark.parametrize("where", ["home", "story", "sign-in"])
def test_tab_reaches_everything_and_every_focus_is_visible(page, live_server, story, where):
    url = {
        "home": reverse("newsroom:home"),
        "story": story.get_absolute_url(),
        "sign-in": reverse("account_login"),
    }[where]
    page.goto(live_server.url + url)
    reached = tab_round(page)
    names = [focus["name"] for focus in reached]
    assert names[:3] == ["Skip to content", "q", "Search"]
    assert {"Sign in / My account", "Home", "Harbour", "About us", "Atom feed"} <= set(names)
    if where == "story":
        gift = {"frequency", "amount_monthly", "custom_amount", "Remind me later."}
        assert {"email"} | gift <= set(names)
    if where == "sign-in":
        assert {"login", "password", "Sign In"} <= set(names)
    for focus in reached:
        assert focus["outline"] != "none" and focus["width"] >= 2, focus
        assert contrast(focus["colour"], focus["background"]) >= 3, focus
