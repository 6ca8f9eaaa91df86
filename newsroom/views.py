"""The public reader pages. Thin views: every "what may readers see" rule lives in
`Article.objects.published()` and the other queryset methods."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import DetailView, ListView, TemplateView

from articles.models import Article, Author, Section

HOME_LATEST_PER_SECTION = 4


class HomeView(TemplateView):
    template_name = "newsroom/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        stories = list(Article.objects.published().for_cards().newest_first()[:40])
        lead = stories[0] if stories else None
        sections = list(Section.objects.all())
        by_section: dict[int, list[Article]] = {section.pk: [] for section in sections}
        for story in stories[1:]:
            group = by_section.get(story.section_id or 0)
            if group is not None and len(group) < HOME_LATEST_PER_SECTION:
                group.append(story)
        context["lead"] = lead
        context["section_groups"] = [
            (section, by_section[section.pk]) for section in sections if by_section[section.pk]
        ]
        return context


class ArticleDetailView(DetailView):
    template_name = "newsroom/article_detail.html"
    context_object_name = "article"

    def get_queryset(self) -> QuerySet[Article]:
        return Article.objects.published().for_cards()

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if request.path != self.object.get_absolute_url():
            return HttpResponsePermanentRedirect(self.object.get_absolute_url())
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["read_more"] = related_stories(self.object)
        return context


def related_stories(article: Article, limit: int = 3) -> list[Article]:
    """Up to `limit` other published stories: those sharing the most tags first, then the
    newest from the same section."""
    from django.db.models import Count

    others = Article.objects.published().exclude(pk=article.pk)
    tag_ids = [tag.pk for tag in article.tags.all()]
    chosen: list[Article] = []
    if tag_ids:
        chosen = list(
            others.filter(tags__in=tag_ids)
            .annotate(shared=Count("tags"))
            .order_by("-shared", "-published_at")
            .for_cards()[:limit]
        )
    if len(chosen) < limit and article.section_id:
        chosen += list(
            others.in_section(article.section)
            .exclude(pk__in=[story.pk for story in chosen])
            .newest_first()
            .for_cards()[: limit - len(chosen)]
        )
    return chosen


class SectionView(ListView):
    template_name = "newsroom/section_detail.html"
    context_object_name = "stories"
    paginate_by = 20

    def get_queryset(self) -> QuerySet[Article]:
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return Article.objects.published().in_section(self.section).for_cards().newest_first()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(section=self.section, **kwargs)


class AuthorView(ListView):
    template_name = "newsroom/author_detail.html"
    context_object_name = "stories"
    paginate_by = 20

    def get_queryset(self) -> QuerySet[Article]:
        self.author = get_object_or_404(
            Author.objects.select_related("photo"), slug=self.kwargs["slug"]
        )
        return Article.objects.published().by_author(self.author).for_cards().newest_first()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(author=self.author, **kwargs)


class TagView(ListView):
    template_name = "newsroom/tag_detail.html"
    context_object_name = "stories"
    paginate_by = 20

    def get_queryset(self) -> QuerySet[Article]:
        from taggit.models import Tag

        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return Article.objects.published().tagged(self.tag.slug).for_cards().newest_first()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(tag=self.tag, now=timezone.now(), **kwargs)
