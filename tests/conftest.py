import shutil

import pytest
from django.conf import settings
from django.tasks import default_task_backend
from django.test import override_settings


@pytest.fixture(autouse=True, scope="session")
def _clean_test_media():
    """Uploaded files from a run never leak into the next one."""
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import caches

    from newsroom.pagecache import worker_memory

    for alias in settings.CACHES:
        caches[alias].clear()
    worker_memory().clear()


@pytest.fixture
def queued_tasks():
    """Tasks are recorded, not run, so their schedule can be read (the test settings otherwise
    run them at once)."""
    with override_settings(
        TASKS={"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    ):
        default_task_backend.clear()
        yield default_task_backend.results
