from django.tasks import task

from . import cdn


@task
def purge_cdn(*, keys: list[str]) -> None:
    """Repeat a page cache purge at the CDN (see newsroom.cdn)."""
    cdn.purge(keys)
