"""The public reader pages. Thin views: every "what may readers see" rule lives in
`Article.objects.published()` and the other queryset methods.

Every view here is anonymous and cacheable (`ReaderPageMixin` / `reader_page`): no session,
no user, no CSRF token, no messages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import Paginator
from django.db.models import QuerySet, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView, TemplateView
from taggit.models import Tag

from articles.models import (
    Article,
    ArticleQuerySet,
    Author,
    Section,
    bylines_prefetch,
    find_moved_article,
    tags_prefetch,
)

from . import images, seo
from .http import ReaderPageMixin, reader_page
from .models import Page
from .pagecache import article_key
from .pagination import KnownCountPaginator, UncountedPaginator
from .search import MAX_QUERY_LENGTH, clean_query, search_stories
from .selectors import build_front_page, related_stories
from .sitemaps import SitemapSections, news_sitemap_stories


class HomeView(ReaderPageMixin, TemplateView):
    template_name = "newsroom/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(front=build_front_page(), **kwargs)


class ArticleDetailView(ReaderPageMixin, DetailView):
    template_name = "newsroom/article_detail.html"
    context_object_name = "article"

    def get_queryset(self) -> QuerySet[Article]:
        return (
            Article.objects.published()
            .select_related("section", "lede_photo")
            .prefetch_related(tags_prefetch())
            .with_corrections()
        )

    def get(self, request, *args, **kwargs):
        try:
            self.object = self.get_object()
        except Http404:
            # A story whose slug was changed after publication keeps its old address working.
            moved = find_moved_article(kwargs["slug"])
            if moved is None:
                raise
            return HttpResponsePermanentRedirect(moved.get_absolute_url())
        if request.path != self.object.get_absolute_url():
            return HttpResponsePermanentRedirect(self.object.get_absolute_url())
        context = self.get_context_data(object=self.object)
        response = self.render_to_response(context)
        # A cached copy of this page must go when a story in its "Read more" changes too.
        response.surrogate_keys = [article_key(story.slug) for story in context["read_more"]]
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        article = self.object
        read_more = related_stories(article)
        # One query for the bylines of the story and of every "Read more" card together.
        prefetch_related_objects([article, *read_more], bylines_prefetch())
        context["read_more"] = read_more
        lede = images.picture_for(article.lede_photo, "lede") if article.lede_photo else None
        context["lede_image_url"] = seo.absolute(lede.src) if lede else ""
        context["json_ld"] = seo.json_ld_script(
            seo.article_json_ld(article, lede.src if lede else "")
        )
        return context


class StoryListView(ReaderPageMixin, ListView):
    """A paginated list of stories, never counted (see `UncountedPaginator`); `?page=` that is
    not a page number, or is past the last story, is a 404."""

    context_object_name = "stories"
    paginate_by = 20
    paginator_class = UncountedPaginator

    def paginate_queryset(self, queryset, page_size):
        # Django reads `?page=last` as the last page, which only a count could tell.
        if self.request.GET.get(self.page_kwarg) == "last":
            raise Http404("An uncounted list has no known last page.")
        return super().paginate_queryset(queryset, page_size)


class SectionView(StoryListView):
    template_name = "newsroom/section_detail.html"

    def get_queryset(self) -> QuerySet[Article]:
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return (
            Article.objects.published()
            .in_section(self.section)
            .for_cards()
            .without_body()
            .newest_first()
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(section=self.section, **kwargs)


class AuthorView(StoryListView):
    template_name = "newsroom/author_detail.html"

    def get_queryset(self) -> QuerySet[Article]:
        self.author = get_object_or_404(
            Author.objects.select_related("photo"), slug=self.kwargs["slug"]
        )
        return (
            Article.objects.published()
            .by_author(self.author)
            .for_cards()
            .without_body()
            .newest_first()
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(author=self.author, **kwargs)


class TagView(StoryListView):
    template_name = "newsroom/tag_detail.html"

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        # A tag used only on unpublished stories must not reveal itself: an empty first page
        # is a 404. The page's own query finds that out; ListView's `allow_empty = False`
        # would ask the database first with a query of its own.
        return super().get_paginator(
            queryset, per_page, orphans=orphans, allow_empty_first_page=False, **kwargs
        )

    def get_queryset(self) -> QuerySet[Article]:
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return (
            Article.objects.published().tagged(self.tag).for_cards().without_body().newest_first()
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(tag=self.tag, **kwargs)


class SearchView(ReaderPageMixin, ListView):
    """The page says how many stories match: on PostgreSQL the search knows it from the ids
    it ranked (`SearchResults.count`), elsewhere the paginator counts."""

    template_name = "newsroom/search.html"
    context_object_name = "stories"
    paginate_by = 10

    def get_queryset(self) -> ArticleQuerySet:
        self.query = clean_query(self.request.GET.get("q", ""))
        self.too_long = len(self.query) > MAX_QUERY_LENGTH
        # A search too long is not run; an empty one finds nothing without asking the database.
        self.results = search_stories(
            Article.objects.published(), "" if self.too_long else self.query
        )
        return self.results.stories.for_cards()

    def get_paginator(
        self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs
    ) -> Paginator:
        options = {"orphans": orphans, "allow_empty_first_page": allow_empty_first_page, **kwargs}
        if self.results.count is None:
            return super().get_paginator(queryset, per_page, **options)
        return KnownCountPaginator(queryset, per_page, count=self.results.count, **options)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            query=self.query,
            too_long=self.too_long,
            input_error=self.too_long,  # "Error:" in the title (see page_shows_errors)
            max_length=MAX_QUERY_LENGTH,
            more_than_ranked=self.results.more_than_ranked,
            **kwargs,
        )


class PageView(ReaderPageMixin, DetailView):
    template_name = "newsroom/page.html"
    context_object_name = "page"
    model = Page


@require_safe
@reader_page
def news_sitemap(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "newsroom/news_sitemap.xml",
        {"stories": news_sitemap_stories()},
        content_type="application/xml",
    )


@require_safe
@reader_page
def sitemap_index(request: HttpRequest) -> HttpResponse:
    return sitemap_views.index(
        request,
        sitemaps=SitemapSections(),  # type: ignore[arg-type]  # the view only reads a Mapping
        sitemap_url_name="newsroom:sitemap-section",
    )


@require_safe
@reader_page
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    sections = SitemapSections()
    return sitemap_views.sitemap(request, sitemaps=sections, section=section)  # type: ignore[arg-type]


@require_safe
@reader_page
def robots_txt(request: HttpRequest) -> HttpResponse:
    return render(request, "newsroom/robots.txt", content_type="text/plain; charset=utf-8")


def _error_page(request: HttpRequest, status: int, template: str) -> HttpResponse:
    body = loader.render_to_string(template, {"status": status}, request)
    return HttpResponse(body, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(request, 400, "400.html")


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(request, 403, "403.html")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form posted without a valid CSRF token (CSRF_FAILURE_VIEW): the site's 403 page."""
    return _error_page(request, 403, "403.html")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(request, 404, "404.html")


def method_not_allowed(request: HttpRequest) -> HttpResponse:
    """Not a Django handler: newsroom.notallowed gives it to the empty 405s views answer."""
    return _error_page(request, 405, "405.html")


def bare_error_page(template: str, status: int, **context: Any) -> HttpResponse:
    """An error page rendered without context processors or database: whatever broke may be
    the database."""
    context.update(SITE_NAME=settings.SITE_NAME, SITE_URL=settings.SITE_URL, bare=True)
    return HttpResponse(
        loader.render_to_string(template, {"status": status, **context}), status=status
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return bare_error_page("500.html", 500)
