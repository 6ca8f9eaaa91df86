"""The donations panel of "My account": a reader's gifts, and cancelling their own recurring
gift (never anyone else's)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from donations.models import Donation, RecurringGift
from donations.providers import ProviderError
from donations.providers.offline import OfflineProvider
from tests.accounts.factories import VerifiedReaderFactory

from .factories import DonationFactory, RecurringGiftFactory

# The whole page, however much the donor has given: session, user, recurring gifts, donations,
# the newsletter panel's subscriber and the site menu's sections.
ACCOUNT_PAGE_MAX_QUERIES = 6


@pytest.fixture
def reader(db):
    return VerifiedReaderFactory(email="rita@example.org")


@pytest.fixture
def signed_in(client, reader):
    client.force_login(reader)
    return client


@pytest.fixture
def provider_cancellations(monkeypatch):
    """The subscription ids the offline provider was asked to stop."""
    calls: list[str] = []
    real = OfflineProvider.cancel_subscription

    def recording(self, *, subscription_id: str) -> None:
        calls.append(subscription_id)
        real(self, subscription_id=subscription_id)

    monkeypatch.setattr(OfflineProvider, "cancel_subscription", recording)
    return calls


def account_page(client) -> str:
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 200
    return response.content.decode()


def cancel_url(gift: RecurringGift) -> str:
    return reverse("donations:account-cancel", args=[gift.pk])


def test_panel_lists_past_gifts_with_amount_frequency_date_and_state(signed_in, settings):
    settings.TIME_ZONE = "America/Halifax"
    DonationFactory(
        email="rita@example.org",
        amount_cents=1250,
        currency="EUR",
        frequency="annual",
        # 02:30 UTC on 1 March is still 28 February in the newsroom's time zone.
        paid_at=datetime(2026, 3, 1, 2, 30, tzinfo=UTC),
    )
    page = account_page(signed_in)
    assert 'id="donations-panel-heading"' in page
    assert "<td>€12.50</td><td>Annual</td><td>Paid</td>" in page
    assert "28 February 2026" in page


def test_panel_includes_gifts_linked_to_the_account_under_another_address(signed_in, reader):
    DonationFactory(email="old-address@example.org", user=reader, amount_cents=700)
    assert "<td>$7</td>" in account_page(signed_in)


def test_panel_never_shows_other_peoples_or_unpaid_gifts(signed_in):
    DonationFactory(email="someone@example.org", amount_cents=4242)
    RecurringGiftFactory(email="someone@example.org", amount_cents=4343)
    DonationFactory(email="rita@example.org", amount_cents=4444, state=Donation.State.PENDING)
    page = account_page(signed_in)
    assert "$42.42" not in page and "$43.43" not in page and "$44.44" not in page
    assert "No gifts recorded yet." in page and "No recurring gifts." in page


def test_panel_offers_to_cancel_active_recurring_gifts_only(signed_in):
    active = RecurringGiftFactory(email="rita@example.org", amount_cents=500)
    ended = RecurringGiftFactory(
        email="rita@example.org", amount_cents=900, state=RecurringGift.State.CANCELLED
    )
    page = account_page(signed_in)
    assert f'action="{cancel_url(active)}"' in page
    assert f'action="{cancel_url(ended)}"' not in page
    assert "$9 monthly · Cancelled" in page
    assert page.count("Cancel this recurring gift") == 1
    assert '<span class="visually-hidden"> ($5 monthly)</span></button>' in page
    assert 'name="csrfmiddlewaretoken"' in page


def test_reader_cancels_their_own_gift_through_the_offline_provider(
    signed_in, provider_cancellations
):
    gift = RecurringGiftFactory(email="rita@example.org", provider_subscription_id="offline_sub_r")
    response = signed_in.post(cancel_url(gift), follow=True)
    assert response.redirect_chain == [(reverse("accounts:home"), 302)]
    assert provider_cancellations == ["offline_sub_r"]
    gift.refresh_from_db()
    assert gift.state == RecurringGift.State.CANCELLED and gift.cancelled_at is not None
    page = response.content.decode()
    assert "Your recurring gift is cancelled" in page
    assert "Cancel this recurring gift" not in page


def test_reader_cancels_a_gift_linked_to_their_account_under_another_address(
    signed_in, reader, provider_cancellations
):
    gift = RecurringGiftFactory(email="old-address@example.org", user=reader)
    signed_in.post(cancel_url(gift))
    gift.refresh_from_db()
    assert gift.state == RecurringGift.State.CANCELLED
    assert provider_cancellations == [gift.provider_subscription_id]


def test_reader_cannot_cancel_someone_elses_gift(signed_in, provider_cancellations):
    gift = RecurringGiftFactory(email="someone@example.org")
    response = signed_in.post(cancel_url(gift))
    assert response.status_code == 404
    gift.refresh_from_db()
    assert gift.state == RecurringGift.State.ACTIVE and gift.cancelled_at is None
    assert provider_cancellations == []


def test_reader_cannot_cancel_a_gift_of_another_account(signed_in, provider_cancellations):
    other = VerifiedReaderFactory(email="other@example.org")
    gift = RecurringGiftFactory(email="other@example.org", user=other)
    assert signed_in.post(cancel_url(gift)).status_code == 404
    gift.refresh_from_db()
    assert gift.state == RecurringGift.State.ACTIVE
    assert provider_cancellations == []


def test_provider_failure_keeps_the_gift_active_and_says_to_try_again(signed_in, monkeypatch):
    def unreachable(self, *, subscription_id: str) -> None:
        raise ProviderError("timed out")

    monkeypatch.setattr(OfflineProvider, "cancel_subscription", unreachable)
    gift = RecurringGiftFactory(email="rita@example.org")
    response = signed_in.post(cancel_url(gift), follow=True)
    assert "We could not reach our payment provider" in response.content.decode()
    gift.refresh_from_db()
    assert gift.state == RecurringGift.State.ACTIVE


def test_cancelling_an_unknown_gift_is_not_found(signed_in):
    assert signed_in.post(reverse("donations:account-cancel", args=[999_999])).status_code == 404


def test_cancelling_an_already_cancelled_gift_asks_the_provider_nothing(
    signed_in, provider_cancellations
):
    gift = RecurringGiftFactory(email="rita@example.org", state=RecurringGift.State.CANCELLED)
    assert signed_in.post(cancel_url(gift)).status_code == 302
    assert provider_cancellations == []


def test_anonymous_post_is_sent_to_sign_in_and_changes_nothing(client, db, provider_cancellations):
    gift = RecurringGiftFactory(email="rita@example.org")
    response = client.post(cancel_url(gift))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    gift.refresh_from_db()
    assert gift.state == RecurringGift.State.ACTIVE
    assert provider_cancellations == []


def test_cancel_address_after_signing_in_again_leads_back_to_my_account(signed_in):
    gift = RecurringGiftFactory(email="rita@example.org")
    response = signed_in.get(cancel_url(gift))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:home")
    gift.refresh_from_db()
    assert gift.state == RecurringGift.State.ACTIVE


@pytest.mark.parametrize("gifts", [1, 25])
def test_account_page_queries_do_not_grow_with_the_number_of_gifts(
    signed_in, django_assert_max_num_queries, gifts
):
    for _ in range(gifts):
        recurring = RecurringGiftFactory(email="rita@example.org")
        DonationFactory(email="rita@example.org", recurring_gift=recurring)
        DonationFactory(email="rita@example.org")
    with django_assert_max_num_queries(ACCOUNT_PAGE_MAX_QUERIES):
        page = account_page(signed_in)
    assert page.count("Cancel this recurring gift") == gifts
    assert page.count("<td>Paid</td>") == 2 * gifts
