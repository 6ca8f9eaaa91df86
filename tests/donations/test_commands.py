import pytest
from django.core.management import call_command

from donations.models import Campaign

pytestmark = pytest.mark.django_db


def test_demo_campaign_is_created_once_with_if_empty():
    call_command("create_demo_campaign", "--if-empty")
    call_command("create_demo_campaign", "--if-empty")
    assert Campaign.objects.count() == 1
    assert Campaign.objects.current("after_story") is not None
