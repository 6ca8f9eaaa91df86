import pytest
from django.urls import reverse

from newsroom.models import FrontPagePin, Page
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_editors_pin_a_story_in_the_admin(admin_client):
    story = ArticleFactory()
    response = admin_client.post(
        reverse("admin:newsroom_frontpagepin_add"),
        {"article": story.pk, "position": 0, "expires_at_0": "", "expires_at_1": ""},
    )
    assert response.status_code == 302
    assert FrontPagePin.objects.get().article == story


def test_editors_edit_a_static_page_and_the_body_is_sanitised(admin_client, client):
    page = Page.objects.get(slug="about")
    response = admin_client.post(
        reverse("admin:newsroom_page_change", args=[page.pk]),
        {
            "title": "About the Ledger",
            "slug": "about",
            "summary": "",
            "body": '<p onclick="x()">Hello</p><script>alert(1)</script>',
        },
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title == "About the Ledger"
    assert "script" not in page.body and "onclick" not in page.body
    assert "About the Ledger" in client.get(page.get_absolute_url()).content.decode()


def test_admin_lists_load(admin_client):
    ArticleFactory()
    for name in ("frontpagepin", "page"):
        assert admin_client.get(reverse(f"admin:newsroom_{name}_changelist")).status_code == 200
