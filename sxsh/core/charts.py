"""The charts, drawn on the server as SVG (no script, nothing external): one drawing for the
pages, where it is inline SVG, and for the documents, where it is a PNG of the same SVG.

The line chart (a value per year against a target) and the bar chart (a count per choice)
are computed here as coordinates; the templates ``core/charts/line.svg`` and
``core/charts/bars.svg`` draw them. Every label is written by ``sxsh.core.formatting``, so a
chart rounds as the tables do. The colours and sizes are presentation attributes, not CSS:
the page's Content-Security-Policy allows no inline style, and a standalone SVG turned into
a PNG has no style sheet (the page's ``indicators.css`` may still restyle the inline one).

The line chart is sized so that its text stays readable where the pages show it: the view
box is 360 units wide and a chart card is at least 340 px wide, so the 13-unit labels are
drawn at 11 px or more (at 1 366 px and on a 390 px phone; the browser test measures them).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import cairosvg
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from sxsh.core.formatting import number, percent

WIDTH, HEIGHT = 360, 200
#: The right margin holds the target's label, in two lines ("Mục tiêu" / "8 % – 13 %").
LEFT, RIGHT, TOP, BOTTOM = 46, 72, 26, 26
#: Fonts with every Vietnamese diacritic on Debian (fonts-liberation2, fonts-dejavu), for the
#: standalone drawing; the page's text keeps the page's font.
FONT_FAMILY = "Liberation Sans, DejaVu Sans, sans-serif"
#: The line chart's colours and sizes as presentation attributes, for the standalone drawing
#: (PNG): the same as ``indicators.css`` gives the inline one on the page, which carries
#: none of them (the page's style sheet alone sizes its text, for the phone's larger font).
LINE_PAINT = {name: mark_safe(attributes) for name, attributes in {  # noqa: S308 (constants)
    "grid": ' stroke="#d8dee4"',
    "axis": ' font-size="13" fill="#4a5663"',
    "band": ' fill="#e0f2e9" opacity="0.8"',
    "target": ' stroke="#0b6e4f" stroke-width="1.5" stroke-dasharray="5 3"',
    "target_label": ' font-size="13" font-weight="bold" fill="#0b6e4f"',
    "series": ' fill="none" stroke="#1c2733" stroke-width="2"',
    "point": ' fill="#1c2733"',
    "point_value": ' font-size="13" fill="#1c2733"',
}.items()}


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
    #: The unit of an amount, written over the value axis ("" for a share).
    unit: str = ""

    left: int = LEFT
    template = "core/charts/line.svg"

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


def amount_top(values: list[float | None]) -> float:
    """The top of an amount's axis: the largest value rounded up to 1, 2 or 5 times a power
    of ten (1 when there is nothing to draw)."""
    largest = max((v for v in values if v is not None), default=0.0)
    if largest <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(largest))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= largest - 1e-9)


def _segments(coordinates: list[tuple[str, str] | None]) -> list[str]:
    """The polylines through consecutive known points (a year without a value breaks it)."""
    segments: list[str] = []
    current: list[str] = []
    for point in [*coordinates, None]:
        if point is None:
            if len(current) > 1:
                segments.append(" ".join(current))
            current = []
        else:
            current.append(f"{point[0]},{point[1]}")
    return segments


def line_chart(series: list[tuple[int, float | None]], *, top: float,
               label: Callable[[float], str], tick: Callable[[float], str],
               target: float | None = None, upper: float | None = None,
               target_label: tuple[str, str] = ("", ""), unit: str = "") -> Chart:
    """A line of values (0 … ``top``) over years, each value written above its point by
    ``label`` and the axis by ``tick``; gaps where a year has no value; the target (or the
    band ``target``–``upper``) drawn and labelled ``target_label``."""
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

    points = [Point(x_of(y), y_of(v), y, label(v), f"{y_num(v) - 8:.1f}", anchor(y))
              for y, v in series if v is not None]
    segments = _segments([(x_of(y), y_of(v)) if v is not None else None for y, v in series])
    chart = Chart(
        points=points,
        years=[(x_of(y), y) for y in years],
        grid=[(y_of(v), tick(v)) for v in (0.0, top / 2, top)],
        target_y=y_of(target) if target is not None else None,
        segments=segments,
        target_label=target_label if target is not None else ("", ""),
        unit=unit,
    )
    if target is not None:
        middle = (y_num(target) + y_num(upper)) / 2 if upper is not None else y_num(target)
        chart.target_label_y = f"{middle - 3:.1f}"
    if target is not None and upper is not None:
        chart.band = (y_of(upper), f"{y_num(target) - y_num(upper):.1f}")
    return chart


def share_chart(series: list[tuple[int, float | None]], *, target: float | None = None,
                upper: float | None = None, top: float = 1.0,
                target_label: tuple[str, str] = ("", "")) -> Chart:
    """A line of fractions (0 … ``top``) over years, written as percentages (8,5 %)."""
    return line_chart(series, top=top, label=percent, tick=lambda v: percent(v, 0),
                      target=target, upper=upper, target_label=target_label)


def series_chart(series: list[tuple[int, float | None]], *, unit: str = "share",
                 target: float | None = None, upper: float | None = None,
                 top: float | None = None, target_label: tuple[str, str] = ("", "")) -> Chart:
    """The chart of a report's series (``reports.content.ChartSeries``): a share drawn as the
    dashboard draws it (0–100 % unless ``top`` says otherwise), an amount on an axis up to
    its largest value rounded up, its unit written over the axis."""
    if unit == "share":
        return share_chart(series, target=target, upper=upper,
                           top=1.0 if top is None else top, target_label=target_label)
    values = [v for _y, v in series] + [target, upper]
    axis_top = amount_top(values) if top is None else top
    # Counts (people, facilities, documents) are written whole: "1", not "1,0"; the axis's
    # middle tick keeps a decimal only when it has one (0,5 of an axis up to 1).
    whole = all(v is None or float(v).is_integer() for v in values)
    digits = 0 if axis_top >= 100 or whole else 1

    def label(v: float) -> str:
        return number(v, digits)

    def tick(v: float) -> str:
        return number(v, 0 if axis_top >= 100 or float(v).is_integer() else 1)

    return line_chart(series, top=axis_top, label=label, tick=tick, target=target,
                      upper=upper, target_label=target_label, unit=unit)


def describe(chart: Chart) -> str:
    """The chart in words, as its points' titles say it ("2016: 25,0 %; 2018: 62,5 %"), with
    the target: the text a screen reader or a document's picture gives for the drawing."""
    words = "; ".join(f"{p.year}: {p.label}" for p in chart.points)
    target = " ".join(part for part in chart.target_label if part)
    return f"{words}; {target}" if target and words else words or target


