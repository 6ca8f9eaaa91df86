import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from donations.models import Campaign
from tests.factories import StaffFactory

from .factories import CampaignFactory, DonationFactory

pytestmark = pytest.mark.django_db


def _staff(*perms: str):
    user = StaffFactory()
    user.user_permissions.add(*Permission.objects.filter(codename__in=perms))
    return user


def test_changelist_shows_totals_by_month_and_frequency(client):
    DonationFactory(amount_cents=500, frequency="monthly")
    DonationFactory(amount_cents=700, frequency="monthly")
    DonationFactory(amount_cents=2500, frequency="once")
    DonationFactory(amount_cents=9999, frequency="once", state="pending")
    client.force_login(_staff("view_donation"))
    response = client.get(reverse("admin:donations_donation_changelist"))
    totals = {(row["frequency"], row["total"]) for row in response.context["totals"]}
    assert totals == {("monthly", 1200), ("once", 2500)}
    assert "$12" in response.content.decode()


def test_csv_export_needs_the_export_permission(client):
    donation = DonationFactory(email="ada@example.org", name="=HYPERLINK(1)")
    client.force_login(_staff("view_donation"))
    url = reverse("admin:donations_donation_changelist")
    assert "export_donations" not in client.get(url).content.decode()
    refused = client.post(url, {"action": "export_donations", "_selected_action": [donation.pk]})
    assert refused.get("Content-Type", "").startswith("text/html")

    client.force_login(_staff("view_donation", "export_donations"))
    response = client.post(url, {"action": "export_donations", "_selected_action": [donation.pk]})
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode()
    assert "ada@example.org" in body and "'=HYPERLINK(1)" in body


def campaign_form_data(**overrides):
    return {
        "name": "Spring appeal",
        "title": "Keep the Harbour Ledger independent",
        "message": "Give what you can.",
        "currency": "USD",
        "amounts_once": "[1000, 2500]",
        "amounts_monthly": "[500]",
        "amounts_annual": "[5000]",
        "default_frequency": "monthly",
        "default_amount_cents": "500",
        "minimum_cents": "200",
        "maximum_cents": "1000000",
        "starts_at_0": "2026-01-01",
        "starts_at_1": "09:00",
        "ends_at_0": "",
        "ends_at_1": "",
        "show_banner": "on",
        **overrides,
    }


def test_an_amount_too_long_to_read_as_a_number_is_refused_next_to_the_field(client):
    # Python refuses to turn more than 4,300 digits into an int: a ValueError, not a JSON
    # error, which Django's form field let through as a 500.
    campaign = CampaignFactory()
    client.force_login(_staff("view_campaign", "change_campaign"))
    response = client.post(
        reverse("admin:donations_campaign_change", args=[campaign.pk]),
        campaign_form_data(amounts_once="[500, " + "9" * 5000 + "]"),
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["amounts_once"] == ["Enter a valid JSON."]
    assert "9" * 5000 in response.text  # shown back as typed, to be corrected
    assert Campaign.objects.get(pk=campaign.pk).amounts_once == [1000, 2500, 5000]


def test_campaign_amounts_are_saved_from_the_admin(client):
    campaign = CampaignFactory()
    client.force_login(_staff("view_campaign", "change_campaign"))
    response = client.post(
        reverse("admin:donations_campaign_change", args=[campaign.pk]), campaign_form_data()
    )
    assert response.status_code == 302
    assert Campaign.objects.get(pk=campaign.pk).amounts_once == [1000, 2500]
