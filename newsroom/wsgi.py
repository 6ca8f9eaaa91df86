"""WSGI entry point for gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.prod")

application = get_wsgi_application()

# Under gunicorn's preload_app this runs in the master, before the workers are forked.
from newsroom.warmup import prepare_for_fork  # noqa: E402 - needs the settings loaded above

prepare_for_fork()
