"""The minimal-Django ceiling: one view returning fixed bytes, no middleware, no database.

`gunicorn -c deploy/gunicorn.conf.py bench.minimal:application` with BENCH_BODY_DIR naming a
folder of pages: `/<name>` returns the bytes of `<name>.html` (the benchmark saves each page
it loads there, so every page is compared with a view returning the same bytes). Whatever the
real site adds on top of this (URL resolving, middleware, cache lookups) is what the ratio
measures."""

import os
from pathlib import Path

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse, HttpResponseNotFound
from django.urls import path

BODIES = {
    page.stem: page.read_bytes() for page in Path(os.environ["BENCH_BODY_DIR"]).glob("*.html")
}


def page(request, name):
    if name not in BODIES:
        return HttpResponseNotFound()
    return HttpResponse(BODIES[name], content_type="text/html; charset=utf-8")


settings.configure(
    DEBUG=False,
    SECRET_KEY="minimal-ceiling-not-secret",  # noqa: S106 - no sessions, no signing
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)
urlpatterns = [path("<str:name>", page)]
application = get_wsgi_application()
