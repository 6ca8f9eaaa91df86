"""`reverse()` for the addresses a reader page prints dozens of times: every story card,
byline and section link.

Django's `reverse()` costs 20 to 45 µs a call, most of it spent finding the pattern and
checking the result against its regular expression. The shape of an address does not change
while the process runs (for a given urlconf and language), so it is worked out once, by
reversing placeholder values, and later calls only put the values in. Values the int and slug
converters would refuse, and patterns the shape cannot stand for, go through `reverse()`
itself, which raises `NoReverseMatch` as usual."""

from __future__ import annotations

import re
from functools import cache

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
# Placeholders the int and slug converters accept and no static part of a path contains.
_INT_MARK = 7_346_099_800


def reverse_fast(viewname: str, **kwargs: int | str) -> str:
    """`reverse(viewname, kwargs=kwargs)` for non-negative ints and slugs."""
    for value in kwargs.values():
        if not (type(value) is int and value >= 0) and not (
            type(value) is str and _SLUG.fullmatch(value)
        ):
            return reverse(viewname, kwargs=kwargs)
    kinds = tuple((name, type(value) is int) for name, value in kwargs.items())
    shape = _shape(viewname, kinds, get_urlconf() or settings.ROOT_URLCONF, get_language())
    if shape is None:
        return reverse(viewname, kwargs=kwargs)
    return get_script_prefix() + shape.format_map(kwargs)


@cache
def _shape(
    viewname: str, kinds: tuple[tuple[str, bool], ...], urlconf: str, language: str | None
) -> str | None:
    """The address of `viewname` without the script prefix, with a `{name}` field for each
    argument; None when placeholders cannot stand for the values. Called inside the
    urlconf and language it is keyed by, so `reverse()` sees the same ones."""
    marks: dict[str, int | str] = {
        name: _INT_MARK + n if is_int else f"q7m{n}placeholder"
        for n, (name, is_int) in enumerate(kinds)
    }
    try:
        url = reverse(viewname, urlconf=urlconf, kwargs=marks)
    except NoReverseMatch:
        return None
    prefix = get_script_prefix()
    if not url.startswith(prefix):
        return None
    shape = url[len(prefix) :].replace("{", "{{").replace("}", "}}")
    for name, mark in marks.items():
        if shape.count(str(mark)) != 1:
            return None
        shape = shape.replace(str(mark), "{" + name + "}")
    # A converter that writes values its own way (a zero-padded month, say) would still
    # give the placeholders back unchanged: check the shape against small ordinary values.
    sample: dict[str, int | str] = {name: 3 if is_int else "a-1" for name, is_int in kinds}
    if prefix + shape.format_map(sample) != reverse(viewname, urlconf=urlconf, kwargs=sample):
        return None
    return shape
