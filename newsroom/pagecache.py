"""Full-page cache for anonymous reader pages, with exact purges by surrogate key.

How it works
- Each cached page records the *surrogate keys* it depends on (`home`, `article:<pk>`,
  `section:<slug>`, `tag:<slug>`, `author:<slug>`, `feeds`, `sitemaps`), decided from the URL
  name and its kwargs, and a snapshot of each key's *version* taken before the page was
  rendered.
- A purge bumps the version of each key (one `incr` per key, O(keys)); a page whose snapshot no
  longer matches is a miss and is rendered again. Nothing has to be found or deleted, so a
  purge is exact whatever number of pages share a key, and a purge racing a render can never
  leave the older render in place (its snapshot predates the purge).
- Versions start at a time-based value instead of 0, so a version key that Redis evicted and
  that comes back can never repeat a value an old page snapshot holds.

"Anonymous" is decided without loading the session: a request that carries no session cookie
is anonymous; one with a session cookie (signed-in staff) bypasses the cache and is marked
`private`. Only 200 responses that set no cookie and do not vary on Cookie are stored.

The same keys go out in `Surrogate-Key` (space-separated, Fastly) and `Cache-Tag`
(comma-separated, Cloudflare) headers, so a CDN can purge the same way.

The cache alias is `pages` (local memory in development and tests, Redis in production with
django-redis's IGNORE_EXCEPTIONS: a Redis outage turns every lookup into a miss, never an
error, and a purge it swallowed is retried by a task). In front of it each worker keeps the
pages it served last in its own memory (newsroom.pagememory), so most hits ask Redis nothing.
Purges are repeated at a CDN when one is configured (newsroom.cdn).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, has_vary_header, patch_cache_control
from django.utils.csp import CSP, generate_nonce
from django.utils.http import parse_http_date_safe

from articles.models import LIVE_STATUSES, Article
from articles.signals import StoryPlacement

from .pagememory import HostGeneration, WorkerPageMemory
from .tasks import purge_cdn, retry_page_purge

logger = logging.getLogger(__name__)

CACHE_ALIAS = "pages"

# URL name → surrogate keys. A name the URLconf does not define simply never matches.
_FEED_SCOPES = {"section": "section", "tag": "tag", "author": "author"}
CACHEABLE_VIEWS: frozenset[str] = frozenset(
    {
        "newsroom:home",
        "newsroom:article",
        "newsroom:section",
        "newsroom:tag",
        "newsroom:author",
        "newsroom:feed-rss",
        "newsroom:feed-atom",
        "newsroom:section-feed-rss",
        "newsroom:section-feed-atom",
        "newsroom:tag-feed-rss",
        "newsroom:tag-feed-atom",
        "newsroom:author-feed-rss",
        "newsroom:author-feed-atom",
        "newsroom:sitemap",
        "newsroom:sitemap-section",
        "newsroom:news-sitemap",
    }
)

# Query parameters that select a different page of the same content. Any other parameter
# is served uncached, so junk query strings cannot fill the cache with copies.
CACHEABLE_QUERY_PARAMS = frozenset({"page"})

# Request headers that can turn a hit into a 304 (or 412).
_CONDITIONAL_HEADERS = frozenset(
    {"HTTP_IF_MATCH", "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_UNMODIFIED_SINCE"}
)

# Response headers never replayed from the cache.
_HOP_HEADERS = frozenset({"set-cookie", "content-length", "date", "x-page-cache"})


def _cache():
    return caches[CACHE_ALIAS]


@functools.cache
def worker_memory() -> WorkerPageMemory:
    """This worker's first tier of the page cache (see newsroom.pagememory)."""
    return WorkerPageMemory(HostGeneration(Path(settings.PAGE_CACHE_GENERATION_FILE)))


# Surrogate keys -----------------------------------------------------------------------------


def article_key(slug: str) -> str:
    """The surrogate key of a story's own page (and of every page that names it apart from
    its listings, such as another story's "Read more")."""
    return f"article:{slug}"


