import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from articles.admin import PhotoAdmin  # noqa: F401  (the admin form is what editors use)
from articles.images import validate_photo_upload
from articles.models import Photo
from tests.factories import image_file


def huge_png(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width × height pixels (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(64)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF"])
def test_accepted_formats(fmt):
    assert validate_photo_upload(image_file(f"x.{fmt.lower()}", fmt=fmt)) is None


def test_format_is_decided_by_content_not_name():
    buffer = io.BytesIO()
    from PIL import Image

    Image.new("RGB", (8, 8)).save(buffer, "BMP")
    with pytest.raises(ValidationError) as error:
        validate_photo_upload(SimpleUploadedFile("innocent.jpg", buffer.getvalue()))
    assert "BMP images are not accepted" in str(error.value)


def test_a_text_file_named_jpg_is_refused_clearly():
    with pytest.raises(ValidationError) as error:
        validate_photo_upload(SimpleUploadedFile("photo.jpg", b"not really an image"))
    assert "not an image we can read" in str(error.value)


def test_a_12kb_png_claiming_100_megapixels_is_refused_for_its_size():
    data = huge_png(10_000, 10_000)
    assert len(data) < 64 * 1024
    with pytest.raises(ValidationError) as error:
        validate_photo_upload(SimpleUploadedFile("bomb.png", data))
    assert "megapixels" in str(error.value)


@override_settings(PHOTO_MAX_BYTES=1024)
def test_a_file_over_the_byte_limit_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_photo_upload(image_file(size=(400, 400), fmt="PNG"))
    assert "MB" in str(error.value)


@pytest.mark.django_db
def test_admin_upload_of_a_bomb_is_a_form_error_not_a_500(admin_client):
    response = admin_client.post(
        "/admin/articles/photo/add/",
        {
            "image": SimpleUploadedFile("bomb.png", huge_png(10_000, 10_000)),
            "caption": "c",
            "credit": "x",
            "alt_text": "a",
            "focal_x": 50,
            "focal_y": 50,
        },
    )
    assert response.status_code == 200
    assert "megapixels" in response.content.decode()
    assert not Photo.objects.exists()
