"""Deleting and exporting an account with the real newsletter and donations apps in place:
the person's address must leave every table, and the export must hold every app's record."""

from __future__ import annotations

import json

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.urls import reverse

from accounts.services import delete_account
from donations.models import Donation, RecurringGift
from newsletter.models import Delivery, Subscriber
from tests.donations.factories import DonationFactory, RecurringGiftFactory
from tests.factories import StaffFactory
from tests.newsletter.factories import IssueFactory, SubscriberFactory

from .conftest import rows_mentioning
from .factories import PASSWORD, VerifiedReaderFactory

pytestmark = pytest.mark.django_db

EMAIL = "mara.quay@example.org"


@pytest.fixture
def supporter():
    """A reader who subscribes, has received an issue, gives monthly and gave once, and whose
    subscription a staff member once edited in the admin."""
    reader = VerifiedReaderFactory(email=EMAIL, display_name="Mara Quay")
    subscriber = SubscriberFactory(email=EMAIL, user=reader)
    Delivery.objects.create(issue=IssueFactory(), subscriber=subscriber)
    gift = RecurringGiftFactory(email=EMAIL, name="Mara Quay", user=reader)
    DonationFactory(email=EMAIL, name="Mara Quay", user=reader, recurring_gift=gift)
    DonationFactory(email=EMAIL, name="Mara Quay", frequency="once")
    LogEntry.objects.log_actions(
        user_id=StaffFactory().pk, queryset=[subscriber], action_flag=CHANGE
    )
    return reader


def test_deleting_an_account_removes_the_address_from_every_app(supporter):
    assert rows_mentioning(EMAIL)
    paid = Donation.objects.count()

    delete_account(user=supporter, by=supporter)

    assert rows_mentioning(EMAIL) == []
    assert not Subscriber.objects.exists()
    assert not Delivery.objects.exists()
    # Donation records stay for the accounts, anonymised.
    assert Donation.objects.count() == paid
    assert not Donation.objects.exclude(email="").exists()
    assert not Donation.objects.exclude(name="").exists()
    assert not Donation.objects.filter(user__isnull=False).exists()
    assert not RecurringGift.objects.exclude(email="").exists()


def test_download_my_data_holds_the_subscription_consent_and_gifts(client, supporter):
    client.post(reverse("account_login"), {"login": EMAIL, "password": PASSWORD})
    response = client.get(reverse("accounts:data"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == EMAIL
    assert data["newsletter"], data.keys()
    newsletter = json.dumps(data["newsletter"])
    assert EMAIL in newsletter and "consent" in newsletter
    gifts = json.dumps(data["donations"])
    assert gifts.count("Mara Quay") >= 3  # two donations and the recurring gift
