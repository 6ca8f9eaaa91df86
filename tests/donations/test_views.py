import re
from datetime import timedelta
from http.cookies import SimpleCookie

import pytest
from django.conf import settings
from django.core import mail
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.services import record_verified_email
from donations import prompts
from donations.models import Donation, RecurringGift
from donations.tokens import make_manage_token
from tests.factories import ArticleFactory, UserFactory

from .conftest import gift_data
from .factories import CampaignFactory, DonationFactory, RecurringGiftFactory

pytestmark = pytest.mark.django_db

COOKIE = "support_prompt"


def _request_with_cookie(value: str):
    request = RequestFactory().get("/")
    request.COOKIES[COOKIE] = value
    return request


def _cookie_request(response):
    return _request_with_cookie(response.cookies[COOKIE].value)


# --- prompts on cached story pages -------------------------------------------------------------


def test_story_page_always_contains_the_prompt_and_sets_no_cookie(client, campaign):
    story = ArticleFactory()
    response = client.get(story.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert campaign.title in html
    assert "Not ready to support today?" in html and "Remind me later." in html
    assert 'value="once"' in html and 'value="monthly"' in html and 'value="annual"' in html
    assert "$5 a month" in html and "Continue" in html
    assert "Support us!" in html
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
    assert "csrfmiddlewaretoken" not in html


def test_story_page_with_a_reader_cookie_is_the_same_page(client, campaign):
    """Visibility is decided in the browser: a snoozed reader gets byte-identical HTML."""
    story = ArticleFactory()
    first = _without_form_stamp(client.get(story.get_absolute_url()).content.decode())
    client.post(reverse("donations:remind-later"), {"next": story.get_absolute_url()})
    assert COOKIE in client.cookies
    second = _without_form_stamp(client.get(story.get_absolute_url()).content.decode())
    assert first == second


def _without_form_stamp(html: str) -> str:
    """The signed render time differs between two renders, never between two readers."""
    return re.sub(r'name="rendered" value="[^"]*"', "", html)


def test_at_most_one_inline_prompt_per_page(rf, campaign):
    from django.template import Context, Template

    request = rf.get("/")
    html = Template(
        '{% load donation_tags %}{% donation_prompt "banner" %}'
        '{% donation_prompt "after_story" %}{% donation_prompt "after_story" %}'
    ).render(Context({"request": request}))
    assert html.count("data-gift-form") == 1
    assert html.count('class="support-banner"') == 1


def test_no_prompt_without_a_running_campaign(client):
    CampaignFactory(starts_at=timezone.now() + timedelta(days=1))
    CampaignFactory(
        starts_at=timezone.now() - timedelta(days=10), ends_at=timezone.now() - timedelta(days=1)
    )
    html = client.get(ArticleFactory().get_absolute_url()).content.decode()
    assert "data-donation-prompt" not in html


def test_placement_switched_off_is_not_shown(client):
    CampaignFactory(show_after_story=False, title="Banner only appeal")
    html = client.get(ArticleFactory().get_absolute_url()).content.decode()
    assert "support-banner" in html
    assert "data-gift-form" not in html


# --- remind me later ---------------------------------------------------------------------------


def test_remind_later_without_javascript_sets_cookie_and_returns_to_the_story(client, campaign):
    story = ArticleFactory()
    response = client.post(reverse("donations:remind-later"), {"next": story.get_absolute_url()})
    assert response.status_code == 303
    assert response["Location"] == story.get_absolute_url() + "#donation-snoozed"
    morsel = response.cookies[COOKIE]
    assert int(morsel["max-age"]) == 7 * 24 * 3600
    assert morsel["samesite"] == "Lax"
    assert "private" in response["Cache-Control"]
    request = _cookie_request(response)
    assert prompts.is_quiet(request)
    assert prompts.is_quiet(request, now=timezone.now() + timedelta(days=6, hours=23))
    assert not prompts.is_quiet(request, now=timezone.now() + timedelta(days=7, minutes=1))


def test_no_js_fallback_target_is_in_the_prompt(client, campaign):
    """The redirect's #donation-snoozed anchors the CSS-only confirmation in the page."""
    html = client.get(ArticleFactory().get_absolute_url()).content.decode()
    assert 'id="donation-snoozed"' in html


def test_remind_later_refuses_to_redirect_off_site(client):
    response = client.post(reverse("donations:remind-later"), {"next": "https://evil.example/"})
    assert response["Location"] == "/#donation-snoozed"


def test_remind_later_too_often_without_javascript_gets_the_sites_429_page(client, settings):
    # The reader without JavaScript sees this answer as a page: it used to be a bare line of
    # text, with no site layout, language, main landmark, heading or way back.
    settings.DONATIONS_REMIND_RATE_PER_IP = "1/h"
    client.post(reverse("donations:remind-later"), {"next": "/"})
    response = client.post(reverse("donations:remind-later"), {"next": "/"})
    assert response.status_code == 429
    assert "private" in response["Cache-Control"]
    html = response.content.decode()
    assert '<html lang="en' in html and 'class="masthead"' in html
    assert '<main id="main"' in html and "Too many attempts</h1>" in html
    assert f'href="{reverse("newsroom:home")}"' in html
    assert COOKIE not in response.cookies


def test_remind_later_with_javascript_answers_json(client):
    response = client.post(reverse("donations:remind-later"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json() == {"snoozed_days": 7}
    assert COOKIE in response.cookies


def test_snooze_does_not_shorten_a_gift_quiet_period(client, settings):
    client.cookies[COOKIE] = _signed(
        f"gave.{int((timezone.now() + timedelta(days=30)).timestamp())}"
    )
    response = client.post(reverse("donations:remind-later"), {"next": "/"})
    assert COOKIE not in response.cookies
    assert prompts.quiet_until(_request_with_cookie(client.cookies[COOKIE].value))[0] == "gave"


def test_remind_later_get_is_refused(client):
    assert client.get(reverse("donations:remind-later")).status_code == 405


def test_forged_cookie_is_not_quiet():
    until = int((timezone.now() + timedelta(days=7)).timestamp())
    assert not prompts.is_quiet(_request_with_cookie(f"snooze.{until}:forged"))
    assert prompts.is_quiet(_request_with_cookie(_signed(f"snooze.{until}")))


def _signed(value: str) -> str:
    response = HttpResponse()
    response.set_signed_cookie(COOKIE, value, salt=prompts.SALT)
    return response.cookies[COOKIE].value


def test_signed_in_recurring_donor_gets_the_gave_cookie_at_sign_in(client):
    record_verified_email(user=UserFactory(email="donor@example.org"))
    RecurringGiftFactory(email="donor@example.org")
    response = client.post(
        reverse("account_login"),
        {"login": "donor@example.org", "password": "correct horse battery staple"},
    )
    assert response.status_code == 302
    assert client.cookies[COOKIE].value.startswith("gave.")


def test_reader_without_recurring_gift_gets_no_cookie_at_sign_in(client):
    record_verified_email(user=UserFactory(email="reader@example.org"))
    DonationFactory(email="reader@example.org", frequency="once")
    response = client.post(
        reverse("account_login"),
        {"login": "reader@example.org", "password": "correct horse battery staple"},
    )
    assert response.status_code == 302
    assert COOKIE not in client.cookies


# --- checkout validation -----------------------------------------------------------------------


def _post_checkout(client, campaign, **overrides):
    return client.post(reverse("donations:checkout"), gift_data(campaign, **overrides))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"custom_amount": "1.50"}, "The smallest gift we can take is $2."),
        ({"custom_amount": "20000"}, "The largest gift we can take online is $10,000."),
        ({"custom_amount": "5.005"}, "Enter the amount in whole cents"),
        ({"custom_amount": "five"}, "Enter the amount as a number"),
        # Beyond Decimal's 28 digits of precision: these raised InvalidOperation (a 500).
        ({"custom_amount": "1e26"}, "Enter the amount as a number"),
        ({"custom_amount": "-1e999999"}, "Enter the amount as a number"),
        ({"frequency": "weekly"}, "Choose how often to give: Once, Monthly or Annual."),
        ({"frequency": None}, "Choose how often to give: Once, Monthly or Annual."),
        ({"currency": "EUR"}, "Gifts are taken in USD only."),
        ({"email": "not-an-address"}, "Enter a valid email address"),
        ({"email": ""}, "Enter your email address so we can send your receipt."),
        ({"amount_monthly": "777"}, "Choose one of the amounts shown."),
        ({"amount_monthly": None}, "Choose an amount or enter your own"),
    ],
)
def test_checkout_shows_each_problem_as_a_message(client, campaign, overrides, message):
    response = _post_checkout(client, campaign, **overrides)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Donation.objects.exists()


