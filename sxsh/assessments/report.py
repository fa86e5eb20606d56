"""The assessment report: a DOCX in the usual Vietnamese structure (A4, Times New Roman
13) and its tables as an XLSX workbook, one sheet a table.

The tables are built once (``tables``) as rows of plain values; the DOCX writes them as
people read figures (``core.formatting``: 1.234,5), the workbook as numbers through the
one exporter's ``put``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Font

from sxsh.core import exporting, formatting
from sxsh.core.text import printable

from .selectors import AssessmentView

FONT = "Times New Roman"
SIZE = Pt(13)
#: A figure written with the decimals it has (1.000; 12,5), not a fixed number of them.
NATURAL = -1


@dataclass
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[list[Any]]
    digits: list[int | None]  # per column: decimals of a figure, None for text

    def shown(self, row: list[Any]) -> list[str]:
        return [formatting.number(v, None if d == NATURAL else d)
                if d is not None and not isinstance(v, str)
                else ("" if v is None else str(v)) for v, d in zip(row, self.digits, strict=True)]


def tables(view: AssessmentView) -> list[Table]:
    """The report's tables, in its order."""
    team = Table("team", _("The CP team"), [_("Name"), _("Position"), _("Role in the team")],
                 [[m.name, m.position, m.team_role] for m in view.team], [None] * 3)
    balance = Table("balance", _("Balance of the process steps"),
                    [_("Process step"), _("Unit"), _("Inputs"), _("Products"), _("Wastes"),
                     _("Unaccounted"), _("Lost share")],
                    [[("★ " if s.step.is_focus else "") + s.step.name, b.unit, b.inputs,
                      b.products, b.wastes, b.unaccounted,
                      formatting.percent(b.lost_share)]
                     for s in view.steps for b in s.balance],
                    [None, None, NATURAL, NATURAL, NATURAL, NATURAL, None])
    waste = Table("waste", _("Waste streams and their cost"),
                  [_("Waste stream"), _("Quantity per year"), _("Unit"),
                   _("Material lost (million VND a year)"), _("Treatment (million VND a year)"),
                   _("Cost (million VND a year)"), _("Causes")],
                  [[w.name, w.quantity_per_year, w.unit, w.material_cost_mvnd_yr,
                    w.treatment_cost_mvnd_yr, w.cost_mvnd_yr, w.causes]
                   for w in view.waste_streams]
                  + ([[_("Total"), None, "", None, None, view.waste_cost_mvnd_yr, ""]]
                     if view.waste_streams else []),
                  [None, NATURAL, None, 3, 3, 3, None])
    options = Table("options", _("CP options and their feasibility"),
                    [_("Code"), _("Category"), _("Description"), _("Status"),
                     _("Investment (million VND)"), _("Yearly saving (million VND)"),
                     _("Payback (years)"), _("NPV (million VND)"), _("IRR"),
                     _("Electricity saved (kWh a year)"), _("CO₂e avoided (t a year)")],
                    [[o.option.code, o.option.get_category_display(), o.option.description,
                      o.option.get_status_display(), o.option.investment_mvnd,
                      o.option.annual_saving_mvnd, o.figures.payback_years, o.figures.npv_mvnd,
                      formatting.percent(o.figures.irr.rate, 2) if o.figures.irr.rate is not None
                      else o.figures.irr.reason, o.option.electricity_kwh_saved_yr,
                      o.figures.co2e_t_yr] for o in view.options],
                    [None, None, None, None, 3, 3, 2, 3, None, 0, 2])
    savings = Table("savings", _("Implemented options and verified savings"),
                    [_("Code"), _("Implemented on"), _("Measured on"), _("Method"),
                     _("Quality grade"), _("Saved per year"), _("Saving")],
                    [[o.option.code, formatting.day(o.option.implemented_on),
                      formatting.day(m.measured_on) if m else "",
                      m.get_method_display() if m else _("not yet verified"),
                      m.grade if m else "", m.saved_per_year if m else None,
                      formatting.percent(m.saving_fraction) if m else ""]
                     for o in view.implemented for m in (o.measurements[-1:] or [None])],
                    [None, None, None, None, None, 3, None])
    found = [team, balance, waste, options, savings]
    if view.assessment.kind == view.assessment.Kind.PILOT:
        found.append(Table("funding", _("Funding of the pilot model"),
                           [_("Funding source"), _("Amount (million VND)")],
                           [[f.source.name, f.amount_million_vnd] for f in view.funding]
                           + [[_("Total"), view.funding_total]], [None, 3]))
    return found


# --- DOCX -----------------------------------------------------------------------------


def _style(document) -> None:
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, SIZE
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    for name in ("Title", "Heading 1", "Heading 2"):
        heading = document.styles[name]
        heading.font.name, heading.font.color.rgb = FONT, None
        fonts = heading.element.rPr.rFonts
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)  # a theme font would win over Times
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), FONT)
    document.styles["Title"].font.size = Pt(16)
    document.styles["Heading 1"].font.size = Pt(14)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin = section.bottom_margin = Cm(2)


def _centred(document, text: str, *, bold: bool = False, italic: bool = False) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(printable(text))
    run.bold, run.italic = bold, italic


