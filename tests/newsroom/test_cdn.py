"""CDN purges by surrogate key (newsroom.cdn), against a fake CDN API on loopback."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from newsroom import cdn, pagecache
from newsroom.cdn import CdnPurgeError, CloudflarePurger, FastlyPurger, purger_from
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory


class FakeCdn:
    """Records each call; answers the statuses queued in `statuses`, then 200."""

    def __init__(self):
        self.calls: list[dict] = []
        self.statuses: list[int] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                fake.calls.append(
                    {
                        "path": self.path,
                        "headers": dict(self.headers),
                        "body": self.rfile.read(length),
                    }
                )
                status = fake.statuses.pop(0) if fake.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_cdn():
    fake = FakeCdn()
    yield fake
    fake.close()


def fastly(fake):
    return {"PROVIDER": "fastly", "SERVICE_ID": "svc1", "API_TOKEN": "tok", "API_URL": fake.url}


def test_fastly_purges_by_surrogate_key_header_in_calls_of_at_most_256_keys():
    keys = [f"article:s{i}" for i in range(300)]
    first, second = FastlyPurger("svc1", "tok").requests(keys)
    assert first.full_url == "https://api.fastly.com/service/svc1/purge"
    assert first.get_method() == "POST"
    assert first.get_header("Fastly-key") == "tok"
    assert first.get_header("Surrogate-key").split() == keys[:256]
    assert second.get_header("Surrogate-key").split() == keys[256:]


def test_cloudflare_purges_by_cache_tag_in_calls_of_at_most_30_tags():
    keys = [f"tag:t{i}" for i in range(31)]
    first, second = CloudflarePurger("zone9", "tok").requests(keys)
    assert first.full_url == "https://api.cloudflare.com/client/v4/zones/zone9/purge_cache"
    assert first.get_header("Authorization") == "Bearer tok"
    assert json.loads(first.data) == {"tags": keys[:30]}
    assert json.loads(second.data) == {"tags": keys[30:]}


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"PROVIDER": "akamai"}, "must be 'fastly' or 'cloudflare'"),
        ({"PROVIDER": "fastly", "API_TOKEN": "t"}, "needs SERVICE_ID"),
        ({"PROVIDER": "cloudflare", "ZONE_ID": "z"}, "needs API_TOKEN"),
    ],
)
def test_a_half_configured_cdn_is_refused_with_the_missing_setting_named(config, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        purger_from(config)


def test_the_system_check_reports_a_half_configured_cdn():
    with override_settings(PAGE_CACHE_CDN={"PROVIDER": "fastly"}):
        errors = cdn.check_cdn_settings()
    assert [error.id for error in errors] == ["newsroom.E001"]
    assert "SERVICE_ID, API_TOKEN" in errors[0].msg
    assert cdn.check_cdn_settings() == []  # none configured: nothing to report


@pytest.mark.django_db
def test_a_story_change_purges_the_same_keys_at_the_cdn(fake_cdn):
    story = ArticleFactory(
        section=SectionFactory(slug="harbour"), authors=[AuthorFactory(slug="ada")], tags=["ferry"]
    )
    with override_settings(PAGE_CACHE_CDN=fastly(fake_cdn)):
        keys = pagecache.purge_story_pages(article=story)
    [call] = fake_cdn.calls
    assert call["path"] == "/service/svc1/purge"
    assert call["headers"]["Fastly-Key"] == "tok"
    assert set(call["headers"]["Surrogate-Key"].split()) == keys
    assert {f"article:{story.slug}", "home", "section:harbour", "tag:ferry", "author:ada"} <= keys


def test_a_failed_call_is_retried_then_reported(fake_cdn):
    waits = []
    fake_cdn.statuses = [503, 502]
    with override_settings(PAGE_CACHE_CDN=fastly(fake_cdn)):
        cdn.purge(["home"], sleep=waits.append)
        assert len(fake_cdn.calls) == 3 and waits == [1, 4]

        fake_cdn.statuses = [500, 500, 500]
        with pytest.raises(CdnPurgeError, match="answered 500"):
            cdn.purge(["home"], sleep=waits.append)


def test_a_cdn_that_does_not_answer_is_reported():
    closed = {"PROVIDER": "cloudflare", "ZONE_ID": "z", "API_TOKEN": "t"}
    closed["API_URL"] = "http://127.0.0.1:1"  # nothing listens on port 1
    with override_settings(PAGE_CACHE_CDN=closed), pytest.raises(CdnPurgeError, match="did not"):
        cdn.purge(["home"], sleep=lambda seconds: None)


@pytest.mark.django_db
def test_an_editors_change_never_fails_because_the_cdn_purge_cannot_be_queued(
    fake_cdn, monkeypatch, caplog
):
    story = ArticleFactory()

    def refuse(**kwargs):
        raise ConnectionError("task database unavailable")

    monkeypatch.setattr(pagecache, "purge_cdn", SimpleNamespace(enqueue=refuse))
    with override_settings(PAGE_CACHE_CDN=fastly(fake_cdn)):
        assert pagecache.purge_story_pages(article=story)
    assert "CDN purge could not be queued" in caplog.text
    assert fake_cdn.calls == []
