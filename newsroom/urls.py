from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from . import feeds, views
from .http import reader_page

reader_patterns = [
    path("", views.HomeView.as_view(), name="home"),
    path(
        "<int:year>/<int:month>/<int:day>/<slug:slug>/",
        views.ArticleDetailView.as_view(),
        name="article",
    ),
    path("section/<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("author/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("tag/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("pages/<slug:slug>/", views.PageView.as_view(), name="page"),
    path("feed/rss/", reader_page(feeds.StoryFeed()), name="feed-rss"),
    path("feed/atom/", reader_page(feeds.AtomStoryFeed()), name="feed-atom"),
    path(
        "section/<slug:slug>/feed/rss/",
        reader_page(feeds.SectionFeed()),
        name="section-feed-rss",
    ),
    path(
        "section/<slug:slug>/feed/atom/",
        reader_page(feeds.AtomSectionFeed()),
        name="section-feed-atom",
    ),
    path("tag/<slug:slug>/feed/rss/", reader_page(feeds.TagFeed()), name="tag-feed-rss"),
    path("tag/<slug:slug>/feed/atom/", reader_page(feeds.AtomTagFeed()), name="tag-feed-atom"),
    path("author/<slug:slug>/feed/rss/", reader_page(feeds.AuthorFeed()), name="author-feed-rss"),
    path(
        "author/<slug:slug>/feed/atom/",
        reader_page(feeds.AtomAuthorFeed()),
        name="author-feed-atom",
    ),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("sitemap-<str:section>.xml", views.sitemap_section, name="sitemap-section"),
    path("news-sitemap.xml", views.news_sitemap, name="news-sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
]

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("support/", include("donations.urls")),
    path("", include("articles.urls")),
    path("newsletter/", include("newsletter.urls")),
    path("account/", include("allauth.urls")),
    path("my-account/", include("accounts.urls")),
    path("", include((reader_patterns, "newsroom"))),
]

handler400 = "newsroom.views.bad_request"
handler403 = "newsroom.views.permission_denied"
handler404 = "newsroom.views.page_not_found"
handler500 = "newsroom.views.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
