"""The page cache's first tier, pages kept in the worker's memory (newsroom.pagememory)."""

import time

import pytest
from django.core.cache import caches
from django.test import override_settings

from newsroom import pagecache, pagememory
from newsroom.pagememory import HostGeneration, WorkerPageMemory
from tests.factories import ArticleFactory
from tests.newsroom.helpers import cache_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_cache_reads(monkeypatch):
    """Counts the page cache's reads from the shared cache."""
    reads = []
    shared = caches["pages"]
    real_get_many = shared.get_many

    def counting_get_many(keys, *args, **kwargs):
        reads.append(list(keys))
        return real_get_many(keys, *args, **kwargs)

    monkeypatch.setattr(shared, "get_many", counting_get_many)
    return reads


def test_a_page_served_once_from_the_shared_cache_is_then_served_from_worker_memory(
    client, shared_cache_reads
):
    url = ArticleFactory().get_absolute_url()
    assert cache_state(client, url) == "miss"
    assert cache_state(client, url) == "hit"  # from the shared cache, kept in memory
    reads = len(shared_cache_reads)
    for _ in range(3):
        assert cache_state(client, url) == "hit"
    assert len(shared_cache_reads) == reads


def test_a_purge_on_this_host_reaches_worker_memory_at_once(client):
    story = ArticleFactory()
    url = story.get_absolute_url()
    client.get(url)
    assert cache_state(client, url) == "hit"
    pagecache.purge_story_pages(article=story)
    assert cache_state(client, url) == "miss"


def test_a_purge_made_in_another_process_on_this_host_reaches_worker_memory(client):
    story = ArticleFactory()
    url = story.get_absolute_url()
    client.get(url)
    client.get(url)
    # The task worker's own mapping of the same file, as after a scheduled publication.
    task_worker = HostGeneration(pagecache.worker_memory().generation.path)
    caches["pages"].incr(f"sk:article:{story.slug}")
    task_worker.bump()
    assert cache_state(client, url) == "miss"


@override_settings(PAGE_CACHE_WORKER_MEMORY_SECONDS=30)
def test_a_purge_made_on_another_host_is_seen_once_the_copy_is_no_longer_trusted(
    client, monkeypatch
):
    story = ArticleFactory()
    url = story.get_absolute_url()
    client.get(url)
    client.get(url)
    # Another host bumps the versions in the shared cache; this host's file is untouched.
    caches["pages"].incr(f"sk:article:{story.slug}")
    assert cache_state(client, url) == "hit"
    later = time.time() + 31
    monkeypatch.setattr(pagememory.time, "time", lambda: later)
    assert cache_state(client, url) == "miss"


def test_a_copy_never_outlives_the_shared_entry(client, monkeypatch):
    url = ArticleFactory().get_absolute_url()
    client.get(url)
    client.get(url)
    key = pagecache._page_key(client.get(url).wsgi_request)
    expires = caches["pages"].get(key)["expires"]
    caches["pages"].delete(key)  # expired there
    monkeypatch.setattr(pagememory.time, "time", lambda: expires + 0.5)
    assert cache_state(client, url) == "miss"


@override_settings(PAGE_CACHE_WORKER_MEMORY_BYTES=0)
def test_a_limit_of_zero_bytes_turns_worker_memory_off(client, shared_cache_reads):
    url = ArticleFactory().get_absolute_url()
    client.get(url)
    client.get(url)
    reads = len(shared_cache_reads)
    assert cache_state(client, url) == "hit"
    assert len(shared_cache_reads) == reads + 1


def test_without_a_usable_generation_file_hits_come_from_the_shared_cache(
    client, shared_cache_reads, tmp_path, monkeypatch
):
    unusable = WorkerPageMemory(HostGeneration(tmp_path / "missing-dir" / "generation"))
    monkeypatch.setattr(pagecache, "worker_memory", lambda: unusable)
    url = ArticleFactory().get_absolute_url()
    client.get(url)
    reads = len(shared_cache_reads)
    for _ in range(2):
        assert cache_state(client, url) == "hit"
    assert len(shared_cache_reads) == reads + 2  # each hit asks the shared cache


def entry(size):
    return {"content": b"x" * size}


def test_worker_memory_drops_the_least_recently_used_pages_beyond_its_byte_limit(tmp_path):
    memory = WorkerPageMemory(HostGeneration(tmp_path / "generation"))
    generation = memory.generation.read()
    keep = {"generation": generation, "expires": time.time() + 60, "seconds": 60}
    memory.put("a", entry(400), limit_bytes=1000, **keep)
    memory.put("b", entry(400), limit_bytes=1000, **keep)
    assert memory.get("a") is not None  # now the most recently used
    memory.put("c", entry(400), limit_bytes=1000, **keep)
    assert memory.get("b") is None
    assert memory.get("a") is not None and memory.get("c") is not None
    memory.put("huge", entry(2000), limit_bytes=1000, **keep)
    assert memory.get("huge") is None


def test_a_bump_in_one_mapping_is_read_by_every_other_mapping_of_the_file(tmp_path):
    web, task = HostGeneration(tmp_path / "g"), HostGeneration(tmp_path / "g")
    before = web.read()
    task.bump()
    assert web.read() != before
    assert web.read() == task.read()


def test_a_link_planted_where_the_generation_file_goes_is_not_followed(tmp_path):
    target = tmp_path / "someone-elses-file"
    target.write_bytes(b"precious data")
    (tmp_path / "generation").symlink_to(target)
    generation = HostGeneration(tmp_path / "generation")
    generation.bump()
    assert generation.read() is None
    assert target.read_bytes() == b"precious data"


def test_a_hit_from_worker_memory_answers_a_conditional_request_with_304(client):
    url = ArticleFactory().get_absolute_url()
    client.get(url)
    etag = client.get(url).headers["ETag"]  # now in worker memory
    again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert client.get(url, headers={"if-none-match": '"other"'}).status_code == 200
