import pytest
from django.template import Context, Template
from django.test import RequestFactory

from newsletter.templatetags.newsletter_tags import absolute_url


def test_absolute_url_prefixes_site_relative_paths_only(settings):
    settings.SITE_URL = "https://news.example.org"
    assert absolute_url("/media/photo.jpg") == "https://news.example.org/media/photo.jpg"
    assert absolute_url("https://cdn.example.org/p.jpg") == "https://cdn.example.org/p.jpg"
    assert absolute_url("") == ""


@pytest.mark.django_db
def test_signup_tag_renders_the_box_with_the_page_as_source_and_no_csrf_token():
    request = RequestFactory().get("/2026/11/28/ferry/")
    html = Template("{% load newsletter_tags %}{% newsletter_signup %}").render(
        Context({"request": request})
    )
    assert 'name="source" value="/2026/11/28/ferry/"' in html
    assert "csrfmiddlewaretoken" not in html
    assert 'name="website"' in html and 'aria-hidden="true"' in html
    assert "js/newsletter.js" in html and "defer" in html