@pytest.mark.parametrize("campaign_id", ["abc", "²"])
def test_a_campaign_id_that_is_no_id_is_refused_without_an_error(client, campaign, campaign_id):
    # "²" passes str.isdigit() but not int(): the lookup raised ValueError (a 500).
    data = {**gift_data(campaign), "campaign": campaign_id}
    response = client.post(reverse("donations:checkout"), data)
    assert response.status_code == 400
    assert not Donation.objects.exists()


@pytest.mark.parametrize(
    ("field", "overrides", "message"),
    [
        ("frequency", {"frequency": None}, "Choose how often to give"),
        ("amount_monthly", {"amount_monthly": "777"}, "Choose one of the amounts shown."),
    ],
)
def test_an_error_on_a_group_of_choices_is_tied_to_its_fieldset(
    client, campaign, field, overrides, message
):
    """A screen reader entering the radio group hears the error with the group's legend,
    not only by reading on past the last choice."""
    html = _post_checkout(client, campaign, **overrides).content.decode()
    [group] = [chunk for chunk in html.split("<fieldset")[1:] if f'name="{field}"' in chunk]
    opening_tag = group.split(">", 1)[0]
    described_by = re.search(r'aria-describedby="([^"]+)"', opening_tag)
    assert described_by, opening_tag
    error = re.search(rf'id="{described_by.group(1)}"[^>]*>([^<]*)<', html)
    assert error and message in error.group(1)
    assert 'aria-invalid="true"' in group


