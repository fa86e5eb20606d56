"""Appendix I and II written out as CSV (for machines) and XLSX (as the province prints them).

CSV: one row per task / budget line, stable English column names, amounts in million VND as
plain numbers ("1000", "12.5"); an empty cell where the appendix prints nothing. XLSX: the
printed layout — title, merged two-row headers, group rows, a total row, ``#,##0``. Both go
through the one exporter (``sxsh.core.exporting``): the CSV is its list, the printed layout
writes every cell with its ``put`` (numbers as numbers, text never a formula).
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from sxsh.core import exporting

from . import models as m
from .selectors import BudgetTable, plan_budget, plan_task_groups

APPENDICES = ("I", "II")
FORMATS = exporting.FORMATS
NUMBER_FORMAT = "#,##0"
NUMBER_FORMAT_MVND = "#,##0.###"
#: The appendices' CSV has always ended its lines with a bare line feed; kept, so that what
#: reads it sees the same lines.
LINE_END = "\n"


def export_filename(plan: m.Plan, appendix: str, fmt: str) -> str:
    return f"{plan.code}-phu-luc-{appendix.lower()}.{fmt}"


def plan_export(plan: m.Plan, *, appendix: str, fmt: str) -> bytes:
    """Appendix ``appendix`` (I or II) of ``plan`` as ``fmt`` (csv or xlsx) bytes."""
    if appendix not in APPENDICES or fmt not in FORMATS:
        raise ValueError(f"appendix {appendix!r} / format {fmt!r}")
    if appendix == "I":
        return _csv(APPENDIX_I_COLUMNS, appendix_i_rows(plan)) if fmt == "csv" else (
            appendix_i_xlsx(plan))
    table = plan_budget(plan)
    return _csv(appendix_ii_columns(table), appendix_ii_rows(table)) if fmt == "csv" else (
        appendix_ii_xlsx(table))


def _csv(columns: list[str], rows: Iterator[list]) -> bytes:
    return b"".join(exporting.csv_chunks(columns, rows, line_end=LINE_END))


# --- Appendix I ---------------------------------------------------------------------

APPENDIX_I_COLUMNS = ["group", "code", "content", "purpose", "expected_result", "lead",
                      "partners", "start_year", "end_year"]


def _partners(task: m.Task) -> list[str]:
    return [a.name for a in task.partner_agencies.all()] + task.other_partner_list


def appendix_i_rows(plan: m.Plan) -> Iterator[list]:
    """One row per task, in ``APPENDIX_I_COLUMNS``."""
    for group in plan_task_groups(plan):
        for task in group.tasks.all():
            yield [
                group.code, task.code, task.content, task.purpose, task.expected_result,
                task.lead_agency.name if task.lead_agency else "", "; ".join(_partners(task)),
                task.start_year, task.end_year,
            ]


THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="E8EEF4")
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _title(ws, plan: m.Plan, heading: str, width: int) -> int:
    attached = (_("(Attached to decision No. %(number)s of %(date)s)")
                if plan.document_type == m.Plan.DocumentType.DECISION
                else _("(Attached to plan No. %(number)s of %(date)s)"))
    lines = [heading, plan.title.upper(),
             attached % {"number": plan.number, "date": plan.issued_on.strftime("%d/%m/%Y")}]
    for row, text in enumerate(lines, start=1):
        exporting.put(ws.cell(row=row, column=1), text).font = Font(bold=row < 3,
                                                                    italic=row == 3)
        ws.cell(row=row, column=1).alignment = CENTER
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    return len(lines) + 2


def _box(ws, row: int, col: int, value, *, bold: bool = False, number: bool = False,
         align: Alignment = WRAP):
    cell = exporting.put(ws.cell(row=row, column=col), value)
    cell.border = BORDER
    cell.alignment = align
    if bold:
        cell.font = BOLD
    if number:
        cell.number_format = NUMBER_FORMAT
    return cell


def appendix_i_xlsx(plan: m.Plan) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Appendix I")
    headers = [_("No."), _("Content"), _("Purpose"), _("Expected result"),
               _("Responsibility"), _("Timeframe")]
    row = header_row = _title(ws, plan, _("APPENDIX I — LIST OF THE MAIN TASKS"), len(headers))
    for col, text in enumerate(headers, start=1):
        _box(ws, row, col, text, bold=True, align=CENTER).fill = HEAD_FILL
    for group in plan_task_groups(plan):
        row += 1
        _box(ws, row, 1, group.code, bold=True)
        _box(ws, row, 2, group.title, bold=True)
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=len(headers))
        for task in group.tasks.all():
            row += 1
            lead = task.lead_agency.name if task.lead_agency else ""
            partners = "; ".join(_partners(task))
            who = task.responsibility_text or "\n".join(
                p for p in (_("Lead: %(lead)s") % {"lead": lead},
                            _("Partners: %(partners)s") % {"partners": partners} if partners
                            else "") if p)
            for col, value in enumerate([task.code, task.content, task.purpose,
                                         task.expected_result, who, task.timeframe], start=1):
                _box(ws, row, col, value)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.print_title_rows = f"{header_row}:{header_row}"
    _fit(ws, dict(enumerate([6, 40, 35, 35, 40, 12], start=1)))
    return _save(wb)


def _fit(ws, widths: dict[int, float]) -> None:
    """Row heights for wrapped text (no spreadsheet sizes them from a file), A4 landscape,
    one page wide, headers repeated on every page."""
    for row in ws.iter_rows(min_row=1, max_row=ws.max_row):
        lines = 1
        for cell in row:
            width = widths.get(cell.column)
            if width and isinstance(cell.value, str) and cell.row > 3:
                chars_per_line = max(int(width * 1.15), 1)
                wrapped = sum(-(-max(len(part), 1) // chars_per_line)
                              for part in cell.value.split("\n"))
                lines = max(lines, wrapped)
        if lines > 1:
            ws.row_dimensions[row[0].row].height = 15 * lines
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _save(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- Appendix II --------------------------------------------------------------------


def appendix_ii_columns(table: BudgetTable) -> list[str]:
    columns = ["code", "content", "unit"]
    for year in table.years:
        columns += [f"qty_{year}", f"amount_{year}"]
    return columns + ["total"] + [source.code for source in table.sources]


def appendix_ii_rows(table: BudgetTable) -> Iterator[list]:
    """One row per budget line, then the total row, in ``appendix_ii_columns``."""
    for row in table.rows:
        cells = [row.line.code, row.line.content, row.line.unit]
        for year in table.years:
            cells += list(row.cells.get(year, (None, None)))
        cells.append(row.total)
        cells += [row.sources.get(source.code) for source in table.sources]
        yield cells
    totals = ["TOTAL", _("TOTAL"), ""]
    for year in table.years:
        totals += [None, table.year_total(year)]
    totals.append(table.total)
    totals += [amount for _source, amount in table.source_totals]
    yield totals


def appendix_ii_xlsx(table: BudgetTable) -> bytes:
    plan = table.plan
    wb = Workbook()
    ws = wb.active
    ws.title = _("Appendix II")
    years, sources = table.years, table.sources
    width = 3 + 2 * len(years) + 1 + len(sources)
    row = _title(ws, plan, _("APPENDIX II — BUDGET"), width)
    exporting.put(ws.cell(row=row - 1, column=width), _("Unit: million VND")).alignment = (
        Alignment(horizontal="right"))
    top, sub = row, row + 1
    for col, text in enumerate([_("No."), _("Content"), _("Unit")], start=1):
        _box(ws, top, col, text, bold=True, align=CENTER)
        _box(ws, sub, col, None)
        ws.merge_cells(start_row=top, start_column=col, end_row=sub, end_column=col)
    col = 4
    for year in years:
        _box(ws, top, col, _("Year %(year)d") % {"year": year}, bold=True, align=CENTER)
        _box(ws, top, col + 1, None)
        ws.merge_cells(start_row=top, start_column=col, end_row=top, end_column=col + 1)
        _box(ws, sub, col, _("Quantity"), bold=True, align=CENTER)
        _box(ws, sub, col + 1, _("Amount"), bold=True, align=CENTER)
        col += 2
    _box(ws, top, col, _("Total"), bold=True, align=CENTER)
    _box(ws, sub, col, None)
    ws.merge_cells(start_row=top, start_column=col, end_row=sub, end_column=col)
    total_col = col
    _box(ws, top, col + 1, _("Funding sources"), bold=True, align=CENTER)
    for i, source in enumerate(sources, start=1):
        if i > 1:
            _box(ws, top, col + i, None)
        _box(ws, sub, col + i, source.name, bold=True, align=CENTER)
    if len(sources) > 1:
        ws.merge_cells(start_row=top, start_column=col + 1, end_row=top,
                       end_column=col + len(sources))
    for r in (top, sub):
        for c in range(1, width + 1):
            ws.cell(row=r, column=c).fill = HEAD_FILL
    row = sub
    for section in table.sections:
        if section.group is not None:
            row += 1
            _box(ws, row, 1, section.group.code, bold=True)
            _box(ws, row, 2, section.group.title, bold=True)
            for c in range(3, width + 1):
                _box(ws, row, c, None)
        for line_row in section.rows:
            row += 1
            line = line_row.line
            _box(ws, row, 1, line.code)
            _box(ws, row, 2, line.content)
            _box(ws, row, 3, line.unit)
            col = 4
            for year in years:
                qty, amount = line_row.cells.get(year, (None, None))
                _box(ws, row, col, qty, number=True)
                _box(ws, row, col + 1, amount, number=True)
                col += 2
            _box(ws, row, total_col, line_row.total, number=True)
            for i, source in enumerate(sources, start=1):
                _box(ws, row, total_col + i, line_row.sources.get(source.code),
                     number=True)
    row += 1
    _box(ws, row, 1, None)
    _box(ws, row, 2, _("GRAND TOTAL"), bold=True)
    _box(ws, row, 3, None)
    col = 4
    for year in years:
        _box(ws, row, col, None)
        _box(ws, row, col + 1, table.year_total(year), bold=True, number=True)
        col += 2
    _box(ws, row, total_col, table.total, bold=True, number=True)
    for i, (_source, amount) in enumerate(table.source_totals, start=1):
        _box(ws, row, total_col + i, amount, bold=True, number=True)
    widths = {1: 6, 2: 48, 3: 14} | {c: 10 for c in range(4, width + 1)}
    for i in range(1, len(sources) + 1):
        widths[total_col + i] = 13
    ws.freeze_panes = ws.cell(row=sub + 1, column=3)
    ws.print_title_rows = f"{top}:{sub}"
    _fit(ws, widths)
    return _save(wb)


# --- A year's execution: planned, estimated, appraised, approved and spent ---------------

EXECUTION_FIGURES = ("planned", "estimated", "appraised", "approved", "committed", "disbursed",
                     "settled")


def execution_columns() -> list[exporting.Column]:
    """The columns of a year's budget, Vietnamese headers (in the active language); the
    source's code is kept in a column of its own for whoever reads the file by machine."""
    money = [_("Planned"), _("Estimated"), _("Appraised"), _("Approved"), _("Committed"),
             _("Disbursed"), _("Settled")]
    return [exporting.Column(_("No.")), exporting.Column(_("Content")),
            exporting.Column(_("Funding source")), exporting.Column(_("Source code")),
            *(exporting.Column(header, NUMBER_FORMAT_MVND) for header in money),
            exporting.Column(_("Status"))]


def execution_rows(execution) -> Iterator[list]:
    """One row per budget line and source (``year_execution``'s rows) with its warnings or
    status, then a total row per source and one for the year; million VND, an empty cell
    where there is no figure (no estimate, no appraisal, no decision)."""
    for row in execution.rows:
        status = row.warnings or ([row.status.message] if row.status else [])
        yield [row.line.code, row.line.content, row.source.name, row.source.code,
               *(getattr(row, f) for f in EXECUTION_FIGURES), " ".join(status)]
    for source in execution.plan.funding_sources.all():
        yield ["", _("Total"), source.name, source.code,
               *(execution.total(f, source) for f in EXECUTION_FIGURES), ""]
    yield ["", _("GRAND TOTAL"), "", "", *(execution.total(f) for f in EXECUTION_FIGURES),
           execution.above_plan_message]


def execution_filename(execution) -> str:
    return f"{execution.plan.code}-thuc-hien-{execution.year}"