@dataclass
class Bar:
    # Coordinates are strings: a template would write a float with the Vietnamese comma.
    label: str
    count: str
    label_y: str
    bar_y: str
    width: str
    count_x: str
    count_y: str


BAR_WIDTH = 480
BAR_LEFT, BAR_RIGHT, BAR_TOP = 4, 56, 4  # the right margin holds the count after a bar
BAR_ROW = 40  # a label (12 px) above its bar (16 px)
BAR = 16
BAR_FONT_PX = 12


@dataclass
class BarChart:
    bars: list[Bar]
    height: int
    width: int = BAR_WIDTH
    left: int = BAR_LEFT
    font_px: int = BAR_FONT_PX
    bar_height: int = BAR
    template = "core/charts/bars.svg"


def bar_chart(rows: list[tuple[str, int]]) -> BarChart:
    """One bar per (label, count), the longest for the largest count; the count is written
    after each bar (grouped as the tables write figures), the label above it."""
    span = BAR_WIDTH - BAR_LEFT - BAR_RIGHT
    largest = max((n for _, n in rows), default=0)
    bars = []
    for i, (label, n) in enumerate(rows):
        top = BAR_TOP + i * BAR_ROW
        width = span * n / largest if largest else 0.0
        bar_y = top + BAR_FONT_PX + 6
        bars.append(Bar(label=str(label), count=number(n), label_y=f"{top + BAR_FONT_PX:.1f}",
                        bar_y=f"{bar_y:.1f}", width=f"{width:.1f}",
                        count_x=f"{BAR_LEFT + width + 6:.1f}",
                        count_y=f"{bar_y + BAR - 4:.1f}"))
    return BarChart(bars=bars, height=BAR_TOP * 2 + BAR_ROW * len(rows))


def svg(chart: Chart | BarChart, *, label: str = "") -> str:
    """The chart as a standalone SVG document: the drawing the page shows inline, with its
    size, the XML namespace and a font that has the Vietnamese letters."""
    return render_to_string(chart.template, {"chart": chart, "standalone": True,
                                             "aria_label": label, "paint": LINE_PAINT,
                                             "font_family": FONT_FAMILY})


def png(chart: Chart | BarChart, *, scale: float = 2) -> bytes:
    """The chart as a PNG of ``scale`` pixels per unit of its drawing (720 × 400 for a line
    chart at 2), for the DOCX and the PDF."""
    return cairosvg.svg2png(bytestring=svg(chart).encode(), scale=scale,
                            background_color="white")
