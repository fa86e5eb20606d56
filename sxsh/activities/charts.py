"""The status survey's choice questions as horizontal bar charts, drawn on the server as SVG
coordinates (no script, nothing external), as ``sxsh/indicators/charts.py`` draws lines."""

from __future__ import annotations

from dataclasses import dataclass

from sxsh.core.formatting import number

WIDTH = 480
LEFT, RIGHT, TOP = 4, 56, 4  # RIGHT leaves room for the count after the longest bar
ROW = 40  # a label (12 px) above its bar (16 px)
BAR = 16
FONT_PX = 12


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


@dataclass
class BarChart:
    bars: list[Bar]
    height: int
    width: int = WIDTH
    left: int = LEFT
    font_px: int = FONT_PX
    bar_height: int = BAR


def bar_chart(rows: list[tuple[str, int]]) -> BarChart:
    """One bar per (label, count), the longest for the largest count; the count is written
    after each bar (grouped as the tables write figures), the label above it."""
    span = WIDTH - LEFT - RIGHT
    largest = max((n for _, n in rows), default=0)
    bars = []
    for i, (label, n) in enumerate(rows):
        top = TOP + i * ROW
        width = span * n / largest if largest else 0.0
        bar_y = top + FONT_PX + 6
        bars.append(Bar(label=str(label), count=number(n), label_y=f"{top + FONT_PX:.1f}",
                        bar_y=f"{bar_y:.1f}", width=f"{width:.1f}",
                        count_x=f"{LEFT + width + 6:.1f}",
                        count_y=f"{bar_y + BAR - 4:.1f}"))
    return BarChart(bars=bars, height=TOP * 2 + ROW * len(rows))
