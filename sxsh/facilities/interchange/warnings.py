"""Data-quality warnings of imported reports, computed after the write in streaming passes.

The same rules as at entry (``quality``): the SEC change against the facility's previous
report, and the sector outlier against the other submitted or accepted reports of the
same VSIC division and year. Computed once for all rows of a file, after all of them are
written, so that a previous year later in the file still counts. Memory holds one chunk
of 1 000 facilities, or one division-year group, at a time.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from .. import quality
from ..models import Report
from ..selectors import REVIEWABLE

CHUNK = 1000
SEC_FIELDS = ("production", *quality.CATEGORIES.values())
# Above this many peers, leaving one report out moves the median and the MAD by a
# negligible amount: the group's own statistics judge every member.
EXACT_PEERS = 300


def _sec(row: tuple) -> dict[str, Decimal | None]:
    return quality.sec(dict(zip(SEC_FIELDS, row, strict=True)))


def sec_change(report_ids: set[int], facility_ids: Iterable[int]) -> dict[int, list[dict]]:
    """SEC-change warnings of the given reports against each facility's previous report."""
    found: dict[int, list[dict]] = {}
    ids = sorted(facility_ids)
    for start in range(0, len(ids), CHUNK):
        rows = (Report.objects.filter(facility_id__in=ids[start:start + CHUNK])
                .order_by("facility_id", "year")
                .values_list("pk", "facility_id", "year", *SEC_FIELDS))
        previous: tuple | None = None
        for pk, fid, year, *values in rows.iterator(chunk_size=CHUNK):
            if pk in report_ids and previous is not None and previous[0] == fid:
                warnings = quality.sec_change_warnings(_sec(tuple(values)), previous[2],
                                                       previous[1])
                if warnings:
                    found[pk] = warnings
            previous = (fid, year, _sec(tuple(values)))
    return found


def outliers(report_ids: set[int], groups: Iterable[tuple[int, int]]) -> dict[int, list[dict]]:
    """Sector-outlier warnings of the given reports, one division-year group at a time."""
    found: dict[int, list[dict]] = {}
    for vsic_id, year in sorted(groups):
        rows = list(Report.objects.filter(
            facility__vsic_id=vsic_id, year=year, status__in=REVIEWABLE, production__gt=0,
        ).values_list("pk", *SEC_FIELDS).iterator(chunk_size=CHUNK))
        secs = [(pk, _sec(tuple(values))) for pk, *values in rows]
        large = len(secs) > EXACT_PEERS
        whole = {cat: [s[cat] for _, s in secs if s[cat] is not None]
                 for cat in quality.CATEGORIES}
        stats = ({cat: quality.median_mad(values) for cat, values in whole.items() if values}
                 if large else None)
        for index, (pk, current) in enumerate(secs):
            if pk not in report_ids:
                continue
            if large:
                peers = whole
            else:
                others = secs[:index] + secs[index + 1:]
                peers = {cat: [s[cat] for _, s in others if s[cat] is not None]
                         for cat in quality.CATEGORIES}
            warnings = quality.outlier_warnings(current, peers, stats)
            if warnings:
                found[pk] = warnings
    return found


def store(report_ids: set[int], facility_ids: Iterable[int],
          groups: Iterable[tuple[int, int]]) -> int:
    """Compute and store the warnings of imported reports; the number of reports flagged."""
    found = sec_change(report_ids, facility_ids)
    for pk, warnings in outliers(report_ids, groups).items():
        found.setdefault(pk, []).extend(warnings)
    flagged = []
    for pk, warnings in found.items():
        report = Report(pk=pk, quality_warnings=warnings)
        flagged.append(report)
    Report.objects.bulk_update(flagged, ["quality_warnings"], batch_size=CHUNK)
    return len(flagged)
