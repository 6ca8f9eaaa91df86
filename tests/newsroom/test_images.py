import io
import re
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, features
from sorl.thumbnail import default as sorl_default

from newsroom import images
from tests.factories import ArticleFactory, PhotoFactory

pytestmark = pytest.mark.django_db


def two_tone(size=(1200, 400)) -> SimpleUploadedFile:
    """Left half red, right half blue."""
    image = Image.new("RGB", size, (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, size[0] // 2, size[1]))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95)
    return SimpleUploadedFile("tones.jpg", buffer.getvalue(), content_type="image/jpeg")


def open_rendition(url: str) -> Image.Image:
    name = url.removeprefix("/media/")
    with default_storage.open(name) as handle:
        return Image.open(io.BytesIO(handle.read())).convert("RGB")


def test_pillow_here_encodes_avif_and_webp():
    assert features.check("avif") and features.check("webp")
    assert [mime for _fmt, mime in images.modern_formats()] == ["image/avif", "image/webp"]


def test_the_encoders_are_found_as_pillow_itself_finds_them(monkeypatch):
    found = {name.lower() for name, _mime in images.modern_formats()}
    assert found == {name for name in ("avif", "webp") if features.check(name)}
    images.modern_formats.cache_clear()
    try:
        monkeypatch.setattr(images, "find_spec", lambda name: None if name == "PIL._avif" else 1)
        assert images.modern_formats() == (("WEBP", "image/webp"),)
    finally:
        images.modern_formats.cache_clear()


def test_picture_offers_avif_webp_and_jpeg_at_several_widths():
    photo = PhotoFactory(image=two_tone((1600, 1200)))
    picture = images.picture_for(photo, "lede")
    assert [source.mime for source in picture.sources] == ["image/avif", "image/webp"]
    assert re.fullmatch(
        r"\S+\.avif 480w, \S+\.avif 800w, \S+\.avif 1200w", picture.sources[0].srcset
    )
    assert picture.srcset.count(".jpg") == 3
    assert picture.src.endswith(".jpg")
    assert (picture.width, picture.height) == (800, 533)
    assert open_rendition(picture.src).size == (800, 533)


def test_small_photos_are_never_upscaled():
    photo = PhotoFactory(image=two_tone((300, 300)))
    picture = images.picture_for(photo, "lede")
    assert picture.width <= 300 and picture.height <= 300
    assert picture.srcset.count(" ") == 1  # one rendition only


@pytest.mark.parametrize(("focal_x", "colour"), [(5, "red"), (95, "blue")])
def test_crops_keep_the_focal_point(focal_x, colour):
    photo = PhotoFactory(image=two_tone((1200, 400)), focal_x=focal_x, focal_y=50)
    picture = images.picture_for(photo, "card")  # 3:2 out of 3:1: a third of the width stays
    rendition = open_rendition(picture.src)
    red, _green, blue = rendition.getpixel((rendition.width // 2, rendition.height // 2))
    assert (red > blue) == (colour == "red")


def test_each_rendition_is_generated_once_even_after_the_cache_is_lost():
    photo = PhotoFactory(image=two_tone((1600, 1200)))
    first = images.picture_for(photo, "card")
    cache.clear()
    with mock.patch.object(sorl_default.engine, "write", side_effect=AssertionError("again")):
        assert images.picture_for(photo, "card") == first


def test_without_avif_the_picture_degrades_to_webp_and_jpeg(monkeypatch):
    monkeypatch.setattr(images, "modern_formats", lambda: (("WEBP", "image/webp"),))
    photo = PhotoFactory(image=two_tone((1600, 1200)))
    picture = images.picture_for(photo, "card")
    assert [source.mime for source in picture.sources] == ["image/webp"]


def test_a_missing_image_file_leaves_the_page_working(client):
    story = ArticleFactory()
    default_storage.delete(story.lede_photo.image.name)
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert story.lede_photo.caption in response.content.decode()


def test_article_page_lede_is_eager_and_cards_are_lazy(client):
    story = ArticleFactory(tags=["quay"])
    ArticleFactory(tags=["quay"])
    html = client.get(story.get_absolute_url()).content.decode()
    figure = html.split('<figure class="story__lede">', 1)[1].split("</figure>", 1)[0]
    assert "<picture>" in figure and 'type="image/avif"' in figure and 'type="image/webp"' in figure
    assert 'loading="lazy"' not in figure
    assert re.search(r'<img [^>]*width="\d+" height="\d+"', figure)
    read_more = html.split('id="read-more-heading"', 1)[1]
    assert 'loading="lazy"' in read_more
    for img in re.findall(r"<img [^>]*>", html):
        assert re.search(r'width="\d+"', img) and re.search(r'height="\d+"', img), img
