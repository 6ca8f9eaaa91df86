"""Workflow pages outside the admin: story previews and the public corrections log."""

from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import ListView

from .models import Article, Correction
from .preview import PreviewLinkExpired, PreviewLinkInvalid, read_token

# Extends newsroom/article_detail.html: the real article page, plus a preview notice.
PREVIEW_TEMPLATE = "articles/preview.html"


def _render_preview(request: HttpRequest, article: Article) -> HttpResponse:
    response = render(
        request,
        PREVIEW_TEMPLATE,
        {"article": article, "read_more": [], "is_preview": True},
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _preview_queryset():
    return Article.objects.for_cards().with_corrections()


@never_cache
@staff_member_required
@require_safe
def staff_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """A story as readers will see it, in the real site layout, whatever its state; only
    for staff who may open it in the admin."""
    allowed = Article.objects.editable_by(request.user).values("pk")
    article = get_object_or_404(_preview_queryset().filter(pk__in=allowed), pk=pk)
    return _render_preview(request, article)


@never_cache
@require_safe
def shared_preview(request: HttpRequest, token: str) -> HttpResponse:
    """A signed link for people without an account. It neither reads nor writes the
    session: the signature alone grants access, until it expires."""
    try:
        pk = read_token(token)
    except PreviewLinkExpired:
        return render(request, "articles/preview_invalid.html", {"expired": True}, status=410)
    except PreviewLinkInvalid:
        return render(request, "articles/preview_invalid.html", {"expired": False}, status=404)
    article = _preview_queryset().filter(pk=pk).first()
    if article is None:
        return render(request, "articles/preview_invalid.html", {"gone": True}, status=404)
    return _render_preview(request, article)


class CorrectionListView(ListView):
    template_name = "articles/corrections.html"
    context_object_name = "corrections"
    paginate_by = 30

    def get_queryset(self):
        return Correction.objects.public().order_by("-created_at", "-pk")


class CorrectionsFeed(Feed):
    title = _("Corrections and clarifications")
    description = _("Corrections, clarifications and updates to our published stories.")

    def link(self) -> str:
        return reverse("articles:corrections")

    def items(self):
        return Correction.objects.public().order_by("-created_at", "-pk")[:50]

    def item_title(self, item: Correction) -> str:
        return f"{item.get_kind_display()}: {item.article.headline}"

    def item_description(self, item: Correction) -> str:
        return item.text

    def item_link(self, item: Correction) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Correction):
        return item.created_at

    def item_guid(self, item: Correction) -> str:
        return f"correction-{item.pk}"

    item_guid_is_permalink = False
