import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation

from newsroom import views

pytestmark = pytest.mark.django_db


def test_unknown_address_gets_the_designed_404_page(client, settings):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We could not find that page" in html
    assert settings.SITE_NAME in html and 'class="masthead"' in html
    assert 'role="search"' in html
    assert not response.cookies


@pytest.mark.parametrize(
    ("handler", "args", "status", "text"),
    [
        (views.bad_request, (SuspiciousOperation(),), 400, "could not understand"),
        (views.permission_denied, (PermissionDenied(),), 403, "not open to you"),
        (views.page_not_found, (Exception(),), 404, "could not find"),
    ],
)
def test_error_handlers_render_the_site_design(rf, handler, args, status, text):
    response = handler(rf.get("/"), *args)
    assert response.status_code == status
    html = response.content.decode()
    assert text in html and 'class="masthead"' in html and 'class="site-footer"' in html


def test_the_500_page_needs_no_database(rf, settings, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = views.server_error(rf.get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html and settings.SITE_NAME in html
    assert "Error 500" in html


@pytest.mark.django_db
def test_a_failed_csrf_check_gets_the_sites_own_403_page():
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    response = Client(enforce_csrf_checks=True).post(reverse("account_login"), {"login": "x"})
    assert response.status_code == 403
    assert settings.SITE_NAME in response.content.decode()
    assert 'class="masthead' in response.content.decode()


@pytest.mark.parametrize(
    ("method", "url_name"),
    [
        ("get", "donations:checkout"),
        ("get", "donations:remind-later"),
        ("put", "newsletter:signup"),
    ],
)
def test_a_method_a_form_endpoint_does_not_take_gets_the_sites_405_page(client, method, url_name):
    # A reader reopening a POST-only address (a bookmark, a reload, the history) used to get
    # an empty body, which browsers replace with their own error screen.
    from django.urls import reverse

    response = getattr(client, method)(reverse(url_name))
    assert response.status_code == 405
    assert "POST" in response["Allow"]
    html = response.content.decode()
    assert '<html lang="en' in html and 'class="masthead"' in html
    assert '<main id="main"' in html and "<h1" in html and "Error 405" in html
    assert f'href="{reverse("newsroom:home")}"' in html


def test_the_405_page_is_not_given_to_a_response_that_has_a_body(rf):
    from django.http import HttpResponseNotAllowed

    from newsroom.notallowed import MethodNotAllowedPageMiddleware

    own = HttpResponseNotAllowed(["POST"], content=b"{}", content_type="application/json")
    response = MethodNotAllowedPageMiddleware(lambda request: own)(rf.get("/"))
    assert response is own
