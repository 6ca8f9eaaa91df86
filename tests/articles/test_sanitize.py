import pytest

from articles.sanitize import sanitize_html
from tests.factories import ArticleFactory


@pytest.mark.parametrize(
    "dirty",
    [
        "<p>Hi</p><script>alert(1)</script>",
        '<p onclick="alert(1)">Hi</p>',
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
        '<svg onload="alert(1)"><script>alert(1)</script></svg>',
        '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
        "<math><mtext><script>alert(1)</script></mtext></math>",
        '<p style="background:url(javascript:alert(1))">Hi</p>',
        '<iframe src="https://example.org"></iframe>',
        '<form action="/x"><input name="a"></form>',
    ],
)
def test_dangerous_markup_is_removed(dirty):
    clean = sanitize_html(dirty).lower()
    for needle in (
        "<script",
        "onclick",
        "onerror",
        "onload",
        "javascript:",
        "data:",
        "<svg",
        "style=",
        "<iframe",
        "<form",
        "<input",
        "<math",
    ):
        assert needle not in clean


def test_ordinary_story_markup_survives():
    html = (
        "<h2>Sub</h2><p>A <strong>bold</strong> and <em>quiet</em> "
        '<a href="https://example.org/report">report</a>.</p><blockquote><p>Quote</p></blockquote>'
        "<ul><li>One</li></ul>"
    )
    clean = sanitize_html(html)
    assert "<h2>Sub</h2>" in clean
    assert "<strong>bold</strong>" in clean
    assert 'href="https://example.org/report"' in clean
    assert "<blockquote>" in clean and "<li>One</li>" in clean


def test_sanitising_is_idempotent():
    html = '<p>Text <a href="https://example.org">link</a></p>'
    assert sanitize_html(sanitize_html(html)) == sanitize_html(html)


@pytest.mark.django_db
def test_body_is_sanitised_on_every_save_not_only_in_forms():
    story = ArticleFactory(body='<p onmouseover="steal()">Hello</p><script>steal()</script>')
    story.refresh_from_db()
    assert story.body == "<p>Hello</p>"
    story.body = '<a href="javascript:steal()">x</a>'
    story.save()
    story.refresh_from_db()
    assert "javascript" not in story.body
