import shutil

import pytest
from django.conf import settings


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
