from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from donations.models import Campaign, format_money

from .factories import CampaignFactory

pytestmark = pytest.mark.django_db


def test_current_campaign_is_the_latest_started_running_one_for_the_placement():
    now = timezone.now()
    older = CampaignFactory(starts_at=now - timedelta(days=5))
    newer = CampaignFactory(starts_at=now - timedelta(days=1), show_after_story=False)
    CampaignFactory(starts_at=now + timedelta(days=1))
    assert Campaign.objects.current("banner") == newer
    assert Campaign.objects.current("after_story") == older


def test_campaign_rejects_inconsistent_amounts():
    campaign = CampaignFactory.build(
        minimum_cents=500, maximum_cents=400, amounts_monthly=[100], currency="dollars"
    )
    with pytest.raises(ValidationError) as error:
        campaign.full_clean()
    assert {"maximum_cents", "amounts_monthly", "currency"} <= set(error.value.message_dict)


def test_campaign_rejects_amounts_that_are_not_cents():
    campaign = CampaignFactory.build(amounts_once=[5.5, "10"])
    with pytest.raises(ValidationError) as error:
        campaign.full_clean()
    assert "amounts_once" in error.value.message_dict


def test_paragraphs_split_on_blank_lines():
    campaign = CampaignFactory.build(message="One.\r\n\r\nTwo\nstill two.\n\n\n")
    assert campaign.paragraphs() == ["One.", "Two\nstill two."]


@pytest.mark.parametrize(
    ("cents", "currency", "shown"),
    [
        (500, "USD", "$5"),
        (1250, "USD", "$12.50"),
        (100000, "EUR", "€1,000"),
        (7, "NOK", "NOK 0.07"),
    ],
)
def test_format_money(cents, currency, shown):
    assert format_money(cents, currency) == shown
