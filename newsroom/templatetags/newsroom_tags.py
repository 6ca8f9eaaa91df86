from __future__ import annotations

from urllib.parse import quote

from django import template
from django.forms import BaseForm
from django.forms.formsets import BaseFormSet
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article, Photo, Section

from .. import images, search, seo
from ..selectors import masthead_sections

register = template.Library()

# A page whose input error is not a bound Django form (the search's too-long query) sets this
# context variable to say so.
INPUT_ERROR = "input_error"

LAZY = mark_safe(' loading="lazy"')


@register.simple_tag(takes_context=True)
def page_shows_errors(context: template.Context) -> bool:
    """True when the page shows a form sent back with errors: any bound form or formset in the
    page's context that is not valid, or a true `input_error`. base.html then starts the
    <title> with "Error:", so a reader is told at once after a full-page submit.

    Values are tested by `type()`, never `isinstance()`: isinstance asks a lazy object such as
    `user` or `csrf_token` for its class, which evaluates it, and evaluating `user` reads the
    session on anonymous pages that must not touch it."""
    for scope in context.dicts:
        for name, value in scope.items():
            if name == INPUT_ERROR and value is True:
                return True
            # is_valid() cleans a bound form once; the page's own rendering of its errors
            # reuses that result.
            is_form = issubclass(type(value), (BaseForm, BaseFormSet))
            if is_form and value.is_bound and not value.is_valid():
                return True
    return False


@register.simple_tag
def section_links() -> list[Section]:
    """Sections for the masthead navigation."""
    return masthead_sections()


@register.simple_tag
def picture(
    photo: Photo | None, preset: str, *, alt: str | None = None, lazy: bool = True
) -> SafeString | str:
    """A `<picture>` of the photo's renditions for a layout slot (see newsroom.images).
    Below the fold (`lazy`) it loads lazily; width and height are always set.

    Built with format_html rather than a template: a page shows up to thirty of them, and a
    template render per picture cost several times as much."""
    if photo is None:
        return ""
    rendition = images.picture_for(photo, preset)
    if rendition is None:
        return ""
    sources = format_html_join(
        "",
        '<source type="{}" srcset="{}" sizes="{}">',
        ((source.mime, source.srcset, rendition.sizes) for source in rendition.sources),
    )
    return format_html(
        '<picture>{}<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}'
        ' decoding="async"></picture>',
        sources,
        rendition.src,
        rendition.srcset,
        rendition.sizes,
        rendition.width,
        rendition.height,
        photo.alt_text if alt is None else alt,
        LAZY if lazy else "",
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
