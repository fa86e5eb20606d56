"""Data-quality warnings of imported reports, computed after the write in streaming passes.

The same rules as at entry (``quality``): the SEC change against the facility's previous
report, and the sector outlier against the other submitted or accepted reports of the
same VSIC division and year. Computed once for all rows of a file, after all of them are
written, so that a previous year later in the file still counts. A report counts as
written by the import when its ``updated_at`` is not before the import's start (inside
its transaction), so no list of written rows is kept; memory holds one chunk of 1 000
facilities, or the SEC values of one division-year group, at a time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from .. import quality
from ..models import Report
from ..selectors import REVIEWABLE

CHUNK = 1000
SEC_FIELDS = ("production", *quality.CATEGORIES.values())
# Above this many peers, leaving one report out moves the median and the MAD by a
# negligible amount: the group's own statistics judge every member (computed once).
EXACT_PEERS = 300


def _sec(values) -> dict[str, Decimal | None]:
    return quality.sec(dict(zip(SEC_FIELDS, values, strict=True)))


def sec_change(since: dt.datetime, facility_ids: Iterable[int]) -> dict[int, list[dict]]:
    """SEC-change warnings of the written reports against each facility's previous one."""
    found: dict[int, list[dict]] = {}
    ids = sorted(facility_ids)
    for start in range(0, len(ids), CHUNK):
        rows = (Report.objects.filter(facility_id__in=ids[start:start + CHUNK])
                .order_by("facility_id", "year")
                .values_list("pk", "facility_id", "year", "updated_at", *SEC_FIELDS))
        previous: tuple | None = None
        for pk, fid, year, updated_at, *values in rows.iterator(chunk_size=CHUNK):
            current = _sec(values)
            if updated_at >= since and previous is not None and previous[0] == fid:
                warnings = quality.sec_change_warnings(current, previous[2], previous[1])
                if warnings:
                    found[pk] = warnings
            previous = (fid, year, current)
    return found


def outliers(since: dt.datetime, groups: Iterable[tuple[int, int]]) -> dict[int, list[dict]]:
    """Sector-outlier warnings of the written reports, one division-year group at a time."""
    found: dict[int, list[dict]] = {}
    for vsic_id, year in sorted(groups):
        group = (Report.objects.filter(facility__vsic_id=vsic_id, year=year,
                                       status__in=REVIEWABLE, production__gt=0)
                 .order_by("pk").values_list("pk", "updated_at", *SEC_FIELDS))
        whole: dict[str, list[Decimal]] = {cat: [] for cat in quality.CATEGORIES}
        count = 0
        for _pk, _updated, *values in group.iterator(chunk_size=CHUNK):
            count += 1
            for cat, value in _sec(values).items():
                if value is not None:
                    whole[cat].append(value)
        stats = ({cat: quality.median_mad(v) for cat, v in whole.items() if v}
                 if count > EXACT_PEERS else None)
        for pk, updated_at, *values in group.iterator(chunk_size=CHUNK):
            if updated_at < since:
                continue
            current = _sec(values)
            peers = whole if stats else {
                cat: _without(whole[cat], current[cat]) for cat in quality.CATEGORIES}
            warnings = quality.outlier_warnings(current, peers, stats)
            if warnings:
                found[pk] = warnings
    return found


def _without(values: list[Decimal], value: Decimal | None) -> list[Decimal]:
    """The peers of a report: its group without its own value."""
    if value is None:
        return values
    rest = list(values)
    rest.remove(value)
    return rest


def store(since: dt.datetime, facility_ids: Iterable[int],
          groups: Iterable[tuple[int, int]]) -> dict[int, list[dict]]:
    """Compute and store the warnings of the reports written since ``since``; the warnings
    of each report that has some, by its id."""
    found = sec_change(since, facility_ids)
    for pk, warnings in outliers(since, groups).items():
        found.setdefault(pk, []).extend(warnings)
    Report.objects.bulk_update([Report(pk=pk, quality_warnings=w) for pk, w in found.items()],
                               ["quality_warnings"], batch_size=CHUNK)
    return found
