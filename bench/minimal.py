"""The minimal-Django ceiling: one view returning fixed bytes, no middleware, no database.

`gunicorn -c deploy/gunicorn.conf.py bench.minimal:application` with BENCH_BODY_FILE naming
the HTML to return (the benchmark writes the article page there). Whatever the real site adds
on top of this (URL resolving, middleware, cache lookups) is what the ratio measures."""

import os
from pathlib import Path

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

BODY = Path(os.environ["BENCH_BODY_FILE"]).read_bytes()


def page(request):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


settings.configure(
    DEBUG=False,
    SECRET_KEY="minimal-ceiling-not-secret",  # noqa: S106 - no sessions, no signing
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)
urlpatterns = [path("<path:anything>", page), path("", page)]
application = get_wsgi_application()