def page_surrogate_keys(view_name: str, kwargs: dict[str, Any]) -> list[str] | None:
    """The surrogate keys of the page named `view_name` with URL `kwargs`, decided from the
    URL alone (no query): an article page is keyed by its slug, which is unique."""
    name = view_name.removeprefix("newsroom:")
    slug = kwargs.get("slug", "")
    if name == "home":
        return ["home"]
    if name == "article":
        return [article_key(slug)]
    if name in _FEED_SCOPES:
        return [f"{name}:{slug}"]
    if name in {"feed-rss", "feed-atom"}:
        return ["feeds"]
    scope = name.split("-feed-", 1)[0] if "-feed-" in name else ""
    if scope in _FEED_SCOPES:
        return ["feeds", f"{scope}:{slug}"] if slug else ["feeds"]
    if "sitemap" in name:
        return ["sitemaps"]
    return None


def placement_surrogate_keys(placement: StoryPlacement) -> set[str]:
    """Every key whose pages show a story placed so: the story, home, its section, its tags,
    its authors, the feeds and the sitemaps, and nothing else."""
    keys = {"home", "feeds", "sitemaps", article_key(placement.slug)}
    if placement.section_slug:
        keys.add(f"section:{placement.section_slug}")
    keys.update(f"tag:{slug}" for slug in placement.tag_slugs)
    keys.update(f"author:{slug}" for slug in placement.author_slugs)
    return keys


def story_surrogate_keys(article: Article, *, before: StoryPlacement | None = None) -> set[str]:
    """The keys of the pages that show `article` now and, given `before`, those it was on
    before an edit (a story moved out of a section or untagged leaves that page too)."""
    keys = placement_surrogate_keys(before) if before is not None else set()
    if article.pk is not None:  # a deleted story is on no page now
        keys |= placement_surrogate_keys(StoryPlacement.of(article))
    return keys


# Versions -----------------------------------------------------------------------------------


def _version_key(surrogate_key: str) -> str:
    return f"sk:{surrogate_key}"


def _fresh_version() -> int:
    # Nanoseconds: never repeats a value an earlier, evicted version key could have held.
    return time.time_ns()


def current_versions(keys: Iterable[str], *, create: bool = False) -> dict[str, int] | None:
    """The version of each key, or None when one is unknown (never set, evicted, or the
    cache is down). With `create`, unknown keys are given a fresh version first."""
    names = {key: _version_key(key) for key in keys}
    cache = _cache()
    found = cache.get_many(names.values())
    missing = [name for name in names.values() if name not in found]
    if missing and create:
        for name in missing:
            cache.add(name, _fresh_version(), timeout=None)
        found = cache.get_many(names.values())
    if any(name not in found for name in names.values()):
        return None
    return {key: found[name] for key, name in names.items()}


def purge_keys(keys: Iterable[str]) -> bool:
    """Invalidate every cached page that depends on any of `keys`: one increment per key.
    Returns False when the shared cache could not be reached (IGNORE_EXCEPTIONS turns its
    errors into None), so that pages stored there before may still be served once it is
    back; see `retry_purge_later`."""
    cache = _cache()
    reached = True
    for key in keys:
        name = _version_key(key)
        try:
            if cache.incr(name) is None:
                reached = False
                break  # each further call would wait out the same connect timeout
        except ValueError:
            # Never set (no page depends on it yet) or evicted: a fresh version also
            # invalidates any page that recorded an old one.
            cache.set(name, _fresh_version(), timeout=None)
    # After the versions: a worker that reads the old generation then checks the shared
    # cache already sees the new versions. Bumped even when Redis was out of reach: this
    # host's workers then drop their copies and ask Redis, which cannot answer either.
    worker_memory().generation.bump()
    return reached


# A purge that could not reach Redis is tried again this often, by a task, until it works or
# every page stored before the failure has expired anyway (PAGE_CACHE_TIMEOUT later).
PURGE_RETRY_SECONDS = 15


def retry_purge_later(keys: Iterable[str], *, failed_since: float) -> None:
    keys = sorted(keys)
    if time.time() - failed_since >= settings.PAGE_CACHE_TIMEOUT:
        logger.warning(
            "page cache purge abandoned: the pages it was for expired", extra={"keys": keys}
        )
        return
    run_after = timezone.now() + timedelta(seconds=PURGE_RETRY_SECONDS)
    try:
        retry_page_purge.using(run_after=run_after).enqueue(keys=keys, failed_since=failed_since)
    except Exception:
        # Never fails the editor's save; the pages expire within PAGE_CACHE_TIMEOUT.
        logger.exception("page cache purge retry could not be queued", extra={"keys": keys})


