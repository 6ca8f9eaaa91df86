"""Work done once in gunicorn's master before it forks the workers (`preload_app`).

What a worker would otherwise load on its first requests (the URLconf with every view module,
the cache clients, the compiled templates, the translation catalogue) is loaded here instead,
so its memory pages are shared by all the workers instead of copied into each of them, and
no reader waits for it. `gc.freeze()` then moves everything loaded so far out of the garbage
collector's sight: a collection in a worker would otherwise write to every shared object's
header and so copy the pages it sits on into that worker.

Nothing here opens a connection: database and cache connections must belong to one process,
so each worker opens its own after the fork."""

from __future__ import annotations

import gc
import logging
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.template import TemplateSyntaxError, engines
from django.urls import get_resolver, reverse
from django.utils import translation

logger = logging.getLogger(__name__)


def project_templates() -> list[str]:
    """The names of the templates in the project's own template folder."""
    names: list[str] = []
    for folder in engines["django"].dirs:
        root = Path(folder)
        names += [str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()]
    return sorted(names)


def prepare_for_fork() -> None:
    get_resolver().resolve("/")
    reverse("newsroom:home")  # builds the reverse index of every URL pattern
    for alias in settings.CACHES:
        caches[alias]  # imports its client library; connects only when first used
    translation.activate(settings.LANGUAGE_CODE)
    translation.gettext("Read more")  # loads the catalogue
    translation.deactivate()
    engine = engines["django"]
    for name in project_templates():
        try:
            engine.get_template(name)
        except TemplateSyntaxError:
            # Not this function's job to refuse a start: the page using it reports the error.
            logger.exception("template %s does not compile", name)
    gc.collect()
    gc.freeze()
