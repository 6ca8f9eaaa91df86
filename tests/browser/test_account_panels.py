"""A donor who reads the newsletter, on "My account" in Chromium: both panels show the gifts
and the subscription without accessibility violations, and their buttons work."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from donations.models import RecurringGift
from newsletter.models import Subscriber
from tests.accounts.factories import PASSWORD, VerifiedReaderFactory
from tests.donations.factories import DonationFactory, RecurringGiftFactory
from tests.newsletter.factories import SubscriberFactory

EMAIL = "rita@example.org"


@pytest.mark.django_db(transaction=True)
def test_donor_cancels_a_gift_and_unsubscribes_from_my_account(live_server, page):
    VerifiedReaderFactory(email=EMAIL)
    gift = RecurringGiftFactory(email=EMAIL, amount_cents=500)
    DonationFactory(email=EMAIL, recurring_gift=gift, amount_cents=500, frequency="monthly")
    DonationFactory(email=EMAIL, amount_cents=2500)
    SubscriberFactory(email=EMAIL)

    page.goto(live_server.url + reverse("account_login"))
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    page.goto(live_server.url + reverse("accounts:home"))

    expect(page.get_by_role("heading", name="Your gifts", level=2)).to_be_visible()
    expect(page.get_by_role("heading", name="Newsletter", level=2)).to_be_visible()
    expect(page.get_by_role("cell", name="$25")).to_be_visible()
    assert Axe().run(page).response["violations"] == []

    page.get_by_role("button", name="Cancel this recurring gift ($5 monthly)", exact=True).click()
    expect(page.get_by_text("Your recurring gift is cancelled")).to_be_visible()
    page.get_by_role("button", name="Unsubscribe from the newsletter").click()
    expect(page.get_by_text("You are unsubscribed")).to_be_visible()
    expect(page.get_by_role("button", name="Subscribe to the newsletter")).to_be_visible()

    gift.refresh_from_db()
    assert gift.state == RecurringGift.State.CANCELLED
    assert Subscriber.objects.get(email=EMAIL).state == Subscriber.State.UNSUBSCRIBED