def _table(document, table: Table) -> None:
    if not table.rows:
        document.add_paragraph(_("None recorded."))
        return
    grid = document.add_table(rows=1, cols=len(table.headers))
    grid.style = "Table Grid"
    for cell, header in zip(grid.rows[0].cells, table.headers, strict=True):
        cell.text = printable(header)
        for run in cell.paragraphs[0].runs:
            run.bold, run.font.size = True, Pt(11)
    for row in table.rows:
        cells = grid.add_row().cells
        for n, (cell, text) in enumerate(zip(cells, table.shown(row), strict=True)):
            cell.text = printable(text)
            paragraph = cell.paragraphs[0]
            if table.digits[n] is not None:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            for run in paragraph.runs:
                run.font.size = Pt(11)


def docx_bytes(view: AssessmentView) -> bytes:
    """The assessment report as a DOCX file."""
    a = view.assessment
    facility = a.facility
    document = Document()
    _style(document)
    agency = a.consultant_agency.name if a.consultant_agency else ""
    _centred(document, agency.upper(), bold=True)
    _centred(document, _("Cleaner Production in Industry programme"), italic=True)
    document.add_paragraph()
    title = document.add_paragraph(style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(_("REPORT OF THE %(kind)s") % {"kind": a.get_kind_display().upper()})
    _centred(document, facility.name, bold=True)
    _centred(document, _("Reference %(ref)s · started on %(start)s%(end)s") % {
        "ref": a.reference, "start": formatting.day(a.started_on),
        "end": _(" · finished on %(day)s") % {"day": formatting.day(a.finished_on)}
        if a.finished_on else ""})
    parts = tables(view)
    by_key = {t.key: t for t in parts}

    document.add_heading(_("1. The facility"), level=1)
    for label, value in ((_("Facility name"), facility.name), (_("Tax code"), facility.tax_code),
                         (_("Address"), facility.address or formatting.NO_VALUE),
                         (_("Administrative unit"), facility.admin_unit.name),
                         (_("VSIC division"), str(facility.vsic)),
                         (_("Consulting agency"), agency or formatting.NO_VALUE)):
        document.add_paragraph(printable(f"{label}: {value}"))
    document.add_heading(_("2. The CP team"), level=1)
    _table(document, by_key["team"])
    document.add_heading(_("3. The process and the focus"), level=1)
    for s in view.steps:
        mark = _(" (focus step)") if s.step.is_focus else ""
        document.add_paragraph(printable(f"{s.step.name}{mark}"), style="List Number")
    document.add_paragraph(printable(_("Focus of the assessment: %(focus)s") % {
        "focus": a.focus or formatting.NO_VALUE}))
    document.add_heading(_("4. Balance of materials, energy and water"), level=1)
    _table(document, by_key["balance"])
    document.add_heading(_("5. Waste streams and their cost"), level=1)
    _table(document, by_key["waste"])
    document.add_heading(_("6. CP options and their feasibility"), level=1)
    _table(document, by_key["options"])
    document.add_paragraph(_(
        "Payback = investment ÷ yearly saving; NPV with the investment in year 0 and the "
        "yearly saving at the end of each year of the lifetime; CO₂e = electricity saved × "
        "the grid emission factor of the year of implementation (else of the start)."))
    document.add_heading(_("7. Implemented options and verified savings"), level=1)
    _table(document, by_key["savings"])
    if "funding" in by_key:
        document.add_heading(_("8. Funding of the pilot model"), level=1)
        _table(document, by_key["funding"])
    document.add_heading(_("Conclusions"), level=1)
    document.add_paragraph(_(
        "%(options)s options, %(done)s of them implemented: an investment of %(invest)s "
        "million VND saving %(saving)s million VND, %(kwh)s kWh and %(co2e)s t CO₂e a year.")
        % {"options": len(view.options), "done": len(view.implemented),
           "invest": formatting.number(view.total("investment_mvnd", implemented=True)),
           "saving": formatting.number(view.total("annual_saving_mvnd", implemented=True)),
           "kwh": formatting.number(view.total("electricity_kwh_saved_yr", implemented=True)),
           "co2e": formatting.number(view.co2e_implemented_t_yr, 2)})
    if a.summary:
        document.add_paragraph(printable(a.summary))
    closing = document.add_paragraph(_("Done on %(day)s") % {
        "day": formatting.day(timezone.localdate())})
    closing.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- XLSX -----------------------------------------------------------------------------


def _format(digits: int | None) -> str | None:
    if digits is None:
        return None
    if digits == NATURAL:
        return "#,##0.###"
    return "#,##0" if digits == 0 else "#,##0." + "0" * digits


def xlsx_bytes(view: AssessmentView) -> bytes:
    """The report's tables, one sheet each, figures as numbers."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables(view):
        sheet = workbook.create_sheet(table.key)
        exporting.put(sheet.cell(1, 1), table.title).font = Font(bold=True)
        for col, header in enumerate(table.headers, start=1):
            exporting.put(sheet.cell(2, col), header).font = Font(bold=True)
        for r, row in enumerate(table.rows, start=3):
            for col, (value, digits) in enumerate(zip(row, table.digits, strict=True),
                                                  start=1):
                exporting.put(sheet.cell(r, col), value, _format(digits))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