def complete_failed_purge(keys: list[str], *, failed_since: float) -> None:
    """The retry task's work: purge again, or try later while it still matters."""
    if purge_keys(keys):
        _cache().delete(NEXT_GO_LIVE_KEY)
        logger.info("page cache purge completed after a failure", extra={"keys": keys})
    else:
        retry_purge_later(keys, failed_since=failed_since)


def purge_story_pages(*, article: Article, before: StoryPlacement | None = None) -> set[str]:
    """Purge exactly the cached pages that show `article` (and, given `before`, those that
    showed it before an edit); returns the keys purged. Called after the change is committed
    (see `on_story_changed`) and usable from the admin."""
    keys = story_surrogate_keys(article, before=before)
    ordered = sorted(keys)
    if purge_keys(ordered):
        logger.info("page cache purge", extra={"keys": ordered})
    else:
        logger.warning("page cache purge failed, will retry", extra={"keys": ordered})
        retry_purge_later(ordered, failed_since=time.time())
    if settings.PAGE_CACHE_CDN.get("PROVIDER"):
        try:
            purge_cdn.enqueue(keys=ordered)
        except Exception:
            # The change is committed and this cache is purged; the CDN's s-maxage bounds
            # how long it keeps the older page. The editor's save must not fail for it.
            logger.exception("CDN purge could not be queued", extra={"keys": ordered})
    return keys


def on_story_changed(
    sender: Any,
    *,
    article: Article,
    change: str,
    before: StoryPlacement | None = None,
    **kwargs: Any,
) -> None:
    """Receiver of `articles.signals.story_changed` (sent after commit)."""
    purge_story_pages(article=article, before=before)
    # Scheduling, rescheduling or withdrawing a story moves the next go-live moment.
    _cache().delete(NEXT_GO_LIVE_KEY)


# Middleware ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CacheablePage:
    view_name: str
    kwargs: dict[str, Any]


def cacheable_page(request: HttpRequest) -> CacheablePage | None:
    if request.method not in {"GET", "HEAD"}:
        return None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    if match.view_name not in CACHEABLE_VIEWS:
        return None
    return CacheablePage(match.view_name, dict(match.kwargs))


def _storable_query(request: HttpRequest) -> bool:
    return set(request.GET).issubset(CACHEABLE_QUERY_PARAMS)


def is_anonymous(request: HttpRequest) -> bool:
    """Decided from the cookie alone: loading the session would cost a query per page."""
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _page_key(request: HttpRequest) -> str:
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"page:{digest}"


def _is_storable(response: HttpResponseBase) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if has_vary_header(response, "Cookie"):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    return not any(word in cache_control for word in ("private", "no-store", "no-cache"))


def _vary_values(request: HttpRequest, response: HttpResponseBase) -> dict[str, str]:
    """The request's values of the headers the response varies on (Cookie excluded: such a
    response is never stored)."""
    names = [h.strip() for h in response.get("Vary", "").split(",") if h.strip()]
    return {name: request.headers.get(name, "") for name in names}


# Hits ---------------------------------------------------------------------------------------

# Set in the WSGI environ by newsroom.pagefront when it looked for a copy and found none, so
# the middleware does not ask the caches a second time. A dotted name no header can produce.
LOOKED_UP = "newsroom.page_cache.looked_up"


def serve_hit(request: HttpRequest) -> HttpResponse | None:
    """The cached copy of the page `request` asks for, ready to send (a fresh CSP nonce, a
    304 where the reader's copy is current), or None when it must be rendered. The caller
    has validated the Host header.

    Looked up before the URL is resolved: only cacheable pages are ever stored, so a hit
    needs no resolving, and a miss is resolved by the middleware."""
    if not (is_anonymous(request) and settings.PAGE_CACHE_ENABLED and _storable_query(request)):
        return None
    return _lookup(request, _page_key(request))