def test_prompt_click_asks_for_the_email_on_a_private_page(client, campaign):
    data = gift_data(campaign, amount_monthly="1000")
    del data["email"], data["name"]
    response = client.post(reverse("donations:checkout"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="email"' in html
    assert 'name="amount_monthly" value="1000"' in html
    assert "checked" in html.split('name="amount_monthly" value="1000"', 1)[1].split(">", 1)[0]
    assert response["Cache-Control"] == "private, no-store"
    assert not Donation.objects.exists()


def test_honeypot_refuses_and_writes_nothing(client, campaign):
    response = _post_checkout(client, campaign, website="http://spam.example")
    assert response.status_code == 400
    assert "We could not start this payment" in response.content.decode()
    assert not Donation.objects.exists()


def test_submitting_faster_than_a_person_is_refused(client, campaign):
    from donations.tokens import make_form_stamp

    response = _post_checkout(client, campaign, rendered=make_form_stamp())
    assert response.status_code == 400
    assert "Please take a moment" in response.content.decode()
    assert not Donation.objects.exists()


def test_missing_or_forged_stamp_is_refused(client, campaign):
    response = _post_checkout(client, campaign, rendered="123:forged")
    assert response.status_code == 400
    assert not Donation.objects.exists()


def test_checkout_is_rate_limited_per_email(client, campaign, settings):
    settings.DONATIONS_CHECKOUT_RATE_PER_EMAIL = "2/h"
    for _ in range(2):
        assert _post_checkout(client, campaign).status_code == 303
    response = _post_checkout(client, campaign, email="READER@example.org")
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert Donation.objects.count() == 2


def test_checkout_is_rate_limited_per_ip(client, campaign, settings):
    settings.DONATIONS_CHECKOUT_RATE_PER_IP = "2/h"
    for n in range(2):
        assert _post_checkout(client, campaign, email=f"r{n}@example.org").status_code == 303
    assert _post_checkout(client, campaign, email="r9@example.org").status_code == 429


def test_custom_amount_wins_over_the_suggested_one(client, campaign):
    _post_checkout(client, campaign, custom_amount="$12.50")
    donation = Donation.objects.get()
    assert donation.amount_cents == 1250
    assert donation.email == "reader@example.org"
    assert donation.state == Donation.State.PENDING


# --- offline provider end to end ---------------------------------------------------------------


def test_offline_gift_end_to_end(client, campaign, django_capture_on_commit_callbacks):
    response = _post_checkout(client, campaign)
    assert response.status_code == 303
    pay_url = response["Location"]
    donation = Donation.objects.get()
    assert pay_url == reverse("donations:offline-pay", args=[donation.reference])
    page = client.get(pay_url)
    assert "Approve payment" in page.content.decode() and "$5" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(pay_url, {"action": "approve"})
    assert response["Location"] == reverse("donations:thanks", args=[donation.reference])
    assert client.cookies[COOKIE].value.startswith("gave.")
    donation.refresh_from_db()
    assert donation.state == Donation.State.PAID
    assert donation.paid_at is not None
    gift = RecurringGift.objects.get()
    assert donation.recurring_gift == gift and gift.amount_cents == 500
    assert gift.frequency == "monthly" and gift.email == "reader@example.org"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["reader@example.org"]
    assert "$5" in mail.outbox[0].body and "/support/manage/" in mail.outbox[0].body

    thanks = client.get(response["Location"])
    assert "Thank you for your support" in thanks.content.decode()
    assert thanks["Cache-Control"].startswith("max-age=0")

    # Approving again (back button, double click) records nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(pay_url, {"action": "approve"})
    assert Donation.objects.paid().count() == 1 and len(mail.outbox) == 1


def test_offline_decline_records_no_payment(client, campaign):
    _post_checkout(client, campaign, frequency="once", amount_once="2500")
    donation = Donation.objects.get()
    response = client.post(
        reverse("donations:offline-pay", args=[donation.reference]), {"action": "decline"}
    )
    donation.refresh_from_db()
    assert donation.state == Donation.State.DECLINED
    assert COOKIE not in response.cookies
    assert "did not go through" in client.get(response["Location"]).content.decode()
    assert not mail.outbox and not RecurringGift.objects.exists()


def test_support_page_is_cacheable_and_has_the_full_form(client, campaign):
    response = client.get(reverse("donations:support"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="email"' in html and campaign.title in html
    assert "public" in response["Cache-Control"]
    assert not response.cookies
    assert "data-donation-prompt" not in html.split("<main", 1)[1]


def test_the_public_donation_pages_answer_head_like_get(client, campaign):
    # Link checkers and monitors ask with HEAD; require_GET answered them 405.
    donation = DonationFactory(email="ada@example.org")
    for url in (
        reverse("donations:support"),
        reverse("donations:thanks", args=[donation.reference]),
        reverse("donations:manage", args=[make_manage_token("ada@example.org")]),
    ):
        response = client.head(url)
        assert response.status_code == 200, url
        assert not response.content


# --- donor self-service ------------------------------------------------------------------------


def test_manage_link_is_emailed_only_for_known_donors_with_the_same_answer(client):
    DonationFactory(email="known@example.org")
    known = client.post(reverse("donations:manage-request"), {"email": "Known@example.org"})
    unknown = client.post(reverse("donations:manage-request"), {"email": "nobody@example.org"})
    assert known.content.decode().count("If we hold gifts") == 1
    assert unknown.content.decode().count("If we hold gifts") == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["known@example.org"]


def test_manage_page_lists_gifts_and_cancels_a_recurring_one(client):
    gift = RecurringGiftFactory(email="ada@example.org")
    DonationFactory(email="ada@example.org", recurring_gift=gift, amount_cents=500)
    DonationFactory(email="someone-else@example.org", amount_cents=4242)
    token = make_manage_token("ada@example.org")
    page = client.get(reverse("donations:manage", args=[token])).content.decode()
    assert "$5" in page and "$42.42" not in page
    assert 'Cancel this recurring gift<span class="visually-hidden"> ($5 monthly)</span>' in page

    response = client.post(reverse("donations:manage-cancel", args=[token, gift.pk]), follow=True)
    gift.refresh_from_db()
    assert gift.state == RecurringGift.State.CANCELLED
    assert "Your recurring gift is cancelled" in response.content.decode()


def test_manage_link_cannot_cancel_someone_elses_gift(client):
    gift = RecurringGiftFactory(email="ada@example.org")
    token = make_manage_token("mallory@example.org")
    response = client.post(reverse("donations:manage-cancel", args=[token, gift.pk]))
    assert response.status_code == 404
    gift.refresh_from_db()
    assert gift.state == RecurringGift.State.ACTIVE


def test_expired_manage_link_says_so(client, settings):
    token = make_manage_token("ada@example.org")
    settings.DONATIONS_MANAGE_LINK_MAX_AGE = -1
    response = client.get(reverse("donations:manage", args=[token]))
    assert response.status_code == 400
    assert "expired" in response.content.decode()


def test_cookie_setting_reads_settings():
    assert settings.DONATIONS_COOKIE_NAME == COOKIE


def test_cookie_value_is_readable_by_the_script():
    """The script takes `<state>.<until>` before the signer's first colon."""
    morsel = SimpleCookie()
    morsel[COOKIE] = _signed("snooze.1900000000")
    raw = morsel[COOKIE].value
    assert raw.split(":")[0] == "snooze.1900000000"


def test_signed_in_reader_is_linked_to_the_donation(client, campaign):
    from tests.factories import UserFactory

    user = UserFactory(email="member@example.org")
    client.force_login(user)
    _post_checkout(client, campaign, email="member@example.org")
    assert Donation.objects.get().user == user
