import io
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from sorl.thumbnail import default as sorl_default

from newsroom import images
from tests.factories import ArticleFactory, AuthorFactory, PhotoFactory

pytestmark = pytest.mark.django_db


def test_make_renditions_prepares_what_the_pages_show():
    story = ArticleFactory()
    author = AuthorFactory(photo=PhotoFactory())
    out = io.StringIO()
    call_command("make_renditions", verbosity=0, stdout=out)
    assert "Renditions ready for 2 photos." in out.getvalue()
    cache.clear()
    with mock.patch.object(sorl_default.engine, "write", side_effect=AssertionError("again")):
        assert images.picture_for(story.lede_photo, "lede") is not None
        assert images.picture_for(author.photo, "portrait") is not None


def test_make_renditions_reports_unreadable_photos():
    story = ArticleFactory()
    story.lede_photo.image.storage.delete(story.lede_photo.image.name)
    err = io.StringIO()
    call_command("make_renditions", verbosity=0, stdout=io.StringIO(), stderr=err)
    assert "could not be read" in err.getvalue()
