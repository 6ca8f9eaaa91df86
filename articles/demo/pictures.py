"""Lede pictures for the demo newsroom, painted with Pillow from a seed (nothing is downloaded).

Each scene is a soft illustration (sky and sea bands, hills, a skyline, boats, a pitch) and
comes with alt text that says what was actually drawn, so the demo shows good alt text rather
than a file name. The same seed always paints the same picture."""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFilter, ImageOps

Colour = tuple[int, int, int]

# Sky top, sky at the horizon, sea near the horizon, deep sea, sun: one palette per time of day.
PALETTES: dict[str, tuple[Colour, Colour, Colour, Colour, Colour]] = {
    "dawn": ((82, 96, 150), (246, 196, 160), (150, 150, 170), (40, 62, 96), (255, 226, 170)),
    "morning": ((96, 156, 214), (214, 232, 240), (92, 150, 170), (22, 70, 98), (255, 246, 214)),
    "afternoon": ((58, 120, 190), (190, 220, 236), (64, 132, 156), (16, 58, 84), (255, 250, 226)),
    "dusk": ((52, 44, 96), (240, 140, 96), (120, 90, 110), (30, 34, 62), (255, 190, 120)),
    "night": ((10, 16, 38), (40, 56, 96), (30, 44, 74), (6, 12, 28), (236, 236, 220)),
}
DAYLIGHT = ("dawn", "morning", "afternoon", "dusk")
SCENES = ("harbour", "hills", "skyline", "night", "pitch")


@dataclass(frozen=True)
class Picture:
    jpeg: bytes
    alt_text: str


