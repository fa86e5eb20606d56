"""Time-series charts drawn on the server as SVG coordinates (no script, nothing external).

The drawing is sized so that its text stays readable where the pages show it: the view box
is 360 units wide and a chart card is at least 340 px wide, so the 13-unit labels are drawn
at 11 px or more (at 1 366 px and on a 390 px phone; the browser test measures them). The
styles are in ``indicators.css`` (the Content-Security-Policy allows no inline style).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from sxsh.core.formatting import percent

WIDTH, HEIGHT = 360, 200
#: The right margin holds the target's label, in two lines ("Mục tiêu" / "8 % – 13 %").
LEFT, RIGHT, TOP, BOTTOM = 46, 72, 26, 26


@dataclass
class Point:
    x: str
    y: str
    year: int
    label: str
    label_y: str = ""
    #: The first and last values are written inward, clear of the axis and the margin.
    anchor: str = "middle"


@dataclass
class Chart:
    # Coordinates are strings: a template would write a float with the Vietnamese comma.
    points: list[Point]
    years: list[tuple[str, int]]
    grid: list[tuple[str, str]]
    target_y: str | None = None
    band: tuple[str, str] | None = None  # (y of the upper bound, height)
    #: The target's label in two lines (a word, then the figure), in the right margin.
    target_label: tuple[str, str] = ("", "")
    target_label_y: str = ""
    width: int = WIDTH
    height: int = HEIGHT
    segments: list[str] = field(default_factory=list)

    left: int = LEFT

    @property
    def plot_right(self) -> int:
        return self.width - RIGHT

    @property
    def plot_width(self) -> int:
        return self.width - RIGHT - LEFT

    @property
    def label_x(self) -> int:
        return self.width - RIGHT + 5

    @property
    def axis_y(self) -> int:
        return self.height - 8


def scale_top(values: list[float | None], *, at_least: float) -> float:
    """The top of the value axis: ``at_least``, or the largest value rounded up to 10 %."""
    largest = max((v for v in values if v is not None), default=0.0)
    return max(at_least, math.ceil(largest * 10 - 1e-9) / 10)


def _segments(coordinates: list[tuple[str, str] | None]) -> list[str]:
    """The polylines through consecutive known points (a year without a value breaks it)."""
    segments, current = [], []
    for point in [*coordinates, None]:
        if point is None:
            if len(current) > 1:
                segments.append(" ".join(current))
            current = []
        else:
            current.append(f"{point[0]},{point[1]}")
    return segments


def share_chart(series: list[tuple[int, float | None]], *, target: float | None = None,
                upper: float | None = None, top: float = 1.0,
                target_label: tuple[str, str] = ("", "")) -> Chart:
    """A line of fractions (0 … ``top``) over years, its value written above each point;
    gaps where a year has no value; the target (or the band ``target``–``upper``) drawn and
    labelled ``target_label``."""
    years = [y for y, _ in series]
    span_x = WIDTH - LEFT - RIGHT
    span_y = HEIGHT - TOP - BOTTOM

    def x_of(year: int) -> str:
        if len(years) == 1:
            return f"{LEFT + span_x / 2:.1f}"
        return f"{LEFT + span_x * (year - years[0]) / (years[-1] - years[0]):.1f}"

    def y_num(value: float) -> float:
        return TOP + span_y * (1 - max(0.0, min(1.0, value / top)))

    def y_of(value: float) -> str:
        return f"{y_num(value):.1f}"

    def anchor(year: int) -> str:
        if len(years) > 1 and year == years[0]:
            return "start"
        return "end" if len(years) > 1 and year == years[-1] else "middle"

    points = [Point(x_of(y), y_of(v), y, percent(v), f"{y_num(v) - 8:.1f}", anchor(y))
              for y, v in series if v is not None]
    segments = _segments([(x_of(y), y_of(v)) if v is not None else None for y, v in series])
    chart = Chart(
        points=points,
        years=[(x_of(y), y) for y in years],
        grid=[(y_of(v), percent(v, 0)) for v in (0.0, top / 2, top)],
        target_y=y_of(target) if target is not None else None,
        segments=segments,
        target_label=target_label if target is not None else ("", ""),
    )
    if target is not None:
        middle = (y_num(target) + y_num(upper)) / 2 if upper is not None else y_num(target)
        chart.target_label_y = f"{middle - 3:.1f}"
    if target is not None and upper is not None:
        chart.band = (y_of(upper), f"{y_num(target) - y_num(upper):.1f}")
    return chart
