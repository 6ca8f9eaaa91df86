import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, path, register_converter, reverse, set_script_prefix

from articles.addresses import reverse_fast


@pytest.mark.parametrize(
    ("viewname", "kwargs"),
    [
        ("newsroom:article", {"year": 2026, "month": 1, "day": 9, "slug": "ferry-fares"}),
        ("newsroom:section", {"slug": "politics"}),
        ("newsroom:author", {"slug": "mira_holm-2"}),
        ("newsroom:tag", {"slug": "7346099800"}),
        ("newsroom:home", {}),
    ],
)
def test_reverse_fast_gives_what_reverse_gives(viewname, kwargs):
    assert reverse_fast(viewname, **kwargs) == reverse(viewname, kwargs=kwargs)
    assert reverse_fast(viewname, **kwargs) == reverse(viewname, kwargs=kwargs)  # remembered


def test_reverse_fast_keeps_the_script_prefix_of_the_moment():
    reverse_fast("newsroom:section", slug="politics")
    set_script_prefix("/news/")
    try:
        assert reverse_fast("newsroom:section", slug="sport") == "/news/section/sport/"
    finally:
        set_script_prefix("/")
    assert reverse_fast("newsroom:section", slug="sport") == "/section/sport/"


@pytest.mark.parametrize(
    ("viewname", "kwargs"),
    [
        ("newsroom:section", {"slug": "not a slug"}),
        ("newsroom:section", {"slug": ""}),
        ("newsroom:article", {"year": -1, "month": 1, "day": 1, "slug": "x"}),
        ("newsroom:article", {"year": "twenty", "month": 1, "day": 1, "slug": "x"}),
        ("newsroom:section", {"name": "politics"}),
    ],
)
def test_reverse_fast_refuses_what_reverse_refuses(viewname, kwargs):
    with pytest.raises(NoReverseMatch):
        reverse_fast(viewname, **kwargs)


class TwoDigits:
    regex = "[0-9]+"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{value:02d}"


register_converter(TwoDigits, "two_digits_for_test")
urlpatterns = [path("issue/<two_digits_for_test:number>/", lambda request: None, name="issue")]


@override_settings(ROOT_URLCONF=__name__)
def test_a_converter_that_writes_values_its_own_way_goes_through_reverse():
    assert reverse_fast("issue", number=3) == "/issue/03/"