def paint_picture(*, scene: str, seed: int, size: tuple[int, int]) -> Picture:
    """Paint `scene` (one of SCENES) at `size` and return it as a JPEG with its alt text."""
    rng = random.Random(seed)  # noqa: S311 - a repeatable picture, not a secret
    width, height = size
    mood = "night" if scene == "night" else rng.choice(DAYLIGHT)
    sky_top, sky_low, sea_high, sea_deep, sun = PALETTES[mood]
    horizon = int(height * rng.uniform(0.52, 0.64))
    image = _gradient((width, horizon), sky_top, sky_low)
    canvas = Image.new("RGB", (width, height))
    canvas.paste(image, (0, 0))
    draw = ImageDraw.Draw(canvas)
    details: list[str] = []

    if mood == "night":
        _stars(draw, rng, width, horizon)
        moon_r = max(2, height // 22)
        mx, my = int(width * rng.uniform(0.6, 0.85)), int(horizon * rng.uniform(0.2, 0.4))
        draw.ellipse((mx - moon_r, my - moon_r, mx + moon_r, my + moon_r), fill=sun)
    else:
        sun_r = max(3, int(height * rng.uniform(0.05, 0.08)))
        sx = int(width * rng.uniform(0.15, 0.85))
        sy = int(horizon * (0.78 if mood in ("dawn", "dusk") else rng.uniform(0.2, 0.4)))
        draw.ellipse((sx - sun_r, sy - sun_r, sx + sun_r, sy + sun_r), fill=sun)
        canvas = _clouds(canvas, rng, horizon)
        draw = ImageDraw.Draw(canvas)

    if scene == "pitch":
        _stands(draw, rng, width, horizon, height)
        details.append("a green playing field marked with white lines in front of a low stand")
        details.append("floodlights")
    else:
        canvas.paste(_gradient((width, height - horizon), sea_high, sea_deep), (0, horizon))
        draw = ImageDraw.Draw(canvas)
        _shimmer(draw, rng, width, horizon, height, sun)

    if scene == "hills":
        _hills(draw, rng, width, horizon)
        details.insert(0, "green hills rolling down to the water")
    elif scene in ("skyline", "night"):
        lit = scene == "night"
        _skyline(draw, rng, width, horizon, lit=lit)
        details.insert(
            0,
            "a row of town buildings with lit windows along the shore"
            if lit
            else "the silhouette of town buildings along the shore",
        )
    if scene in ("harbour", "hills", "night"):
        boats = rng.randint(2, 4)
        _boats(draw, rng, width, horizon, height, boats)
        details.append(f"{_number_word(boats)} small sailing boats on the water")

    canvas = canvas.filter(ImageFilter.SMOOTH)
    buffer = io.BytesIO()
    canvas.save(buffer, "JPEG", quality=82)
    sky = {
        "dawn": "a pink dawn sky with a low sun",
        "morning": "a pale blue morning sky with a few clouds",
        "afternoon": "a bright blue afternoon sky with a few clouds",
        "dusk": "an orange evening sky with the sun low over the horizon",
        "night": "a dark night sky with stars and a full moon",
    }[mood]
    alt = f"Illustration: {_join(details)}, under {sky}."
    return Picture(jpeg=buffer.getvalue(), alt_text=alt[0].upper() + alt[1:])


def _gradient(size: tuple[int, int], top: Colour, bottom: Colour) -> Image.Image:
    # Colour one column, then stretch it sideways: far cheaper than colouring every pixel.
    ramp = Image.linear_gradient("L").resize((1, max(1, size[1])))
    column = ImageOps.colorize(ramp, black=top, white=bottom)
    return column.resize((max(1, size[0]), max(1, size[1])), Image.Resampling.NEAREST)


def _clouds(canvas: Image.Image, rng: random.Random, horizon: int) -> Image.Image:
    # The clouds are a soft mask through which white is painted onto the sky. The mask is
    # drawn and blurred at a quarter of the size, then enlarged: soft edges for a fraction of
    # the cost of blurring the full picture.
    width = max(1, canvas.width // 4)
    horizon = horizon // 4
    layer = Image.new("L", (width, max(1, canvas.height // 4)), 0)
    draw = ImageDraw.Draw(layer)
    for _ in range(rng.randint(2, 4)):
        cx, cy = rng.uniform(0, width), rng.uniform(0.12, 0.55) * horizon
        for _puff in range(5):
            rx = width * rng.uniform(0.03, 0.07)
            ry = rx * rng.uniform(0.35, 0.55)
            x, y = cx + rng.uniform(-2, 2) * rx, cy + rng.uniform(-0.5, 0.5) * ry
            draw.ellipse((x - rx, y - ry, x + rx, y + ry), fill=110)
    layer = layer.filter(ImageFilter.GaussianBlur(max(1, width // 160)))
    layer = layer.resize(canvas.size, Image.Resampling.BILINEAR)
    canvas.paste((252, 252, 250), (0, 0, *canvas.size), mask=layer)
    return canvas


def _stars(draw: ImageDraw.ImageDraw, rng: random.Random, width: int, horizon: int) -> None:
    for _ in range(120):
        x, y = rng.uniform(0, width), rng.uniform(0, horizon * 0.85)
        light = rng.randint(150, 235)
        draw.point((x, y), fill=(light, light, light))


def _shimmer(
    draw: ImageDraw.ImageDraw,
    rng: random.Random,
    width: int,
    horizon: int,
    height: int,
    sun: Colour,
) -> None:
    for _ in range(40):
        y = rng.uniform(horizon + 2, height)
        x = rng.uniform(0, width)
        length = width * rng.uniform(0.01, 0.06) * (y - horizon) / max(1, height - horizon)
        tone = tuple(int(c * 0.55 + 60) for c in sun)
        draw.line((x, y, x + length, y), fill=tone, width=max(1, height // 300))


def _hills(draw: ImageDraw.ImageDraw, rng: random.Random, width: int, horizon: int) -> None:
    for layer, colour in enumerate(((96, 140, 110), (62, 110, 84))):
        phase, wave = rng.uniform(0, math.tau), rng.uniform(1.5, 3.0)
        top = horizon * (0.72 + layer * 0.1)
        points: list[tuple[float, float]] = [(0, horizon)]
        for step in range(0, 41):
            x = width * step / 40
            y = top + math.sin(phase + wave * step / 40 * math.tau / 2) * horizon * 0.08
            points.append((x, y))
        points.append((width, horizon))
        draw.polygon(points, fill=colour)


def _skyline(
    draw: ImageDraw.ImageDraw, rng: random.Random, width: int, horizon: int, *, lit: bool
) -> None:
    x = 0.0
    while x < width:
        w = width * rng.uniform(0.03, 0.07)
        h = horizon * rng.uniform(0.08, 0.3)
        shade = rng.randint(20, 40) if lit else rng.randint(60, 90)
        draw.rectangle((x, horizon - h, x + w, horizon), fill=(shade, shade + 6, shade + 18))
        if lit:
            cell = max(2, int(w / 5))
            for wy in range(int(horizon - h + cell), horizon - cell, cell * 2):
                for wx in range(int(x + cell), int(x + w - cell), cell * 2):
                    if rng.random() < 0.45:
                        draw.rectangle((wx, wy, wx + cell // 2 + 1, wy + cell // 2 + 1),
                                       fill=(250, 214, 120))  # fmt: skip
        x += w + width * rng.uniform(0.0, 0.01)


def _boats(
    draw: ImageDraw.ImageDraw, rng: random.Random, width: int, horizon: int, height: int, count: int
) -> None:
    for index in range(count):
        y = horizon + (height - horizon) * rng.uniform(0.2, 0.75)
        scale = (y - horizon) / max(1, height - horizon) * height * 0.12 + 4
        x = width * (index + rng.uniform(0.2, 0.8)) / count
        hull = [(x - scale, y - scale * 0.25), (x + scale, y - scale * 0.25),
                (x + scale * 0.7, y), (x - scale * 0.7, y)]  # fmt: skip
        draw.polygon(hull, fill=(44, 40, 48))
        mast_top = y - scale * 2.2
        draw.line(
            (x, y - scale * 0.25, x, mast_top), fill=(40, 40, 40), width=max(1, int(scale / 12))
        )
        sail = rng.choice(((250, 246, 236), (226, 96, 80), (246, 206, 110)))
        draw.polygon([(x + scale * 0.08, mast_top), (x + scale * 0.08, y - scale * 0.4),
                      (x + scale * 1.1, y - scale * 0.4)], fill=sail)  # fmt: skip


def _stands(
    draw: ImageDraw.ImageDraw, rng: random.Random, width: int, horizon: int, height: int
) -> None:
    draw.rectangle((0, horizon, width, height), fill=(70, 140, 76))
    for stripe in range(0, 8, 2):
        top = horizon + (height - horizon) * stripe / 8
        bottom = horizon + (height - horizon) * (stripe + 1) / 8
        draw.rectangle((0, top, width, bottom), fill=(80, 152, 86))
    line = max(1, height // 200)
    draw.line((width / 2, horizon, width / 2, height), fill=(240, 240, 240), width=line)
    radius = (height - horizon) * 0.35
    draw.ellipse((width / 2 - radius * 1.6, horizon + (height - horizon) / 2 - radius,
                  width / 2 + radius * 1.6, horizon + (height - horizon) / 2 + radius),
                 outline=(240, 240, 240), width=line)  # fmt: skip
    stand_top = horizon - horizon * 0.16
    draw.rectangle((width * 0.08, stand_top, width * 0.92, horizon), fill=(90, 60, 70))
    draw.rectangle((width * 0.08, stand_top, width * 0.92, stand_top + horizon * 0.03),
                   fill=(40, 40, 48))  # fmt: skip
    for pole in (0.04, 0.96):
        x = width * pole
        draw.line((x, horizon, x, horizon * 0.35), fill=(60, 60, 60), width=max(1, width // 300))
        draw.rectangle((x - width * 0.02, horizon * 0.3, x + width * 0.02, horizon * 0.36),
                       fill=(250, 250, 226))  # fmt: skip


def _number_word(number: int) -> str:
    return {2: "two", 3: "three", 4: "four"}.get(number, str(number))


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]
