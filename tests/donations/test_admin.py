import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.factories import StaffFactory

from .factories import DonationFactory

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
