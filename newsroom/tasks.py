from django.tasks import task

from . import cdn


@task
def purge_cdn(*, keys: list[str]) -> None:
    """Repeat a page cache purge at the CDN (see newsroom.cdn)."""
    cdn.purge(keys)


@task
def retry_page_purge(*, keys: list[str], failed_since: float) -> None:
    """Purge the page cache again after Redis could not be reached (see
    newsroom.pagecache.retry_purge_later)."""
    from .pagecache import complete_failed_purge  # pagecache enqueues this task

    complete_failed_purge(keys, failed_since=failed_since)
