"""Export of the register and the reports in the import format, and the blank templates."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet

from sxsh.core import exporting

from ..models import Facility, Report
from .columns import FACILITY_COLUMNS, FACILITY_EXPORT_COLUMNS, REPORT_COLUMNS
from .template import template_file

KINDS = {"facilities": FACILITY_COLUMNS, "reports": REPORT_COLUMNS}


def facility_rows(facilities: QuerySet[Facility]) -> Iterator[list[Any]]:
    """One row per facility, columns as ``FACILITY_EXPORT_COLUMNS`` (one query, streamed)."""
    qs = facilities.order_by("tax_code").values_list(
        "tax_code", "name", "address", "admin_unit__code", "vsic__code", "employees",
        "revenue_bn_vnd", "capital_bn_vnd", "opened_year", "closed_year", "industrial_zone",
        "size_class",
    )
    for row in qs.iterator(chunk_size=2000):
        yield list(row)


def report_rows(reports: QuerySet[Report]) -> Iterator[list[Any]]:
    """One row per report, columns as ``REPORT_COLUMNS`` (one query, streamed)."""
    columns = ["facility__tax_code", *list(REPORT_COLUMNS)[1:]]
    qs = reports.order_by("facility__tax_code", "year").values_list(*columns)
    for row in qs.iterator(chunk_size=2000):
        yield list(row)


def export(kind: str, rows: Iterable[list[Any]], fmt: str, *,
           template: bool = False) -> Iterator[bytes]:
    """Rows of ``kind`` (facilities, reports) as a CSV or XLSX file in chunks of bytes, or
    the blank template (``template.template_file``)."""
    if template:
        return template_file(kind, fmt)
    columns = FACILITY_EXPORT_COLUMNS if kind == "facilities" else KINDS[kind]
    return exporting.export(fmt, list(columns), rows, title=kind)
