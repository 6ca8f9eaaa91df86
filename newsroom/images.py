"""Responsive renditions of photos for `<picture>`: AVIF and WebP with a JPEG fallback, at
several widths, cropped around the photo's focal point with sorl-thumbnail.

Each rendition is generated once; sorl records it in its key-value store (a table fronted
by the cache), so later pages cost no image work and, with a warm cache, no query."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from importlib.util import find_spec

from sorl.thumbnail import get_thumbnail

from articles.models import Photo

logger = logging.getLogger(__name__)

FALLBACK = ("JPEG", "image/jpeg")


# Pillow's encoder modules, as `PIL.features` names them.
_MODERN = (("AVIF", "image/avif", "PIL._avif"), ("WEBP", "image/webp", "PIL._webp"))


@cache
def modern_formats() -> tuple[tuple[str, str], ...]:
    """The formats offered before the JPEG fallback, as (Pillow format, MIME type). Pillow 13
    normally encodes AVIF; a build without it simply serves WebP and JPEG.

    The encoders are looked for without loading Pillow (`PIL.features.check` would): pages
    whose renditions are recorded never need Pillow, and it would add about 4 MiB to every
    web process."""
    return tuple((fmt, mime) for fmt, mime, module in _MODERN if find_spec(module) is not None)


@dataclass(frozen=True)
class Preset:
    widths: tuple[int, ...]
    ratio: Fraction
    sizes: str


PRESETS = {
    "lede": Preset((480, 800, 1200), Fraction(3, 2), "(min-width: 52rem) 46rem, 100vw"),
    "lead": Preset((480, 800, 1200), Fraction(3, 2), "(min-width: 64rem) 40rem, 100vw"),
    "card": Preset((320, 640), Fraction(3, 2), "(min-width: 48rem) 20rem, 100vw"),
    "thumb": Preset((160, 320), Fraction(3, 2), "8rem"),
    "portrait": Preset((160, 320), Fraction(1, 1), "10rem"),
}


@dataclass(frozen=True)
class Source:
    mime: str
    srcset: str


@dataclass(frozen=True)
class Picture:
    sources: tuple[Source, ...]
    src: str
    srcset: str
    width: int
    height: int
    sizes: str


def _boxes(photo: Photo, preset: Preset) -> list[tuple[int, int]]:
    """Target sizes of the preset's ratio that fit inside the photo (never upscaled); a photo
    smaller than every width gets one rendition, as large as the ratio allows."""
    boxes = [
        (width, round(width / preset.ratio))
        for width in preset.widths
        if width <= photo.width and round(width / preset.ratio) <= photo.height
    ]
    if not boxes:
        width = min(photo.width, int(photo.height * preset.ratio))
        boxes = [(width, max(1, round(width / preset.ratio)))]
    return boxes


# A rendition never changes for the same source file, size and focal point, so each worker
# keeps the answers it has built: a page of twenty cards would otherwise ask sorl's store
# (a cache round trip) about every format and width of every photo, on every render.
_MEMO_LIMIT = 4096
_memo: dict[tuple[object, ...], Picture] = {}


def picture_for(photo: Photo, preset_name: str) -> Picture | None:
    """The renditions of `photo` for one layout slot, or None when it cannot be read."""
    if not photo.image or not photo.width or not photo.height:
        return None
    key = (photo.image.name, photo.width, photo.height, photo.crop_position, preset_name)
    picture = _memo.get(key)
    if picture is None:
        picture = _build_picture(photo, PRESETS[preset_name])
        if picture is not None:  # a failure is tried again next time
            if len(_memo) >= _MEMO_LIMIT:
                _memo.clear()
            _memo[key] = picture
    return picture


def _build_picture(photo: Photo, preset: Preset) -> Picture | None:
    boxes = _boxes(photo, preset)
    try:
        by_format: dict[str, list[tuple[str, int, int]]] = {}
        for fmt, _mime in (*modern_formats(), FALLBACK):
            by_format[fmt] = []
            for width, height in boxes:
                thumb = get_thumbnail(
                    photo.image,
                    f"{width}x{height}",
                    crop=photo.crop_position,
                    format=fmt,
                    upscale=False,
                )
                if not thumb.size:  # sorl could not read the source: it logged why
                    return None
                by_format[fmt].append((thumb.url, thumb.width, thumb.height))
    except OSError:
        logger.warning("Cannot make renditions of photo %s", photo.pk, exc_info=True)
        return None

    def srcset(fmt: str) -> str:
        return ", ".join(f"{url} {w}w" for url, w, _h in by_format[fmt])

    fallback = by_format[FALLBACK[0]]
    # The fallback <img> names the middle rendition: sharp enough for old browsers, not huge.
    url, width, height = fallback[len(fallback) // 2]
    return Picture(
        sources=tuple(Source(mime, srcset(fmt)) for fmt, mime in modern_formats()),
        src=url,
        srcset=srcset(FALLBACK[0]),
        width=width,
        height=height,
        sizes=preset.sizes,
    )
