"""WSGI entry point for gunicorn: Django, behind the page cache's front for hits."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.prod")

django_application = get_wsgi_application()

# Imported once the settings are loaded above.
from newsroom.pagefront import PageCacheFront  # noqa: E402
from newsroom.warmup import prepare_for_fork  # noqa: E402

application = PageCacheFront(django_application)

# Under gunicorn's preload_app this runs in the master, before the workers are forked.
prepare_for_fork()
