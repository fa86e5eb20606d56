"""Time-series charts drawn on the server as SVG coordinates (no script, nothing external)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sxsh.core.formatting import percent

WIDTH, HEIGHT = 360, 150
LEFT, RIGHT, TOP, BOTTOM = 38, 12, 10, 24


@dataclass
class Point:
    x: str
    y: str
    year: int
    label: str


@dataclass
class Chart:
    # Coordinates are strings: a template would write a float with the Vietnamese comma.
    points: list[Point]
    years: list[tuple[str, int]]
    grid: list[tuple[str, str]]
    target_y: str | None = None
    band: tuple[str, str] | None = None  # (y of the upper bound, height)
    width: int = WIDTH
    height: int = HEIGHT
    segments: list[str] = field(default_factory=list)

    @property
    def plot_right(self) -> int:
        return self.width - RIGHT


def share_chart(series: list[tuple[int, float | None]], *, target: float | None = None,
                upper: float | None = None) -> Chart:
    """A line of shares (0–100 %) over years; gaps where a year has no value."""
    years = [y for y, _ in series]
    span_x = WIDTH - LEFT - RIGHT
    span_y = HEIGHT - TOP - BOTTOM

    def x_of(year: int) -> str:
        if len(years) == 1:
            return f"{LEFT + span_x / 2:.1f}"
        return f"{LEFT + span_x * (year - years[0]) / (years[-1] - years[0]):.1f}"

    def y_num(value: float) -> float:
        return TOP + span_y * (1 - max(0.0, min(1.0, value)))

    def y_of(value: float) -> str:
        return f"{y_num(value):.1f}"

    points = [Point(x_of(y), y_of(v), y, percent(v)) for y, v in series if v is not None]
    segments, current = [], []
    for year, value in series:
        if value is None:
            if len(current) > 1:
                segments.append(" ".join(current))
            current = []
        else:
            current.append(f"{x_of(year)},{y_of(value)}")
    if len(current) > 1:
        segments.append(" ".join(current))
    chart = Chart(
        points=points,
        years=[(x_of(y), y) for y in years],
        grid=[(y_of(v), percent(v, 0)) for v in (0.0, 0.5, 1.0)],
        target_y=y_of(target) if target is not None else None,
        segments=segments,
    )
    if target is not None and upper is not None:
        chart.band = (y_of(upper), f"{y_num(target) - y_num(upper):.1f}")
    return chart