def _lookup(request: HttpRequest, key: str) -> HttpResponse | None:
    memory = worker_memory()
    entry = memory.get(key)
    if entry is None:
        # Read before the shared cache: a purge after this point changes it, and the
        # copy kept below is dropped at its next use.
        generation = memory.generation.read()
        entry = _current_shared_entry(key)
        if entry is None:
            return None
        memory.put(
            key,
            entry,
            generation=generation,
            expires=entry.get("expires", 0),
            seconds=settings.PAGE_CACHE_WORKER_MEMORY_SECONDS,
            limit_bytes=settings.PAGE_CACHE_WORKER_MEMORY_BYTES,
        )
    if any(request.headers.get(h, "") != v for h, v in entry["vary"].items()):
        return None
    return _replay(request, entry)


def _current_shared_entry(key: str) -> dict[str, Any] | None:
    """The shared cache's entry for `key` if every key it depends on still has the
    version it was rendered under, else None."""
    # One round trip in the steady state: the page and the versions of the keys this
    # worker last saw it depend on, in one get_many. Should the page now depend on other
    # keys (a slug reused by another story), a second read fetches those.
    known = _known_keys.get(key, ())
    found = _cache().get_many([key, *(_version_key(k) for k in known)])
    entry = found.get(key)
    if entry is None:
        return None
    recorded: dict[str, int] = entry["versions"]
    if set(recorded) <= set(known):
        current = {k: found.get(_version_key(k)) for k in recorded}
    else:
        current = current_versions(recorded) or {}
        _remember_keys(key, recorded)
    return entry if current == recorded else None


def _replay(request: HttpRequest, entry: dict[str, Any]) -> HttpResponse:
    content: bytes = entry["content"]
    headers: list[tuple[str, str]] = entry["headers"]
    old_nonce: str | None = entry["nonce"]
    if old_nonce:
        new_nonce = generate_nonce()
        content = content.replace(old_nonce.encode(), new_nonce.encode())
        headers = [
            (name, value.replace(old_nonce, new_nonce) if _is_csp(name) else value)
            for name, value in headers
        ]
    response = HttpResponse(b"" if request.method == "HEAD" else content)
    # Copied in without Django's check of each name and value (a fifth of a hit's time):
    # they passed it when the page was rendered, and the nonce swap keeps them ASCII.
    response.headers._store.update(
        (name.lower(), (name, value))
        for name, value in (
            *headers,
            ("Content-Length", str(len(content))),
            ("X-Page-Cache", "hit"),
        )
    )
    if not _CONDITIONAL_HEADERS.intersection(request.META):
        return response
    # A reader (or CDN) whose copy is current gets 304 from the cache too.
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    conditional = get_conditional_response(
        request, etag=response.get("ETag"), last_modified=last_modified, response=response
    )
    return conditional or response  # given a response, it never answers None


# Scheduled stories ---------------------------------------------------------------------------
# A scheduled story goes live by the clock, with no change and so no purge (see
# `Article.objects.published()`). Every stored page therefore expires, in this cache and in
# shared caches, no later than the next scheduled publication.

NEXT_GO_LIVE_KEY = "next-go-live"


def seconds_until_next_go_live() -> int | None:
    """Seconds until the next scheduled story goes live, or None when none is waiting. The
    moment is kept in the cache and found again after it passes or a story changes."""
    now = time.time()
    cache = _cache()
    moment = cache.get(NEXT_GO_LIVE_KEY)
    if moment is None or 0 < moment <= now:
        upcoming = (
            Article.objects.filter(status__in=LIVE_STATUSES, published_at__gt=timezone.now())
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )
        moment = upcoming.timestamp() if upcoming else 0  # 0: nothing scheduled
        cache.set(NEXT_GO_LIVE_KEY, moment, timeout=None)
    return max(1, math.ceil(moment - now)) if moment else None


def add_shared_cache_headers(
    response: HttpResponseBase, keys: list[str], *, lifetime_cap: int | None = None
) -> None:
    response["Surrogate-Key"] = " ".join(keys)
    response["Cache-Tag"] = ",".join(keys)

    def capped(seconds: int) -> int:
        return seconds if lifetime_cap is None else min(seconds, lifetime_cap)

    patch_cache_control(
        response,
        public=True,
        max_age=capped(settings.READER_PAGE_MAX_AGE),
        s_maxage=capped(settings.PAGE_CACHE_S_MAXAGE),
        stale_while_revalidate=settings.PAGE_CACHE_STALE_WHILE_REVALIDATE,
    )


