import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

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
