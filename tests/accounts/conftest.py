import json
import re
import time
from contextlib import contextmanager
from unittest import mock

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import models

from .factories import VerifiedReaderFactory, VerifiedStaffFactory


@pytest.fixture
def reader(db):
    return VerifiedReaderFactory(email="reader@example.org", display_name="Ann Reader")


@pytest.fixture
def staff(db):
    return VerifiedStaffFactory(email="editor@example.org", display_name="Ed Itor")


def link_in_last_mail(to: str) -> str:
    message = [m for m in mail.outbox if to in m.to][-1]
    return re.search(r"https?://\S+", message.body).group(0)


@contextmanager
def clock_moved_on(seconds: float):
    """Every `time.time()` reader (allauth's rate limits, the local-memory cache) sees the
    clock `seconds` later."""
    real = time.time
    with mock.patch("time.time", lambda: real() + seconds):
        yield


TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def rows_mentioning(needle: str) -> list[str]:
    """Every row of every model whose text (or JSON) holds `needle`, plus decoded sessions."""
    found = []
    needle = needle.lower()
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]
        for row in model._base_manager.all():
            for field in fields:
                if needle in json.dumps(getattr(row, field.attname), default=str).lower():
                    found.append(f"{model._meta.label}.{field.name} #{row.pk}")
    for session in Session.objects.all():
        if needle in json.dumps(session.get_decoded()).lower():
            found.append(f"session {session.pk}")
    return found
