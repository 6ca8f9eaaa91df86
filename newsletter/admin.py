"""The newsroom's newsletter desk: subscribers (with counts and CSV export for those allowed)
and issues (compose, reorder, preview, test, schedule, watch the send)."""

from __future__ import annotations

import csv

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts import admin_guards
from accounts.forms import single_line

from . import emails, services
from .models import Issue, IssueStory, Subscriber

CSV_COLUMNS = (
    "email",
    "state",
    "source",
    "consent_version",
    "consent_at",
    "created_at",
    "confirmed_at",
    "unsubscribed_at",
    "bounced_at",
)


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_cell(value: object) -> str:
    """Spreadsheets run cells starting with these characters as formulas."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@admin.register(Subscriber)
class SubscriberAdmin(admin_guards.ModelAdmin):
    list_display = ("email", "state", "source", "created_at", "confirmed_at", "user")
    list_filter = ("state", "consent_version", "created_at", "confirmed_at")
    search_fields = ("email", "source")
    date_hierarchy = "created_at"
    raw_id_fields = ("user",)
    readonly_fields = (
        "created_at",
        "state_changed_at",
        "confirmed_at",
        "unsubscribed_at",
        "bounced_at",
        "consent_version",
        "consent_at",
        "confirmation_due_at",
    )
    actions = ("export_csv",)
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A reader joins through the signup, which records their consent and confirms the
        # address; a row made here would have neither.
        return False

    def changelist_view(self, request: HttpRequest, extra_context=None):
        counts = Subscriber.objects.counts_by_state()
        extra_context = {
            **(extra_context or {}),
            "state_counts": [(label, counts[value]) for value, label in Subscriber.State.choices],
        }
        return super().changelist_view(request, extra_context=extra_context)

    def has_export_subscribers_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("newsletter.export_subscribers")

    @admin.action(
        description=_("Export selected subscribers as CSV"),
        permissions=["export_subscribers"],
    )
    def export_csv(self, request: HttpRequest, queryset) -> StreamingHttpResponse:
        if not self.has_export_subscribers_permission(request):
            raise PermissionDenied
        writer = csv.writer(_Echo())
        rows = queryset.order_by("pk").values_list(*CSV_COLUMNS).iterator(chunk_size=2000)

        def lines():
            yield writer.writerow(CSV_COLUMNS)
            for row in rows:
                yield writer.writerow([_csv_cell(value) for value in row])

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="newsletter-subscribers.csv"'
        return response


class IssueStoryInline(admin_guards.TabularInline):
    model = IssueStory
    extra = 1
    raw_id_fields = ("article",)
    fields = ("position", "article")
    ordering = ("position", "pk")

    # The stories are part of the issue: whoever may edit the issue may arrange them, until
    # it starts sending.
    def _may_edit(self, request, obj) -> bool:
        return request.user.has_perm("newsletter.change_issue") and (obj is None or obj.is_editable)

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("newsletter.view_issue") or self._may_edit(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._may_edit(request, obj)

    def has_add_permission(self, request, obj=None) -> bool:
        return self._may_edit(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._may_edit(request, obj)


class IssueForm(forms.ModelForm):
    class Meta:
        model = Issue
        fields = ("subject", "intro", "send_at")
        help_texts = {
            "send_at": _(
                "In the newsroom's time zone. Changing it on a scheduled issue reschedules it; "
                "leaving it empty there schedules it for the next regular send."
            ),
        }

    def clean_subject(self) -> str:
        # The subject line of every copy, the test copy included.
        return single_line(self.cleaned_data.get("subject", ""))

    def clean_send_at(self):
        send_at = self.cleaned_data.get("send_at")
        # Only a time typed now: a draft whose untouched time went by can still be saved,
        # and scheduling it says why it cannot go.
        if send_at is not None and "send_at" in self.changed_data:
            try:
                services.check_send_time(send_at)
            except ValueError as error:
                raise forms.ValidationError(str(error)) from None
        return send_at


def _send_time(issue: Issue) -> str:
    return date_format(timezone.localtime(issue.send_at), "l j F Y, H:i")


@admin.register(Issue)
class IssueAdmin(admin_guards.ModelAdmin):
    form = IssueForm
    list_display = ("subject", "state", "send_at", "progress", "sent_at")
    list_filter = ("state",)
    search_fields = ("subject",)
    inlines = (IssueStoryInline,)
    fields = ("subject", "intro", "send_at", "state", "week_of", "sent_at")
    readonly_fields = ("state", "week_of", "sent_at")
    change_form_template = "admin/newsletter/issue/change_form.html"
    change_list_template = "admin/newsletter/issue/change_list.html"
    actions = ("unschedule",)

    def get_queryset(self, request):
        return super().get_queryset(request).with_progress()

    @admin.display(description=_("Delivered"))
    def progress(self, issue: Issue) -> str:
        # Annotated by IssueQuerySet.with_progress() in get_queryset().
        total, sent = getattr(issue, "deliveries_total", 0), getattr(issue, "deliveries_sent", 0)
        if not total:
            return "—"
        return f"{sent:,} / {total:,} ({round(100 * sent / total)}%)"

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.is_editable:
            return ("subject", "intro", "send_at", *self.readonly_fields)
        return self.readonly_fields

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("compose/", view(self.compose_view), name="newsletter_issue_compose"),
            path("<int:pk>/preview/", view(self.preview_view), name="newsletter_issue_preview"),
            path(
                "<int:pk>/send-test/", view(self.send_test_view), name="newsletter_issue_send_test"
            ),
            path("<int:pk>/schedule/", view(self.schedule_view), name="newsletter_issue_schedule"),
            *super().get_urls(),
        ]

    def _issue_for(self, request: HttpRequest, pk: int, *, change: bool = False) -> Issue:
        issue = get_object_or_404(Issue, pk=pk)
        allowed = (
            self.has_change_permission(request, issue)
            if change
            else self.has_view_permission(request, issue)
        )
        if not allowed:
            raise PermissionDenied
        return issue

    def _back(self, issue: Issue) -> HttpResponseRedirect:
        return HttpResponseRedirect(
            reverse("admin:newsletter_issue_change", args=[quote(issue.pk)])
        )

    def preview_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The HTML email exactly as subscribers get it (unsubscribe link aside)."""
        issue = self._issue_for(request, pk)
        return TemplateResponse(
            request,
            "newsletter/email/issue.html",
            emails.issue_context(issue, unsubscribe=reverse("newsletter:signup")),
        )

    def send_test_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return require_POST(self._send_test)(request, pk)

    def _send_test(self, request: HttpRequest, pk: int) -> HttpResponse:
        issue = self._issue_for(request, pk)
        address = request.user.get_username()  # the email address: it is the login
        services.send_test_issue(issue=issue, to=address)
        self.message_user(request, _("A test copy was sent to %(email)s.") % {"email": address})
        return self._back(issue)

    def schedule_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return require_POST(self._schedule)(request, pk)

    def _schedule(self, request: HttpRequest, pk: int) -> HttpResponse:
        issue = self._issue_for(request, pk, change=True)
        if not issue.stories.exists():
            self.message_user(request, _("Add at least one story first."), messages.ERROR)
            return self._back(issue)
        try:
            issue = services.schedule_issue(issue=issue, send_at=issue.send_at)
        except ValueError as error:
            self.message_user(request, str(error), messages.ERROR)
            return self._back(issue)
        self.message_user(request, _("Scheduled for %(when)s.") % {"when": _send_time(issue)})
        return self._back(issue)

    def save_model(self, request, obj, form, change) -> None:
        if change:
            # Only what the editor changed: the start job may have opened the issue for
            # sending since this request read it, and its old state must not be written back.
            columns = {field.name for field in Issue._meta.concrete_fields}
            obj.save(update_fields=[name for name in form.changed_data if name in columns])
        else:
            super().save_model(request, obj, form, change)
        # The form stored the new time, but a scheduled issue's start is queued for the old
        # one: only the service queues a start at the new time.
        if change and "send_at" in form.changed_data:
            issue = services.reschedule_issue(issue=obj, send_at=obj.send_at)
            if issue.state == Issue.State.SCHEDULED:
                self.message_user(
                    request, _("Rescheduled for %(when)s.") % {"when": _send_time(issue)}
                )

    def compose_view(self, request: HttpRequest) -> HttpResponse:
        return require_POST(self._compose)(request)

    def _compose(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        issue = services.compose_weekly_issue()
        count = issue.places.count()
        self.message_user(
            request,
            ngettext(
                "The weekly draft has %(count)d story, newest first: reorder them below.",
                "The weekly draft has %(count)d stories, newest first: reorder them below.",
                count,
            )
            % {"count": count},
        )
        return self._back(issue)

    @admin.action(description=_("Unschedule (back to draft)"))
    def unschedule(self, request: HttpRequest, queryset) -> None:
        done = 0
        for issue in queryset:
            try:
                services.unschedule_issue(issue=issue)
            except ValueError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)d issue is back to draft.", "%(count)d issues are back to draft.", done
                )
                % {"count": done},
                messages.SUCCESS,
            )
