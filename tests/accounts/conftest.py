import re
import time
from contextlib import contextmanager
from unittest import mock

import pytest
from django.core import mail

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
