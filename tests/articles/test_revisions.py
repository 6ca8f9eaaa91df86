import pytest

from articles import services
from articles.revisions import diff_body, diff_revisions, mark_words, paragraphs
from tests.factories import ArticleFactory, SectionFactory


def test_paragraphs_are_plain_text_blocks():
    body = "<h2>Tides</h2><p>High at <strong>6</strong> &amp; low at noon.</p><ul><li>One</li></ul>"
    assert paragraphs(body) == ["Tides", "High at 6 & low at noon.", "One"]


def test_changed_words_are_marked_and_escaped():
    assert mark_words("The <b> boat sank", "The <b> ship sank") == (
        "The &lt;b&gt; <del>boat</del><ins>ship</ins> sank"
    )


def test_body_diff_marks_inserted_deleted_and_changed_paragraphs():
    old = "<p>Alpha stays.</p><p>Bravo goes.</p><p>Charlie changes here.</p>"
    new = "<p>Alpha stays.</p><p>Charlie changed here.</p><p>Delta arrives.</p>"
    assert [(part.kind, str(part.html)) for part in diff_body(old, new)] == [
        ("same", "Alpha stays."),
        ("deleted", "<del>Bravo goes.</del>"),
        ("changed", "Charlie <del>changes</del><ins>changed</ins> here."),
        ("inserted", "<ins>Delta arrives.</ins>"),
    ]


def test_pure_insertion_is_one_inserted_paragraph():
    parts = diff_body("<p>One.</p><p>Two.</p>", "<p>One.</p><p>New.</p><p>Two.</p>")
    assert [(part.kind, str(part.html)) for part in parts] == [
        ("same", "One."),
        ("inserted", "<ins>New.</ins>"),
        ("same", "Two."),
    ]


def test_pure_deletion_is_one_deleted_paragraph():
    parts = diff_body("<p>One.</p><p>Gone.</p><p>Two.</p>", "<p>One.</p><p>Two.</p>")
    assert [(part.kind, str(part.html)) for part in parts] == [
        ("same", "One."),
        ("deleted", "<del>Gone.</del>"),
        ("same", "Two."),
    ]


@pytest.mark.django_db
def test_revision_diff_lists_changed_fields_by_label(editor):
    story = ArticleFactory(status="draft", published_at=None, headline="Old title")
    story.headline = "New title"
    story.section = SectionFactory(name="Business")
    services.update_article(article=story, by=editor, previous_slug=story.slug)
    new, old = story.history.all()[:2]
    diff = diff_revisions(old, new)
    changes = {change.label: str(change.html) for change in diff.fields}
    assert changes["Headline"] == "<del>Old</del><ins>New</ins> title"
    assert "<ins>Business</ins>" in changes["Section"]
    assert not diff.body_changed
    assert not diff.is_empty
