import pytest
from django.core.exceptions import PermissionDenied

from accounts.signals import personal_data_erased, personal_data_requested
from donations import selectors, services
from donations.models import Donation, RecurringGift
from tests.factories import UserFactory

from .factories import DonationFactory, RecurringGiftFactory

pytestmark = pytest.mark.django_db


def test_donations_for_finds_gifts_by_address_and_by_account():
    user = UserFactory(email="ada@example.org")
    by_email = DonationFactory(email="ada@example.org")
    by_account = DonationFactory(email="old-address@example.org", user=user)
    DonationFactory(email="ada@example.org", state=Donation.State.PENDING)
    DonationFactory(email="other@example.org")
    found = set(selectors.donations_for(email=" ADA@example.org", user=user))
    assert found == {by_email, by_account}


def test_cancel_recurring_gift_only_for_its_owner():
    gift = RecurringGiftFactory(email="ada@example.org")
    with pytest.raises(PermissionDenied):
        services.cancel_recurring_gift(gift=gift, by_email="mallory@example.org")
    gift.refresh_from_db()
    assert gift.state == RecurringGift.State.ACTIVE
    services.cancel_recurring_gift(gift=gift, by_email="Ada@Example.org")
    gift.refresh_from_db()
    assert gift.state == RecurringGift.State.CANCELLED and gift.cancelled_at


def test_cancel_recurring_gift_by_the_linked_accounts_address():
    user = UserFactory(email="new@example.org")
    gift = RecurringGiftFactory(email="old@example.org", user=user)
    services.cancel_recurring_gift(gift=gift, by_email="new@example.org")
    gift.refresh_from_db()
    assert gift.state == RecurringGift.State.CANCELLED


def test_download_my_data_includes_donations():
    user = UserFactory(email="ada@example.org")
    DonationFactory(email="ada@example.org", amount_cents=1234)
    RecurringGiftFactory(email="ada@example.org")
    answers = dict(
        answer for _receiver, answer in personal_data_requested.send(sender=None, user=user)
    )
    assert answers["donations"]["donations"][0]["amount_cents"] == 1234
    assert len(answers["donations"]["recurring_gifts"]) == 1


def test_erasing_an_account_anonymises_but_keeps_the_accounting():
    user = UserFactory(email="ada@example.org")
    donation = DonationFactory(
        email="ada@example.org", name="Ada", user=user, provider_payment_id="pi_9"
    )
    gift = RecurringGiftFactory(email="ada@example.org", user=user)
    other = DonationFactory(email="other@example.org", name="Other")
    personal_data_erased.send(sender=None, user=user, email="ada@example.org")
    donation.refresh_from_db()
    gift.refresh_from_db()
    other.refresh_from_db()
    assert (donation.email, donation.name, donation.user) == ("", "", None)
    assert (donation.amount_cents, donation.provider_payment_id) == (1000, "pi_9")
    assert donation.paid_at is not None
    assert (gift.email, gift.user) == ("", None)
    assert other.email == "other@example.org" and other.name == "Other"
