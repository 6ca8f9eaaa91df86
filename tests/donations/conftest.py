import time

import pytest

from donations.tokens import make_form_stamp

from .factories import CampaignFactory


@pytest.fixture
def campaign(db):
    return CampaignFactory()


def old_stamp() -> str:
    """A form stamp rendered a minute ago: older than the minimum time to submit."""
    return make_form_stamp(now=time.time() - 60)


def gift_data(campaign, **overrides) -> dict:
    data = {
        "campaign": campaign.pk,
        "currency": "USD",
        "frequency": "monthly",
        "amount_monthly": "500",
        "custom_amount": "",
        "email": "Reader@Example.org ",
        "name": "Rita Reader",
        "website": "",
        "rendered": old_stamp(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
