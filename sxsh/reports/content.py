"""What an annual report (or the five-year summary) says, apart from how it is printed.

The assembly (``assembly.py``) builds a :class:`ReportContent` from the data; the documents
(``documents.py``: DOCX per Decree 30/2020/NĐ-CP, PDF; ``annexes.py``: XLSX) print it. An
issued version stores ``content.to_dict()`` as JSON and prints from
``ReportContent.from_dict`` ever after, so its figures never change when the data do.

Every figure in here is already formatted as the document shows it (Vietnamese decimal
comma, the house rounding of ``core.formatting``); the printers never compute or round.
Chart series keep their numbers (fractions 0…1, or amounts) because a chart draws them; the
chart module rounds its labels the same way the pages do.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from sxsh.core import charts

Kind = Literal["annual", "five_year"]


@dataclass
class Table:
    """A table as printed: a caption, the column headings, rows of formatted cells.

    ``numeric`` marks the columns aligned right (figures); ``total_rows`` the indices of rows
    printed in bold (totals, group headings)."""

    caption: str
    columns: list[str]
    rows: list[list[str]]
    numeric: list[bool] = field(default_factory=list)
    total_rows: list[int] = field(default_factory=list)
    #: A line under the table: its source, or what "–" means.
    note: str = ""


@dataclass
class ChartSeries:
    """One chart: a value per year (``None`` where the year has no figure), with the target
    (or the band ``target``–``upper``) where the plan sets one. ``unit`` is "share" (values
    are fractions, printed as percentages) or a unit name printed on the axis."""

    title: str
    series: list[tuple[int, float | None]]
    unit: str = "share"
    target: float | None = None
    upper: float | None = None
    target_label: tuple[str, str] = ("", "")
    #: The top of the value axis as the page draws it (I4's savings: 20 %); None: 100 % for
    #: a share, the largest value rounded up for an amount.
    top: float | None = None

    def drawing(self) -> charts.Chart:
        """The chart as ``core.charts`` draws it: inline SVG on the report's pages, a PNG of
        the same SVG in the DOCX and the PDF (one drawing, one rounding)."""
        return charts.series_chart(self.series, unit=self.unit, target=self.target,
                                   upper=self.upper, top=self.top,
                                   target_label=self.target_label)


@dataclass
class Section:
    """A numbered part of the report ("I.", "1.", …): its heading, then paragraphs, tables and
    charts in that order, then its subsections. ``number`` is printed as given."""

    number: str
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[ChartSeries] = field(default_factory=list)
    subsections: list[Section] = field(default_factory=list)
    #: The key of an officer-written section (difficulties, proposals…); its paragraphs are
    #: the officer's text. Empty for sections assembled from the data.
    narrative_key: str = ""


@dataclass
class Signature:
    #: "KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC" lines above the name, as printed.
    capacity: list[str]
    name: str


@dataclass
class ReportContent:
    kind: Kind
    #: The reporting year (the last year of the series for the five-year summary).
    year: int
    #: The plan's years the report covers (one for an annual report, the period for five).
    years: list[int]
    plan_code: str
    plan_title: str
    #: The issuing body over the department, as in the document's top-left corner:
    #: ["UBND TỈNH THỪA THIÊN HUẾ", "SỞ CÔNG THƯƠNG"].
    issuer_lines: list[str]
    #: "Số: 15/BC-SCT" when issued; "Số:      /BC-SCT" on a draft.
    number: str
    #: "Thừa Thiên Huế, ngày 15 tháng 01 năm 2019" (printed in italics).
    place_date: str
    #: "BÁO CÁO" and the subject line(s) under it.
    title: str
    subject: str
    sections: list[Section]
    signature: Signature
    #: "Nơi nhận:" lines ("- UBND tỉnh;", "- Bộ Công Thương;", "- Lưu: VT, QLCN.").
    recipients: list[str]
    #: The version (1, 2, …) and whether it is a draft (printed as "DỰ THẢO" on drafts).
    version: int = 1
    draft: bool = True
    #: The factors and classifications used (name → value and source), frozen with the
    #: figures; printed in an annex note and kept in the snapshot.
    factors: dict[str, str] = field(default_factory=dict)
    #: The annexes printed as a workbook of their own (XLSX), one sheet a table: the
    #: indicators by year and by unit, the facilities supported, the budget by line, year
    #: and source.
    annexes: list[Table] = field(default_factory=list)
    #: The ministry's tables (the five national indicators, activities, budget), a workbook
    #: of their own in the ministry's layout.
    ministry: list[Table] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReportContent:
        data = dict(data)
        data["sections"] = [_section(s) for s in data["sections"]]
        data["signature"] = Signature(**data["signature"])
        for name in ("annexes", "ministry"):
            data[name] = [Table(**t) for t in data.get(name, [])]
        return cls(**data)


def _section(data: dict[str, Any]) -> Section:
    data = dict(data)
    data["tables"] = [Table(**t) for t in data.get("tables", [])]
    data["charts"] = [
        ChartSeries(**{**c, "series": [tuple(p) for p in c["series"]],
                       "target_label": tuple(c.get("target_label", ("", "")))})
        for c in data.get("charts", [])
    ]
    data["subsections"] = [_section(s) for s in data.get("subsections", [])]
    return Section(**data)
