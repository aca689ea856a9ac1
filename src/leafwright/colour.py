"""Colours as values: what a theme colour is, what it prints as, and which greys are black ink.

Each kind of colour answers the questions the stages ask of it (its RGB view, the plates it
prints on, whether it is a screen of black, a tint of it), so no caller takes a colour apart
by a tag. A base module: the ReportLab objects are made in layout/styles.py.

- Cmyk and Rgb hold parts from 0 to 1, as the theme wrote them (cmyk(…) in percent / 100,
  #rrggbb / 255).
- Spot: a Separation ink, its CMYK alternate (what a proof or a process-only press shows),
  and its tint (the density, 1.0 solid).
- Dual: the theme chose an ink for each variant (`{print: …, screen: …}`).
A tint is applied when the theme is read (`brand 40%`), so there is no tint type.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Union

RGB = tuple[float, float, float]


def naive_cmyk(rgb: RGB) -> tuple[float, float, float, float]:
    """RGB as process ink without an ICC profile (black generation from the darkest channel):
    what print makes of a colour a theme gave in RGB."""
    r, g, b = rgb
    k = 1 - max(r, g, b)
    if k >= 1:
        return (0.0, 0.0, 0.0, 1.0)
    return ((1 - r - k) / (1 - k), (1 - g - k) / (1 - k), (1 - b - k) / (1 - k), k)


def grey_k(rgb: RGB, tolerance: float = 0.0) -> Optional[float]:
    """The black ink (K, 0..1) an RGB grey prints as, or None if it is not a grey: its
    channels no further apart than `tolerance`. The one rule for "is it grey" — the theme's
    screens of black, the press's device greys and matplotlib's near-greys (which pass a
    tolerance for its rounding) all ask it. An exact grey keeps its level exactly."""
    r, g, b = rgb
    if max(rgb) - min(rgb) > tolerance:
        return None
    return 1 - r if r == g == b else 1 - (r + g + b) / 3


@dataclass(frozen=True)
class Cmyk:
    c: float
    m: float
    y: float
    k: float

    @property
    def parts(self) -> tuple[float, float, float, float]:
        return self.c, self.m, self.y, self.k

    def rgb(self) -> RGB:
        """Naively, without an ICC profile."""
        return (1 - self.c) * (1 - self.k), (1 - self.m) * (1 - self.k), (1 - self.y) * (1 - self.k)

    def inks(self) -> dict[str, float]:
        return {plate: v for plate, v in zip("CMYK", self.parts) if v > 1e-6}

    def black_screen(self) -> Optional[float]:
        return self.k if self.c == self.m == self.y == 0 and 0 < self.k < 1 else None

    def tint(self, share: float) -> Cmyk:
        return Cmyk(*(round(v * share, 4) for v in self.parts))

    def on(self, cmyk: bool) -> Colour:
        return self


@dataclass(frozen=True)
class Rgb:
    r: float
    g: float
    b: float

    def rgb(self) -> RGB:
        return self.r, self.g, self.b

    def inks(self) -> dict[str, float]:
        return {plate: v for plate, v in zip("CMYK", naive_cmyk(self.rgb())) if v > 1e-6}

    def black_screen(self) -> Optional[float]:
        k = grey_k(self.rgb())
        return k if k is not None and 0 < k < 1 else None

    def tint(self, share: float) -> Rgb:
        """Mixed with white (the paper)."""
        return Rgb(*(round(1 - (1 - v) * share, 4) for v in self.rgb()))

    def on(self, cmyk: bool) -> Colour:
        return self


@dataclass(frozen=True)
class Spot:
    name: str
    alternate: Cmyk
    density: float = 1.0  # the tint: 1.0 solid, 0.4 for `brand 40%`

    def rgb(self) -> RGB:
        """Its CMYK alternate at the tint."""
        return Cmyk(*(v * self.density for v in self.alternate.parts)).rgb()

    def inks(self) -> dict[str, float]:
        return {self.name: self.density} if self.density > 0 else {}

    def black_screen(self) -> Optional[float]:
        return None  # a spot ink is its own plate, never a screen of black

    def tint(self, share: float) -> Spot:
        return Spot(self.name, self.alternate, round(self.density * share, 4))

    def on(self, cmyk: bool) -> Colour:
        return self


@dataclass(frozen=True)
class Dual:
    print: Union[Cmyk, Rgb, Spot]
    screen: Union[Cmyk, Rgb, Spot]

    def rgb(self) -> RGB:
        return self.screen.rgb()

    def inks(self) -> dict[str, float]:
        return self.print.inks()

    def black_screen(self) -> Optional[float]:
        return self.print.black_screen()

    def tint(self, share: float) -> Dual:
        return Dual(self.print.tint(share), self.screen.tint(share))

    def on(self, cmyk: bool) -> Colour:
        """The ink of the variant: print's in a CMYK variant, else screen's."""
        return self.print if cmyk else self.screen


Colour = Union[Cmyk, Rgb, Spot, Dual]
BLACK = Cmyk(0.0, 0.0, 0.0, 1.0)


def black_screen(colour: Optional[Colour]) -> Optional[float]:
    """The K of a colour that prints as a screen of black only (a grey: 0 < K < 100%, no C, M
    or Y) on press, else None. An RGB grey counts as the grey it is converted to."""
    return None if colour is None else colour.black_screen()


def print_inks(colour: Optional[Colour]) -> dict[str, float]:
    """The plates a colour prints on and their coverage (0..1), as the print variant prints it."""
    return {} if colour is None else colour.inks()
