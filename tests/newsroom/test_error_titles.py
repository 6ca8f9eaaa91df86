"""A page sent back with errors says so in its <title>, the first thing a screen reader reads
after a full-page submit without JavaScript (WCAG 3.3.1). base.html decides it once, for every
form a page shows."""

import re

import pytest
from django.urls import reverse

from tests.donations.conftest import gift_data
from tests.donations.factories import CampaignFactory

pytestmark = pytest.mark.django_db


def title_of(response) -> str:
    match = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
    assert match, response.content[:200]
    return match.group(1).strip()


def test_newsletter_page_with_an_invalid_address_says_error_first(client):
    url = reverse("newsletter:signup")
    empty = title_of(client.get(url))
    response = client.post(url, {"email": "not an address", "website": ""})
    assert response.status_code == 400
    assert title_of(response) == f"Error: {empty}"
    assert not empty.startswith("Error")


def test_checkout_with_a_problem_says_error_first(client):
    campaign = CampaignFactory()
    response = client.post(reverse("donations:checkout"), gift_data(campaign, email=""))
    assert response.status_code == 400
    assert title_of(response).startswith("Error: Your gift")


def test_checkout_asking_for_the_email_is_no_error(client):
    """The prompt's first click lands on the checkout with a fresh form: nothing is wrong yet."""
    campaign = CampaignFactory()
    data = gift_data(campaign)
    del data["email"], data["name"]
    response = client.post(reverse("donations:checkout"), data)
    assert response.status_code == 200
    assert title_of(response).startswith("Your gift")


def test_sign_in_with_a_wrong_password_says_error_first(client):
    url = reverse("account_login")
    assert not title_of(client.get(url)).startswith("Error")
    response = client.post(url, {"login": "nobody@example.org", "password": "wrong-password"})
    assert title_of(response).startswith("Error: ")


def test_a_search_too_long_says_error_first(client):
    url = reverse("newsroom:search")
    assert title_of(client.get(url, {"q": "x" * 500})).startswith("Error: ")
    assert not title_of(client.get(url, {"q": "harbour"})).startswith("Error")


def test_reader_pages_without_a_form_error_keep_their_title(client):
    assert not title_of(client.get(reverse("newsroom:home"))).startswith("Error")
