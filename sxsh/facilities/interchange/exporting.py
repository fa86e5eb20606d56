"""Export of the register and the reports in the import format, and the blank templates."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain
from typing import Any

from django.db.models import QuerySet

from sxsh.core import exporting
from sxsh.core.models import SizeThreshold

from ..models import Facility, Report
from .columns import (
    FACILITY_COLUMNS,
    FACILITY_READABLE_COLUMNS,
    REPORT_COLUMNS,
    REPORT_READABLE_COLUMNS,
)
from .template import template_file

KINDS = {"facilities": FACILITY_COLUMNS, "reports": REPORT_COLUMNS}


def facility_rows(facilities: QuerySet[Facility]) -> Iterator[list[Any]]:
    """One row per facility, columns as ``FACILITY_READABLE_COLUMNS`` (the unit's name
    beside its code, the size class in words), in one query, streamed."""
    fields = ["tax_code", "name", "address", "admin_unit__code", "vsic__code", "employees",
              "revenue_bn_vnd", "capital_bn_vnd", "opened_year", "closed_year",
              "industrial_zone", "admin_unit__name", "size_class"]
    sizes = dict(SizeThreshold.Size.choices)
    for row in facilities.order_by("tax_code").values_list(*fields).iterator(chunk_size=2000):
        values = list(row)
        values[-1] = str(sizes.get(values[-1], values[-1]))
        yield values


def report_rows(reports: QuerySet[Report]) -> Iterator[list[Any]]:
    """One row per report, columns as ``REPORT_READABLE_COLUMNS`` (the facility's name and
    the report's status beside them), in one query, streamed."""
    columns = ["facility__tax_code", "facility__name", *list(REPORT_COLUMNS)[1:], "status"]
    statuses = dict(Report.Status.choices)
    qs = reports.order_by("facility__tax_code", "year").values_list(*columns)
    for row in qs.iterator(chunk_size=2000):
        values = list(row)
        values[-1] = str(statuses.get(values[-1], values[-1]))
        yield values


def export(kind: str, rows: Iterable[list[Any]], fmt: str, *,
           template: bool = False) -> Iterator[bytes]:
    """Rows of ``kind`` (facilities, reports) as a CSV or XLSX file in chunks of bytes, or
    the blank template (``template.template_file``)."""
    if template:
        return template_file(kind, fmt)
    # Vietnamese labels head the file and the codes follow in its first row, as in the
    # template: people read it, and it imports back as it is.
    named = FACILITY_READABLE_COLUMNS if kind == "facilities" else REPORT_READABLE_COLUMNS
    return exporting.export(fmt, [str(label) for label in named.values()],
                            chain([list(named)], rows), title=kind)
