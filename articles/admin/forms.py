from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from .. import services
from ..models import Article


def tz_label(text: str | Promise) -> Any:
    """A column or field label that names the newsroom's time zone."""
    return format_lazy("{} ({})", text, timezone.get_default_timezone_name())


class ArticleAdminForm(forms.ModelForm):
    """The story form. It carries the version the editor started from; a save based on an
    older version than the stored one is refused (see clean)."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        # The admin passes the fields of its fieldsets minus the read-only ones; the
        # workflow state is never among them.
        fields = (
            "headline",
            "slug",
            "standfirst",
            "body",
            "lede_photo",
            "lede_caption",
            "section",
            "tags",
            "language",
            "embargo_until",
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.refused: dict[str, str] | None = None
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version
        if "embargo_until" in self.fields:
            self.fields["embargo_until"].label = tz_label(_("Embargo until"))

    def clean_tags(self) -> list[str]:
        tags: list[str] = self.cleaned_data.get("tags") or []
        # taggit checks no length; the database would refuse the row when saving.
        limit = Tag._meta.get_field("name").max_length or 0
        too_long = [tag for tag in tags if len(tag) > limit]
        if too_long:
            raise ValidationError(
                gettext("A tag may have at most %(max)d characters: %(tags)s")
                % {"max": limit, "tags": ", ".join(too_long)}
            )
        return tags

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        if not self.instance.pk:
            return cleaned
        embargo = cleaned.get("embargo_until")
        going_live = self.instance.published_at
        if (
            embargo
            and going_live
            and self.instance.status in (Article.Status.SCHEDULED, Article.Status.PUBLISHED)
            and embargo > going_live
        ):
            # The embargo is checked when a story is published or scheduled; moving it past
            # that time afterwards would let the story out early.
            self.add_error(
                "embargo_until",
                gettext(
                    "This story goes live at %(time)s, before this embargo ends. Unpublish or "
                    "reschedule it first."
                )
                % {"time": services.local_time(going_live)},
            )
        # The admin's change view runs in a transaction: this lock holds until the save
        # commits, so no other save can slip in between this check and ours.
        stored = Article.objects.select_for_update().get(pk=self.instance.pk)
        expected = cleaned.get("expected_version")
        if expected is not None and expected == stored.version:
            return cleaned
        last = stored.history.select_related("history_user").first()
        who = str(last.history_user) if last and last.history_user else gettext("someone")
        when = services.local_time(last.history_date if last else stored.updated_at)
        self.refused = {
            "headline": self.data.get("headline", ""),
            "standfirst": self.data.get("standfirst", ""),
            "body": self.data.get("body", ""),
        }
        raise ValidationError(
            gettext(
                "Not saved: %(who)s saved this story at %(when)s, after you opened it. "
                "Your text is shown below so nothing is lost; open the story again in a new "
                "tab, merge your changes into it and save there."
            )
            % {"who": who, "when": when},
            code="stale",
        )


class WorkflowStepForm(forms.Form):
    """What a step of the change form's workflow panel posts: its note (or correction text),
    the correction type and the publication time. Read through form fields so they are
    checked like any other input before a service sees them: no NUL characters (PostgreSQL
    cannot store them), and a time that exists exactly once in the newsroom's zone."""

    TIME_FORMAT = _("Give the publication time as date and time, e.g. 2026-12-01 07:30.")

    note = forms.CharField(required=False)
    kind = forms.CharField(required=False)
    # A `datetime-local` value, read in the newsroom's time zone unless it names an offset.
    at = forms.DateTimeField(required=False, error_messages={"invalid": TIME_FORMAT})

    def clean_at(self) -> datetime | None:
        at = self.cleaned_data["at"]
        if at is None:
            return None
        try:
            # An offset can push a time past the calendar's end once in UTC, as stored.
            return at.astimezone(UTC)
        except OverflowError:
            raise ValidationError(self.TIME_FORMAT, code="invalid") from None

    def time(self) -> datetime:
        """The publication time, which scheduling requires (call after is_valid)."""
        at = self.cleaned_data["at"]
        if at is None:
            raise ValidationError(self.TIME_FORMAT, code="required")
        return at
