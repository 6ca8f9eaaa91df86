from __future__ import annotations

from urllib.parse import quote

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from articles.models import Article, Photo, Section

from .. import images, search, seo
from ..selectors import masthead_sections

register = template.Library()


@register.simple_tag
def section_links() -> list[Section]:
    """Sections for the masthead navigation."""
    return masthead_sections()


@register.simple_tag
def picture(
    photo: Photo | None, preset: str, *, alt: str | None = None, lazy: bool = True
) -> SafeString | str:
    """A `<picture>` of the photo's renditions for a layout slot (see newsroom.images).
    Below the fold (`lazy`) it loads lazily; width and height are always set."""
    if photo is None:
        return ""
    rendition = images.picture_for(photo, preset)
    if rendition is None:
        return ""
    return render_to_string(
        "components/picture.html",
        {
            "picture": rendition,
            "alt": photo.alt_text if alt is None else alt,
            "lazy": lazy,
        },
    )


@register.simple_tag
def search_snippet(article: Article, query: str) -> SafeString:
    return search.highlight(article, query)


@register.filter
def urlquote(value: str) -> str:
    return quote(str(value), safe="")


@register.filter
def absolute_url(path: str) -> str:
    return seo.absolute(path)
