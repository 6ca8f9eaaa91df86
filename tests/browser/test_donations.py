"""Reader journeys through the donation prompt in Chromium, on the offline provider."""

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from donations.models import Donation
from tests.donations.factories import CampaignFactory
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def stories(settings):
    # A person in a browser test is faster than the anti-bot minimum; the check has its own tests.
    settings.DONATIONS_MIN_SUBMIT_SECONDS = 0
    settings.DONATIONS_PROVIDER = "offline"
    CampaignFactory(title="Keep local news alive")
    return ArticleFactory(), ArticleFactory()


def test_reader_gives_monthly_and_sees_no_prompt_on_the_next_story(live_server, page, stories):
    first, second = stories
    page.goto(live_server.url + first.get_absolute_url())
    prompt = page.locator(".donation-prompt")
    expect(prompt.get_by_role("heading", name="Keep local news alive")).to_be_visible()
    expect(prompt.get_by_text("Not ready to support today?")).to_be_visible()

    prompt.locator("label", has_text="Monthly").click()
    prompt.locator("label", has_text="$5 a month").click()
    expect(prompt.locator("label", has_text="$10 a month")).to_be_visible()
    expect(prompt.locator("label", has_text="$50 a year")).to_be_hidden()
    prompt.get_by_role("button", name="Continue").click()

    page.get_by_label("Email address").fill("reader@example.org")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Test payment")).to_be_visible()
    expect(page.get_by_text("$5", exact=True)).to_be_visible()
    page.get_by_role("button", name="Approve payment").click()
    expect(page.get_by_role("heading", name="Thank you for your support")).to_be_visible()

    donation = Donation.objects.get()
    assert (donation.state, donation.amount_cents, donation.frequency) == ("paid", 500, "monthly")

    page.goto(live_server.url + second.get_absolute_url())
    expect(page.get_by_role("heading", name=second.headline)).to_be_visible()
    expect(page.locator(".donation-prompt")).to_be_hidden()
    expect(page.locator(".support-banner")).to_be_hidden()


def test_remind_me_later_hides_prompts_for_seven_days(live_server, page, stories):
    first, second = stories
    start = datetime.now(UTC)
    page.clock.install(time=start)
    page.goto(live_server.url + first.get_absolute_url())
    prompt = page.locator(".donation-prompt")
    expect(prompt).to_be_visible()

    prompt.get_by_role("button", name="Remind me later.").click()
    expect(prompt).to_be_hidden()
    assert page.url == live_server.url + first.get_absolute_url()  # no reload, no redirect

    page.goto(live_server.url + second.get_absolute_url())
    expect(page.get_by_role("heading", name=second.headline)).to_be_visible()
    expect(page.locator(".donation-prompt")).to_be_hidden()

    page.clock.set_system_time(start + timedelta(days=6, hours=23))
    page.reload()
    expect(page.locator(".donation-prompt")).to_be_hidden()

    page.clock.set_system_time(start + timedelta(days=7, minutes=5))
    page.reload()
    expect(page.locator(".donation-prompt")).to_be_visible()


def test_remind_me_later_by_keyboard_keeps_the_focus_and_says_what_happened(
    live_server, page, stories
):
    """The prompt hides, its status line with it: the answer is said in a polite live region
    that stays on the page, and the focus goes there instead of falling to <body>."""
    first, _second = stories
    page.goto(live_server.url + first.get_absolute_url())
    prompt = page.locator(".donation-prompt")
    prompt.get_by_role("button", name="Remind me later.").focus()
    page.keyboard.press("Enter")
    expect(prompt).to_be_hidden()

    said = page.get_by_role("status").filter(has_text="We will remind you in 7 days.")
    expect(said).to_have_count(1)
    expect(said).to_be_visible()
    assert said.get_attribute("aria-live") in (None, "polite")  # role=status is polite
    focus = page.evaluate(
        """() => {
            const active = document.activeElement;
            return {
                body: active === document.body,
                hidden: active.closest("[hidden]") !== null,
                text: active.textContent.trim(),
            };
        }"""
    )
    assert not focus["body"] and not focus["hidden"], focus
    assert focus["text"] == "Thank you. We will remind you in 7 days.", focus
    assert page.url == live_server.url + first.get_absolute_url()


def test_remind_me_later_works_without_javascript(live_server, browser, stories):
    first, _second = stories
    context = browser.new_context(java_script_enabled=False)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto(live_server.url + first.get_absolute_url())
        page.get_by_role("button", name="Remind me later.").click()
        expect(page).to_have_url(live_server.url + first.get_absolute_url() + "#donation-snoozed")
        expect(page.get_by_text("We will remind you in 7 days")).to_be_visible()
        expect(page.get_by_role("button", name="Continue")).to_be_hidden()
        assert any(c["name"] == "support_prompt" for c in context.cookies())
    finally:
        context.close()
