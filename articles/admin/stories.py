"""The story admin: the list editors work from and the change form with its workflow
panel, revisions, diffs and restores."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts import admin_guards

from .. import services
from ..models import Article, ArticleAuthor, Correction
from ..preview import preview_expires_at, preview_url
from ..revisions import diff_revisions
from .forms import ArticleAdminForm, WorkflowStepForm, tz_label


class BylineInline(admin_guards.TabularInline):
    model = ArticleAuthor
    extra = 1
    autocomplete_fields = ("author",)
    verbose_name = _("byline")
    verbose_name_plural = _("bylines (in order)")


class OverdueFilter(admin.SimpleListFilter):
    title = _("publication task")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return (("yes", _("Overdue (worker missed it)")),)

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue()
        return queryset


@admin.register(Article)
class ArticleAdmin(admin_guards.ModelAdmin):
    form = ArticleAdminForm
    list_display = (
        "headline",
        "state_badge",
        "publication_time",
        "section",
        "bylines_list",
        "created_by",
        "updated_at",
    )
    list_filter = (
        "status",
        OverdueFilter,
        "section",
        ("authors", admin.RelatedOnlyFieldListFilter),
        "published_at",
        "created_at",
    )
    search_fields = ("headline", "standfirst", "slug", "authors__name")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("headline",)}
    autocomplete_fields = ("lede_photo", "section")
    inlines = (BylineInline,)
    actions = ("submit_selected", "publish_selected")
    change_form_template = "admin/articles/article/change_form.html"

    class Media:
        css = {"all": ("articles/workflow-admin.css",)}

    def view_on_site(self, article: Article) -> str | None:
        # Only a live story has a reader page; the others have "Preview".
        return article.get_absolute_url() if article.is_live else None

    fieldsets = (
        (None, {"fields": ("headline", "slug", "standfirst", "body", "expected_version")}),
        (_("Lede photo"), {"fields": ("lede_photo", "lede_caption")}),
        (_("Placement"), {"fields": ("section", "tags", "language")}),
        (
            _("Publication"),
            {"fields": ("state_badge", "publication_time", "embargo_until", "created_by")},
        ),
    )

    # --- permissions: enforced here and again in the services -----------------------------

    def get_queryset(self, request: HttpRequest):
        queryset = super().get_queryset(request).select_related("section", "created_by")
        queryset = queryset.prefetch_related(
            Prefetch(
                "bylines",
                queryset=ArticleAuthor.objects.select_related("author").order_by("order", "pk"),
            )
        )
        if request.user.has_perm("articles.edit_any_article"):
            return queryset
        # Contributors see and open their own stories only.
        return queryset.filter(created_by=request.user)

    def has_change_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        if obj is None:
            return True
        return obj.is_editable_by(request.user)

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("articles.publish_article")

    def get_readonly_fields(self, request: HttpRequest, obj: Article | None = None):
        fields = ["state_badge", "publication_time", "created_by"]
        if not request.user.has_perm("articles.publish_article"):
            fields.append("embargo_until")
        return fields

    # --- list columns ---------------------------------------------------------------------

    @admin.display(description=_("state"), ordering="status")
    def state_badge(self, article: Article) -> str:
        label: str | Promise = article.get_status_display()
        if article.is_overdue:
            label = format_lazy("{} · {}", label, _("overdue"))
        return format_html(
            '<span class="state-badge state-badge--{}">{}</span>', article.status, label
        )

    @admin.display(description=tz_label(_("publication time")), ordering="published_at")
    def publication_time(self, article: Article) -> str:
        if article.published_at is None:
            return "—"
        return format_html(
            '<time datetime="{}">{}</time>',
            article.published_at.isoformat(),
            services.local_time(article.published_at),
        )

    @admin.display(description=_("bylines"))
    def bylines_list(self, article: Article) -> str:
        return ", ".join(author.name for author in article.ordered_authors)

    # --- saving through the services ------------------------------------------------------

    def save_model(self, request: HttpRequest, obj: Article, form, change: bool) -> None:
        if not change:
            services.create_article(article=obj, by=request.user)
            return
        if not form.has_changed():
            # Saving an untouched form (or an autosave) must not add a revision.
            return
        services.update_article(
            article=obj, by=request.user, previous_slug=form.initial.get("slug", "")
        )

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if change and not form.has_changed() and any(f.has_changed() for f in formsets):
            # Only the bylines changed: still a new version, a revision and a page purge.
            services.update_article(
                article=form.instance, by=request.user, previous_slug=form.instance.slug
            )

    def delete_model(self, request: HttpRequest, obj: Article) -> None:
        services.delete_article(article=obj, by=request.user)

    def delete_queryset(self, request: HttpRequest, queryset) -> None:
        for article in queryset:
            services.delete_article(article=article, by=request.user)

    def response_add(self, request: HttpRequest, obj: Article, post_url_continue=None):
        if "_save_and_submit" in request.POST:
            return self._submit_after_save(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request: HttpRequest, obj: Article):
        if "_save_and_submit" in request.POST:
            return self._submit_after_save(request, obj)
        return super().response_change(request, obj)

    def _submit_after_save(self, request: HttpRequest, obj: Article) -> HttpResponse:
        try:
            services.submit_article(article=obj, by=request.user)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, gettext("Saved and submitted for review."))
        return HttpResponseRedirect(self._change_url(obj))

    # --- bulk actions ---------------------------------------------------------------------

    @admin.action(description=_("Submit selected stories for review"), permissions=("change",))
    def submit_selected(self, request: HttpRequest, queryset) -> None:
        self._bulk(request, queryset, services.submit_article, gettext("submitted"))

    @admin.action(description=_("Publish selected stories now"), permissions=("publish",))
    def publish_selected(self, request: HttpRequest, queryset) -> None:
        self._bulk(request, queryset, services.publish_article, gettext("published"))

    def _bulk(self, request: HttpRequest, queryset, service, done: str) -> None:
        count = 0
        for article in queryset:
            try:
                service(article=article, by=request.user)
            except (ValidationError, PermissionDenied) as exc:
                messages.error(request, f"{article.headline}: {_error_text(exc)}")
            else:
                count += 1
        if count:
            messages.success(
                request, gettext("%(count)d stories %(done)s.") % {"count": count, "done": done}
            )

    # --- the change form: workflow panel, presence, preview links -------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        extra_context["time_zone"] = timezone.get_default_timezone_name()
        if object_id:
            article = self.get_object(request, unquote(object_id))
            if article is not None:
                extra_context.update(self._workflow_context(request, article))
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _workflow_context(self, request: HttpRequest, article: Article) -> dict[str, Any]:
        user = request.user
        others = services.note_editing(article=article, by=user) if request.method == "GET" else []
        return {
            "workflow_actions": services.available_transitions(article=article, user=user),
            "others_editing": others,
            "missing_for_publication": article.missing_for_publication(),
            "audit_entries": article.audit_entries.select_related("actor")[:8],
            "changes_requested": (
                article.audit_entries.select_related("actor")
                .filter(action="changes requested")
                .first()
                if article.status == Article.Status.CHANGES_REQUESTED
                else None
            ),
            "staff_preview_url": reverse("articles:preview", kwargs={"pk": article.pk}),
            "shared_preview_url": request.build_absolute_uri(preview_url(article.pk)),
            "shared_preview_expires": services.local_time(preview_expires_at()),
            "correction_kinds": Correction.Kind.choices,
            "typed": request.session.pop(_typed_key(article), None),
            "article_obj": article,
            "now_local": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        }

    def get_urls(self):
        urls = super().get_urls()
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/workflow/<slug:action>/",
                wrap(self.workflow_view),
                name="{}_{}_workflow".format(*info),
            ),
            path(
                "<path:object_id>/history/compare/",
                wrap(self.compare_view),
                name="{}_{}_compare".format(*info),
            ),
            path(
                "<path:object_id>/history/<int:history_id>/restore/",
                wrap(self.restore_view),
                name="{}_{}_restore".format(*info),
            ),
            *urls,
        ]

    def _change_url(self, article: Article) -> str:
        return reverse("admin:articles_article_change", args=[article.pk])

    def _get_visible(self, request: HttpRequest, object_id: str) -> Article:
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_view_or_change_permission(request, article):
            raise Http404(gettext("No such story, or not one you may open."))
        return article

    def workflow_view(self, request: HttpRequest, object_id: str, action: str) -> HttpResponse:
        return _workflow_post(self, request, object_id, action)

    def history_view(self, request: HttpRequest, object_id: str, extra_context=None):
        """Revisions (with who and when) and the workflow audit trail, with a form to compare
        any two revisions."""
        article = self._get_visible(request, object_id)
        revisions = list(article.history.select_related("history_user"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("History: %(story)s") % {"story": article.headline},
            "article": article,
            "revisions": revisions,
            "audit_entries": article.audit_entries.select_related("actor"),
            "can_restore": self.has_change_permission(request, article),
            "time_zone": timezone.get_default_timezone_name(),
        }
        return TemplateResponse(request, "admin/articles/article/revisions.html", context)

    def compare_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        article = self._get_visible(request, object_id)
        records = article.history.select_related("history_user")
        try:
            old = records.get(history_id=int(request.GET.get("old", "")))
            new = records.get(history_id=int(request.GET.get("new", "")))
        except (ValueError, Article.history.model.DoesNotExist):
            messages.error(request, gettext("Choose two revisions of this story to compare."))
            return HttpResponseRedirect(
                reverse("admin:articles_article_history", args=[article.pk])
            )
        if old.history_date > new.history_date:
            old, new = new, old
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Changes to %(story)s") % {"story": article.headline},
            "article": article,
            "old": old,
            "new": new,
            "diff": diff_revisions(old, new),
            "can_restore": self.has_change_permission(request, article),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    def restore_view(self, request: HttpRequest, object_id: str, history_id: int) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:articles_article_history", args=[object_id]))
        article = self._get_visible(request, object_id)
        try:
            services.restore_revision(article=article, by=request.user, history_id=history_id)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, gettext("The old revision is restored as a new one."))
        return HttpResponseRedirect(self._change_url(article))

    def changelist_view(self, request: HttpRequest, extra_context=None):
        overdue = Article.objects.overdue().filter(pk__in=self.get_queryset(request).values("pk"))
        count = overdue.count()
        if count and request.method == "GET":
            messages.warning(
                request,
                format_html(
                    '{} <a href="?overdue=yes">{}</a>',
                    gettext(
                        "%(count)d scheduled stories are live but their publication task has "
                        "not run (is the worker down?). Run `manage.py catch_up_publishing`."
                    )
                    % {"count": count},
                    gettext("Show them"),
                ),
            )
        return super().changelist_view(request, extra_context)


def _error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(str(message) for message in exc.messages)
    return str(exc) or gettext("You may not do that.")


def _typed_key(article: Article) -> str:
    return f"articles:workflow-typed:{article.pk}"


def _workflow_post(
    model_admin: ArticleAdmin, request: HttpRequest, object_id: str, action: str
) -> HttpResponse:
    """Run one transition from the change form's workflow panel. Refusals come back as a
    message on the form, with what the editor typed kept in the session so the panel shows
    it again (once, see `_workflow_context`); a user who may not do it at all gets 403."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    article = model_admin._get_visible(request, object_id)
    form = WorkflowStepForm(request.POST)
    user = request.user
    try:
        if not form.is_valid():
            raise ValidationError([error for errors in form.errors.values() for error in errors])
        note = form.cleaned_data["note"]
        if action == "submit":
            services.submit_article(article=article, by=user, note=note)
            done = gettext("Submitted for review.")
        elif action == "request-changes":
            services.request_changes(article=article, by=user, note=note)
            done = gettext("Sent back to the writer for changes.")
        elif action == "publish":
            services.publish_article(article=article, by=user, note=note)
            done = gettext("Published.")
        elif action == "schedule":
            at = form.time()
            services.schedule_article(article=article, by=user, at=at, note=note)
            done = gettext("Scheduled for %(time)s.") % {"time": services.local_time(at)}
        elif action == "unpublish":
            services.unpublish_article(article=article, by=user, reason=note)
            done = gettext("Unpublished.")
        elif action == "correct":
            services.add_correction(
                article=article, by=user, kind=form.cleaned_data["kind"], text=note
            )
            done = gettext("Correction added; the story shows it now.")
        else:
            raise Http404(gettext("Unknown workflow step."))
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        request.session[_typed_key(article)] = {
            "action": action,
            **{name: request.POST.get(name, "") for name in WorkflowStepForm.base_fields},
        }
    else:
        messages.success(request, done)
    return HttpResponseRedirect(model_admin._change_url(article))
