"""Readable differences between two revisions of a story: field by field, and the body
paragraph by paragraph with inserted and deleted words marked."""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

# (attribute on the historical record, label); FKs are compared by id, shown by name.
COMPARED_FIELDS = (
    ("headline", _("Headline")),
    ("slug", _("Slug")),
    ("standfirst", _("Standfirst")),
    ("lede_photo", _("Lede photo")),
    ("lede_caption", _("Lede caption")),
    ("section", _("Section")),
    ("language", _("Language")),
    ("embargo_until", _("Embargo until")),
    ("status", _("Status")),
    ("published_at", _("Publication time")),
)
BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote)>|<br\s*/?>|<hr\s*/?>", re.IGNORECASE)
# How alike two paragraphs must be (difflib ratio) to be shown as one edited paragraph.
SIMILAR = 0.5
WORDS = re.compile(r"\s+|[^\s]+")


@dataclass
class FieldChange:
    label: str
    html: SafeString


@dataclass
class ParagraphChange:
    kind: str  # "same", "inserted", "deleted" or "changed"
    html: SafeString


@dataclass
class RevisionDiff:
    fields: list[FieldChange] = field(default_factory=list)
    body: list[ParagraphChange] = field(default_factory=list)

    @property
    def body_changed(self) -> bool:
        return any(part.kind != "same" for part in self.body)

    @property
    def is_empty(self) -> bool:
        return not self.fields and not self.body_changed


def paragraphs(body: str) -> list[str]:
    """The body's blocks as plain text, one string per paragraph, heading or list item."""
    parts = (html.unescape(strip_tags(chunk)).strip() for chunk in BLOCK_END.split(body or ""))
    return [" ".join(part.split()) for part in parts if part]


def mark_words(old: str, new: str) -> SafeString:
    """`new` with the words added since `old` in <ins> and the removed ones in <del>."""
    a, b = WORDS.findall(old), WORDS.findall(new)
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(out))  # every piece above is escaped


def diff_body(old: str, new: str) -> list[ParagraphChange]:
    a, b = paragraphs(old), paragraphs(new)
    result: list[ParagraphChange] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            result += [ParagraphChange("same", escape(text)) for text in a[i1:i2]]
            continue
        result += _pair_paragraphs(a[i1:i2], b[j1:j2])
    return result


def _deleted(text: str) -> ParagraphChange:
    return ParagraphChange("deleted", mark_safe(f"<del>{escape(text)}</del>"))


def _inserted(text: str) -> ParagraphChange:
    return ParagraphChange("inserted", mark_safe(f"<ins>{escape(text)}</ins>"))


def _pair_paragraphs(old: list[str], new: list[str]) -> list[ParagraphChange]:
    """Within a run of differing paragraphs, show a reworded paragraph as one paragraph
    with marked words (when at least half of it survives), the rest as whole paragraphs
    deleted or inserted, keeping the new order."""
    result: list[ParagraphChange] = []
    start = 0
    for before in old:
        match = next(
            (
                index
                for index in range(start, len(new))
                if difflib.SequenceMatcher(None, before, new[index]).ratio() >= SIMILAR
            ),
            None,
        )
        if match is None:
            result.append(_deleted(before))
            continue
        result += [_inserted(text) for text in new[start:match]]
        result.append(ParagraphChange("changed", mark_words(before, new[match])))
        start = match + 1
    result += [_inserted(text) for text in new[start:]]
    return result


def _shown(record: Any, name: str) -> str:
    if name in ("lede_photo", "section"):
        related_id = getattr(record, f"{name}_id")
        if related_id is None:
            return ""
        try:
            return str(getattr(record, name))
        except Exception:  # the related row was deleted since
            return f"#{related_id}"
    if name == "status":
        return str(record.get_status_display())
    value = getattr(record, name)
    if value is None:
        return ""
    if name in ("embargo_until", "published_at"):
        from .services import local_time

        return local_time(value)
    return str(value)


def _raw(record: Any, name: str) -> Any:
    return (
        getattr(record, f"{name}_id")
        if name in ("lede_photo", "section")
        else getattr(record, name)
    )


def diff_revisions(old: Any, new: Any) -> RevisionDiff:
    """Compare two historical records of the same story (old first)."""
    diff = RevisionDiff()
    for name, label in COMPARED_FIELDS:
        if _raw(old, name) != _raw(new, name):
            diff.fields.append(
                FieldChange(str(label), mark_words(_shown(old, name), _shown(new, name)))
            )
    diff.body = diff_body(old.body, new.body)
    return diff
