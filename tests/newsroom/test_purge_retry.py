"""A purge that cannot reach Redis is retried by a task until it works or no longer matters."""

import time
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.utils import timezone

from newsroom import pagecache
from newsroom.tasks import retry_page_purge
from tests.factories import ArticleFactory
from tests.newsroom.helpers import cache_state

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("queued_tasks"),
]


@pytest.fixture
def redis_out_of_reach(monkeypatch):
    """What django-redis does with IGNORE_EXCEPTIONS when Redis does not answer: every
    call returns None instead of raising."""
    monkeypatch.setattr(caches["pages"], "incr", lambda *args, **kwargs: None)
    return monkeypatch


def test_a_purge_that_cannot_reach_redis_is_retried_and_then_clears_the_stale_page(
    client, redis_out_of_reach, queued_tasks
):
    story = ArticleFactory()
    url = story.get_absolute_url()
    client.get(url)

    keys = pagecache.purge_story_pages(article=story)

    # Redis comes back with the page of before the change still in it.
    redis_out_of_reach.undo()
    pagecache.worker_memory().clear()
    assert cache_state(client, url) == "hit"
    [retry] = queued_tasks
    assert retry.task.name == retry_page_purge.name
    assert retry.kwargs["keys"] == sorted(keys)
    assert retry.task.run_after > timezone.now() + timedelta(seconds=10)

    retry_page_purge.call(**retry.kwargs)  # as the task worker runs it
    assert cache_state(client, url) == "miss"
    assert len(queued_tasks) == 1  # done: not queued again


def test_a_retry_that_still_cannot_reach_redis_is_queued_again(redis_out_of_reach, queued_tasks):
    pagecache.complete_failed_purge(["home"], failed_since=time.time() - 60)
    [again] = queued_tasks
    assert again.kwargs == {
        "keys": ["home"],
        "failed_since": pytest.approx(time.time() - 60, abs=5),
    }


@override_settings(PAGE_CACHE_TIMEOUT=600)
def test_retries_stop_once_every_page_stored_before_the_failure_has_expired(
    redis_out_of_reach, queued_tasks, caplog
):
    pagecache.complete_failed_purge(["home"], failed_since=time.time() - 601)
    assert queued_tasks == []
    assert "purge abandoned" in caplog.text


def test_a_purge_that_reaches_redis_queues_nothing(queued_tasks):
    assert pagecache.purge_keys(["home", "feeds"]) is True
    pagecache.purge_story_pages(article=ArticleFactory())
    assert queued_tasks == []
