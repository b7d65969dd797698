"""Colours of the theme, worked out from the brand, and their contrast checked (WCAG 2.2).

The brand gives a primary colour and a text colour. Everything else (the tint
behind call-outs, the text on the header band, the shades of the cohort bars)
is derived here, and every pair of a text colour and its background is
checked against WCAG's 4.5:1, or 3:1 for large text.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefgen.content.config import Brand
from briefgen.errors import Mistake

WHITE = "#FFFFFF"
BLACK = "#000000"
NORMAL_TEXT = 4.5
LARGE_TEXT = 3.0


def _channels(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def relative_luminance(colour: str) -> float:
    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in _channels(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two colours, from 1 to 21."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def mix(colour: str, other: str, share: float) -> str:
    """`share` of `colour` mixed into `other`."""
    mixed = (
        round(a * share + b * (1 - share))
        for a, b in zip(_channels(colour), _channels(other), strict=True)
    )
    return "#" + "".join(f"{channel:02X}" for channel in mixed)


@dataclass(frozen=True)
class Palette:
    primary: str  # header band, rules, headings, icons
    text: str  # body text
    on_primary: str  # text on the header band and the key message banner
    tint: str  # background of call-outs
    rule: str  # hairlines
    shades: tuple[str, ...]  # cohort bar segments, darkest first
    on_shades: tuple[str, ...]  # the label colour on each shade


@dataclass(frozen=True)
class ContrastPair:
    what: str
    foreground: str
    background: str
    minimum: float

    @property
    def ratio(self) -> float:
        return contrast(self.foreground, self.background)


def make_palette(brand: Brand) -> Palette:
    primary, text = brand.primary, brand.text
    on_primary = best_text(primary, text)
    shades = (
        primary,
        readable_shade(mix(primary, WHITE, 0.3), text, toward=WHITE),
        readable_shade(mix(primary, BLACK, 0.55), text, toward=BLACK),
        readable_shade(mix(primary, WHITE, 0.12), text, toward=WHITE),
        readable_shade(mix(primary, BLACK, 0.8), text, toward=BLACK),
        readable_shade(mix(primary, WHITE, 0.55), text, toward=WHITE),
    )
    on_shades = tuple(best_text(shade, text) for shade in shades)
    return Palette(
        primary=primary,
        text=text,
        on_primary=on_primary,
        tint=mix(primary, WHITE, 0.09),
        rule=mix(primary, WHITE, 0.35),
        shades=shades,
        on_shades=on_shades,
    )


def best_text(background: str, text: str) -> str:
    """White or the text colour, whichever reads better on `background`."""
    return max((WHITE, text), key=lambda candidate: contrast(candidate, background))


def readable_shade(shade: str, text: str, toward: str) -> str:
    """A derived shade, moved toward white or black until a label on it is readable."""
    for step in range(20):
        candidate = mix(toward, shade, step / 20)
        if contrast(best_text(candidate, text), candidate) >= NORMAL_TEXT:
            return candidate
    return toward


def contrast_pairs(palette: Palette) -> list[ContrastPair]:
    """Every text colour of the theme on its background, with the ratio it needs."""
    pairs = [
        ContrastPair("body text on the page", palette.text, WHITE, NORMAL_TEXT),
        ContrastPair("body text in call-outs", palette.text, palette.tint, NORMAL_TEXT),
        ContrastPair("headings and links on the page", palette.primary, WHITE, NORMAL_TEXT),
        ContrastPair("headings and links in call-outs", palette.primary, palette.tint, NORMAL_TEXT),
        ContrastPair("text on the header band", palette.on_primary, palette.primary, NORMAL_TEXT),
    ]
    pairs.extend(
        ContrastPair(f"figures on bar shade {number}", on_shade, shade, NORMAL_TEXT)
        for number, (shade, on_shade) in enumerate(
            zip(palette.shades, palette.on_shades, strict=True), start=1
        )
    )
    return pairs


def check_contrast(palette: Palette) -> None:
    """Refuse a brand whose colours make any text too faint to read."""
    failing = [pair for pair in contrast_pairs(palette) if pair.ratio < pair.minimum]
    if failing:
        details = "; ".join(
            f"{pair.what}: {pair.foreground} on {pair.background} is {pair.ratio:.2f}:1, "
            f"needs {pair.minimum:g}:1"
            for pair in failing
        )
        raise Mistake(
            f"briefgen.yaml: the brand colours are too low in contrast ({details})",
            "choose a darker brand.primary (or brand.text), so that text stays readable "
            "(WCAG 2.2 AA); a contrast checker shows the ratio as you adjust it",
        )


__all__ = [
    "Palette",
    "check_contrast",
    "make_palette",
]
