"""The allowlist for story bodies.

Whatever reaches the database through the admin, a service, an import or the demo loader is
cleaned with nh3 first: no scripts, no event handlers, no inline styles, and links only to
http(s), mailto and tel addresses (so no `javascript:` or `data:` URLs)."""

from html import unescape

from django.utils.html import strip_tags

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "h2", "h3", "h4", "strong", "em", "b", "i", "u", "s", "sub", "sup",
        "a", "ul", "ol", "li", "blockquote", "hr", "code", "pre",
        "figure", "figcaption", "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "ol": {"start"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def sanitize_html(html: str) -> str:
    """Return `html` reduced to the body allowlist. Idempotent."""
    if not html:
        return ""
    # Imported here: bodies are cleaned when saved, so the processes that serve readers never
    # load nh3 (about 1.5 MiB each).
    import nh3

    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def has_text(html: str) -> bool:
    """Whether `html` shows the reader any words. What an emptied editor leaves behind
    (`<p> </p>`, `<p><br></p>`, `&nbsp;`, a lone rule) does not."""
    # strip_tags leaves entities as written: `&nbsp;` must become the space it stands for.
    return bool(unescape(strip_tags(html)).strip())
