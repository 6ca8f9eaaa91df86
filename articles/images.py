"""Upload checks for photos, decided by what the file decodes as, never by its name.

Pillow opens a 12 KB PNG that claims 100 megapixels with only a warning, so the pixel count
is checked from the header before anything is decoded."""

from __future__ import annotations

import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _

ALLOWED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF"}


def validate_photo_upload(upload: File) -> None:
    """Raise ValidationError unless `upload` is a JPEG, PNG, WebP or GIF within the size
    limits (`PHOTO_MAX_BYTES`, `PHOTO_MAX_PIXELS`)."""
    # Only editors upload photos: loaded here, Pillow stays out of the web processes that
    # serve readers (about 4 MiB each).
    from PIL import Image, UnidentifiedImageError

    max_bytes: int = settings.PHOTO_MAX_BYTES
    max_pixels: int = settings.PHOTO_MAX_PIXELS
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            _("This file is %(size).1f MB; photos may be at most %(max)d MB.")
            % {"size": upload.size / 1024 / 1024, "max": max_bytes // 1024 // 1024},
            code="file_too_large",
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            # We enforce our own, lower limit below; Pillow's warning/error must not pre-empt it.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            try:
                image = Image.open(upload)
            except Image.DecompressionBombError as error:
                raise ValidationError(
                    _("This image is too large: photos may have at most %(max)d megapixels.")
                    % {"max": max_pixels // 1_000_000},
                    code="too_many_pixels",
                ) from error
            image_format = image.format
            width, height = image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("This file is not an image we can read. Upload a JPEG, PNG, WebP or GIF."),
            code="not_an_image",
        ) from error
    finally:
        upload.seek(position)
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(
            _("%(format)s images are not accepted. Upload a JPEG, PNG, WebP or GIF.")
            % {"format": image_format or _("This kind of")},
            code="bad_format",
        )
    if width * height > max_pixels:
        raise ValidationError(
            _(
                "This image is %(width)d × %(height)d pixels (%(mp).0f megapixels); "
                "photos may have at most %(max)d megapixels."
            )
            % {
                "width": width,
                "height": height,
                "mp": width * height / 1_000_000,
                "max": max_pixels // 1_000_000,
            },
            code="too_many_pixels",
        )
