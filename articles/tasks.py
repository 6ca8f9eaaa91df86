"""Background work of the workflow, run by `manage.py db_worker` (immediately in tests)."""

from django.tasks import task


@task
def run_publication(*, article_id: int) -> None:
    """The publish-time side effects of a story (see services.complete_publication)."""
    from .services import complete_publication

    complete_publication(article_id=article_id)
