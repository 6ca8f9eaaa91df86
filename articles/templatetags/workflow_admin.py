"""The workflow blocks on the admin home page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from ..models import Article

register = template.Library()

BLOCK_SIZE = 8


@register.inclusion_tag("admin/articles/_dashboard.html", takes_context=True)
def workflow_dashboard(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    if not user.has_perm("articles.view_article"):
        return {"show": False}
    now = timezone.now()
    visible = Article.objects.editable_by(user).select_related("section", "created_by")
    status = Article.Status
    return {
        "show": True,
        "time_zone": timezone.get_default_timezone_name(),
        "awaiting_review": visible.filter(status=status.IN_REVIEW).order_by("updated_at")[
            :BLOCK_SIZE
        ],
        "my_drafts": visible.filter(
            created_by=user, status__in=(status.DRAFT, status.CHANGES_REQUESTED)
        ).order_by("-updated_at")[:BLOCK_SIZE],
        "scheduled_next": visible.filter(status=status.SCHEDULED, published_at__gt=now).order_by(
            "published_at"
        )[:BLOCK_SIZE],
        "recently_published": visible.published(now=now).newest_first()[:BLOCK_SIZE],
        "overdue": visible.overdue(now=now).order_by("published_at")[:BLOCK_SIZE],
    }