class PageCacheMiddleware:
    """Serves and stores anonymous reader pages. Sits just after WhiteNoise and before the
    CSP, session, CSRF and auth middleware, so a hit costs no query and no session work; on a
    hit the page's CSP nonce is replaced with a fresh one, so nonces are never reused.
    Served through `newsroom.wsgi`, hits are answered before Django even sees the request
    (newsroom.pagefront); this middleware answers them where the front is not in the way,
    such as Django's test client."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method not in {"GET", "HEAD"}:
            return self.get_response(request)
        # A hit skips CommonMiddleware, which validates the Host header: validate it here
        # (DisallowedHost becomes a 400), so cached pages keep ALLOWED_HOSTS' protection.
        request.get_host()
        if LOOKED_UP not in request.META:  # newsroom.pagefront found no copy already
            hit = serve_hit(request)
            if hit is not None:
                return hit
        anonymous = is_anonymous(request)
        enabled = settings.PAGE_CACHE_ENABLED and _storable_query(request)

        page = cacheable_page(request)
        if page is None:
            return self.get_response(request)
        if not anonymous:
            response = self.get_response(request)
            patch_cache_control(response, private=True)
            response["X-Page-Cache"] = "bypass"
            return response

        keys = page_surrogate_keys(page.view_name, page.kwargs)
        # Read before rendering: a purge during the render leaves this snapshot stale.
        versions = current_versions(keys, create=True) if enabled and keys else None
        response = self.get_response(request)
        if keys is None or not _is_storable(response):
            return response
        # Stories a page shows besides its own subject (an article's "Read more") are named
        # by the view; their versions can only be read now, after the render.
        shown = [k for k in getattr(response, "surrogate_keys", ()) if k not in keys]
        keys = [*keys, *shown]
        lifetime_cap = seconds_until_next_go_live()
        add_shared_cache_headers(response, keys, lifetime_cap=lifetime_cap)
        if versions is not None and shown:
            versions = {**versions, **(current_versions(shown, create=True) or {})}
        if versions is not None and len(versions) == len(keys) and request.method == "GET":
            timeout = settings.PAGE_CACHE_TIMEOUT
            self._store(
                request,
                response,
                _page_key(request),
                versions,
                timeout=min(timeout, lifetime_cap or timeout),
            )
            response["X-Page-Cache"] = "miss"
        return response

    def _store(
        self,
        request: HttpRequest,
        response: HttpResponseBase,
        key: str,
        versions: dict[str, int],
        *,
        timeout: int,
    ) -> None:
        assert isinstance(response, HttpResponse)
        nonce = getattr(request, "_csp_nonce", None)
        entry = {
            "content": response.content,
            "headers": [
                (name, value)
                for name, value in response.headers.items()
                if name.lower() not in _HOP_HEADERS
            ],
            # LazyNonce is falsy until used; an unused nonce is in neither body nor header.
            "nonce": str(nonce) if nonce else None,
            "vary": _vary_values(request, response),
            "versions": versions,
            # Worker memory keeps a copy no longer than the shared cache keeps the entry.
            "expires": time.time() + timeout,
        }
        _cache().set(key, entry, timeout=timeout)
        _remember_keys(key, versions)


# Worker-local memo: page cache key → the surrogate keys that page last depended on. Only
# spares a round trip; correctness never depends on it (see _lookup).
_known_keys: dict[str, tuple[str, ...]] = {}
_KNOWN_KEYS_LIMIT = 20_000


def _remember_keys(page_key: str, keys: Iterable[str]) -> None:
    if len(_known_keys) >= _KNOWN_KEYS_LIMIT:
        _known_keys.clear()
    _known_keys[page_key] = tuple(keys)


def _is_csp(header: str) -> bool:
    return header.lower() in {CSP.HEADER_ENFORCE.lower(), CSP.HEADER_REPORT_ONLY.lower()}
