"""A drill-down list as a download, through the one exporter (``sxsh.core.exporting``)."""

from __future__ import annotations

from django.http.response import HttpResponseBase

from sxsh.core.exporting import Column, export_response

from .selectors import SAVING_KEYS, DrillDown

#: Savings are fractions (0.1): XLSX shows them as percentages, CSV keeps the fraction.
SAVING_FORMAT = "0.0%"


def drilldown_response(drill: DrillDown, fmt: str, *, filename: str,
                       title: str) -> HttpResponseBase:
    columns = [Column(str(label), SAVING_FORMAT if key in SAVING_KEYS else None)
               for key, label in drill.columns]
    return export_response(fmt, columns, drill.rows(), filename=filename, title=title)
