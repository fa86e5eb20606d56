"""The templates people fill: an Excel workbook with Vietnamese labels, drop-downs, number
formats and a guide; the same rows as CSV.

The data sheet comes first (the importers read the first sheet): the labels in row 1, the
column codes in row 2 (hidden; the reader takes the columns from it, ``files.read_header``),
the rows from row 3. Drop-downs read their lists from a hidden sheet. When an enterprise
downloads the reports template, its facilities' tax codes and names and the year to report
are filled in.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from sxsh.core import exporting
from sxsh.core.capabilities import can
from sxsh.core.models import AdminUnit, User, VsicDivision

from ..models import Facility, Report, current_year
from ..services import registration_area
from .columns import (
    FACILITY_COLUMNS,
    PRODUCT_UNITS,
    REPORT_COLUMNS,
    REPORT_DECIMALS,
    REPORT_OPTIONAL,
    REPORT_TEMPLATE_ONLY,
)

#: The rows of the data sheet that carry the drop-downs and the number formats.
ROWS = 1000
#: At most this many facilities are filled in for an enterprise.
PREFILLED = 100
FIRST_DATA_ROW = 3
QUANTITY = "#,##0.0##"
WHOLE = "#,##0"
YEAR = "0"
TEXT = "@"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


@dataclass(frozen=True)
class Spec:
    """How a column of the template looks: width, number format, drop-down list."""

    width: int
    number_format: str = TEXT
    choices: str = ""  # a key of the lists sheet


REPORT_SPECS: dict[str, Spec] = {
    "tax_code": Spec(16), "facility_name": Spec(36), "year": Spec(10, YEAR),
    "baseline_year": Spec(10, YEAR),
    **dict.fromkeys(("aware", "cp_staff", "cp_applied"), Spec(14, YEAR, "yes_no")),
    "product_unit": Spec(16, TEXT, "units"), "coal_grade": Spec(12, TEXT, "coal"),
    **dict.fromkeys(REPORT_DECIMALS, Spec(16, QUANTITY)),
    **dict.fromkeys(REPORT_OPTIONAL, Spec(48)),
}
FACILITY_SPECS: dict[str, Spec] = {
    "tax_code": Spec(16), "name": Spec(36), "address": Spec(36),
    "admin_unit": Spec(28, TEXT, "admin_units"), "vsic": Spec(36, TEXT, "vsic"),
    "employees": Spec(14, WHOLE), "revenue_bn_vnd": Spec(14, QUANTITY),
    "capital_bn_vnd": Spec(14, QUANTITY), "opened_year": Spec(10, YEAR),
    "closed_year": Spec(10, YEAR), "industrial_zone": Spec(24),
}


def template_columns(kind: str) -> dict[str, Any]:
    """The template's columns (code → label): the import's, and for reports the facility's
    name beside its tax code (read past on import)."""
    if kind == "facilities":
        return dict(FACILITY_COLUMNS)
    codes = list(REPORT_COLUMNS)
    return {codes[0]: REPORT_COLUMNS[codes[0]], **REPORT_TEMPLATE_ONLY,
            **{c: REPORT_COLUMNS[c] for c in codes[1:]}}


def prefilled_rows(kind: str, user: User | None) -> list[dict[str, Any]]:
    """The rows filled in for ``user``: for an enterprise, each of its facilities with the
    year to report (last year); else none. One query."""
    if kind != "reports" or user is None or not can(user, "facilities.linked_account"):
        return []
    year = current_year() - 1
    facilities = Facility.objects.for_user(user).order_by("tax_code").values_list(
        "tax_code", "name")[:PREFILLED]
    return [{"tax_code": tax, "facility_name": name, "year": year}
            for tax, name in facilities]


def template_file(kind: str, fmt: str, *, user: User | None = None) -> Iterator[bytes]:
    """The template of ``kind`` (reports, facilities) as ``fmt`` (csv, xlsx) bytes."""
    columns = template_columns(kind)
    rows = prefilled_rows(kind, user)
    if fmt == "csv":
        # The same rows as the workbook: labels, then codes, then the filled-in rows.
        return exporting.export("csv", [str(v) for v in columns.values()],
                                [list(columns), *([r.get(c) for c in columns] for r in rows)])
    out = io.BytesIO()
    _workbook(kind, columns, rows, user).save(out)
    return iter([out.getvalue()])


def _workbook(kind: str, columns: dict[str, Any], rows: list[dict[str, Any]],
              user: User | None) -> Workbook:
    book = Workbook()
    data = book.active
    data.title = _("Reports") if kind == "reports" else _("Facilities")
    guide = book.create_sheet(_("Guide"))
    lists = book.create_sheet(_("Lists"))
    lists.sheet_state = "hidden"
    specs = REPORT_SPECS if kind == "reports" else FACILITY_SPECS
    ranges = _lists(lists, kind, user)
    for number, (code, label) in enumerate(columns.items(), start=1):
        spec = specs[code]
        letter = get_column_letter(number)
        head = exporting.put(data.cell(row=1, column=number), str(label))
        head.font, head.fill = Font(bold=True), HEADER_FILL
        head.alignment = Alignment(wrap_text=True, vertical="top")
        exporting.put(data.cell(row=2, column=number), code)
        dimension = data.column_dimensions[letter]
        dimension.width, dimension.number_format = spec.width, spec.number_format
        if spec.choices in ranges:
            _drop_down(data, letter, ranges[spec.choices], spec.choices)
    for offset, row in enumerate(rows):
        for number, code in enumerate(columns, start=1):
            if code in row:
                exporting.put(data.cell(row=FIRST_DATA_ROW + offset, column=number),
                              row[code], specs[code].number_format)
    data.row_dimensions[1].height = 48
    data.row_dimensions[2].hidden = True
    data.freeze_panes = "C3"
    _guide(guide, kind, columns, data.title)
    return book


def _lists(sheet: Worksheet, kind: str, user: User | None) -> dict[str, str]:
    """Write the drop-downs' lists, one per column of ``sheet``; their ranges by key."""
    if kind == "reports":
        lists: dict[str, list[Any]] = {"yes_no": [1, 0], "units": list(PRODUCT_UNITS),
                 "coal": list(Report.CoalGrade.values)}
    else:
        units = AdminUnit.objects.exclude(level=AdminUnit.Level.PROVINCE)
        area = registration_area(user)
        if area is not None:
            units = units.filter(pk__in=area)
        pairs = list(units.order_by("name").values_list("code", "name"))
        names = [name for _code, name in pairs]
        # A name that two units bear would import as the first: those are listed by code.
        lists = {"admin_units": [name if names.count(name) == 1 else code
                                 for code, name in pairs],
                 "vsic": [f"{code} – {name}" for code, name in
                          VsicDivision.objects.filter(code__gte="10", code__lte="33")
                          .values_list("code", "name_vi")]}
    ranges = {}
    for number, (key, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(number)
        exporting.put(sheet.cell(row=1, column=number), key)
        for row, value in enumerate(values, start=2):
            exporting.put(sheet.cell(row=row, column=number), value)
        last = max(len(values) + 1, 2)
        ranges[key] = f"{quote_sheetname(sheet.title)}!${letter}$2:${letter}${last}"
    return ranges


def _drop_down(sheet: Worksheet, letter: str, source: str, key: str) -> None:
    free = key == "units"  # a product unit not in the list is still a product unit
    prompts = {
        "yes_no": _("1 for yes, 0 for no; leave empty if unknown."),
        "units": _("Choose a unit or type another."),
        "coal": _("coal_1, coal_2 or coal_3: the grade of the coal."),
        "admin_units": _("Choose the administrative unit."),
        "vsic": _("Choose the VSIC division (10–33)."),
    }
    validation = DataValidation(type="list", formula1=source, allow_blank=True,
                                showErrorMessage=not free, showInputMessage=True,
                                prompt=prompts[key],
                                error=_("Choose a value from the list."))
    validation.add(f"{letter}{FIRST_DATA_ROW}:{letter}{FIRST_DATA_ROW + ROWS - 1}")
    sheet.add_data_validation(validation)


def _guide(sheet: Worksheet, kind: str, columns: dict[str, Any], data_title: str) -> None:
    lines = [
        _("How to fill in this template"),
        _("Fill in the sheet “%(sheet)s” from row 3, one row per record. Do not change "
          "row 1 (the column labels) or the hidden row 2 (the column codes): the import "
          "reads the columns from them.") % {"sheet": data_title},
        _("Where a cell has a drop-down list, choose from it. Yes/no questions: 1 for yes, "
          "0 for no, empty if unknown."),
        _("Type numbers as numbers, without units or thousands separators: the cells "
          "group the thousands themselves. At most three decimals are kept."),
        _("Every row is checked before anything is imported. If a row is wrong nothing is "
          "imported, all the errors are listed at once, and you can download your file back "
          "with each error marked in the column “%(errors)s” and on its cell.")
        % {"errors": _("Errors")},
    ]
    if kind == "reports":
        lines += [
            _("The tax code and the year are required; the facility's name is there to help "
              "you and is not imported."),
            _("A report whose figures raise a data-quality warning (a specific consumption "
              "that moved more than 50 %% from the previous year, or far from its sector) "
              "needs an explanation in the column “%(column)s”, as on the report form.")
            % {"column": REPORT_COLUMNS["quality_comment"]},
            _("An uploaded report is submitted for review. A report that is submitted and "
              "waiting for review, or accepted, cannot be changed by an upload, as on the "
              "form."),
        ]
    for row, line in enumerate(lines, start=1):
        exporting.put(sheet.cell(row=row, column=1), line)
    sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
    start = len(lines) + 2
    for number, title in enumerate((_("Column"), _("Code")), start=1):
        exporting.put(sheet.cell(row=start, column=number), title).font = Font(bold=True)
    for row, (code, label) in enumerate(columns.items(), start=start + 1):
        exporting.put(sheet.cell(row=row, column=1), str(label))
        exporting.put(sheet.cell(row=row, column=2), code)
    sheet.column_dimensions["A"].width = 60
    sheet.column_dimensions["B"].width = 22
    for row in range(1, len(lines) + 1):
        sheet.cell(row=row, column=1).alignment = Alignment(wrap_text=True)
