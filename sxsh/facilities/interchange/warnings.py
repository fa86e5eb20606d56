"""Data-quality warnings of imported reports, computed after the write in streaming passes.

The same rules as at entry (``quality``): the SEC change against the facility's previous
report, and the sector outlier against the other submitted or accepted reports of the
same VSIC division and year. Computed once for all rows of a file, after all of them are
written, so that a previous year later in the file still counts. A report counts as
written by the import when its ``updated_at`` is not before the import's start (inside
its transaction), so no list of written rows is kept.

Memory holds one chunk of 1 000 facilities and its warnings, or the SEC values of one
division-year group and its outliers, at a time: each chunk's warnings are stored before
the next is read. A large group keeps its SEC values as floats (8 bytes each rather than a
Decimal's 100), only to take its median and MAD.

Each group is read once; a large one (judged by its own median and MAD) a second time for
its candidates only: the written reports whose SEC lies near or beyond the band the rule
draws (the database narrows, ``quality.outlier_warnings`` decides). Whether a report was
written by the import is asked of the database (``fresh``), not read as a time.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import BooleanField, ExpressionWrapper, F, Q

from sxsh.core.bulk import update_rows

from .. import quality
from ..models import Report
from ..selectors import REVIEWABLE

CHUNK = 1000
SEC_FIELDS = ("production", *quality.CATEGORIES.values())
# Above this many peers, leaving one report out moves the median and the MAD by a
# negligible amount: the group's own statistics judge every member (computed once).
EXACT_PEERS = 300
#: The candidates of a large group: a band this much narrower than the rule's, so that no
#: report the rule warns is left out by the database's arithmetic (floats on SQLite).
CANDIDATE_MARGIN = Decimal("0.99")


def _fresh(since: dt.datetime) -> ExpressionWrapper:
    """True for a report written since ``since`` (by this import)."""
    return ExpressionWrapper(Q(updated_at__gte=since), output_field=BooleanField())


def _sec(values) -> dict[str, Decimal | None]:
    return quality.sec(dict(zip(SEC_FIELDS, values, strict=True)))


def sec_change(since: dt.datetime, facility_ids: Iterable[int]) -> int:
    """Store the SEC-change warnings of the written reports against each facility's
    previous one (``facility_ids`` in increasing order); the number of reports warned."""
    warned = 0
    chunk: list[int] = []
    for fid in facility_ids:
        chunk.append(fid)
        if len(chunk) >= CHUNK:
            warned += _sec_change_chunk(since, chunk)
            chunk.clear()
    if chunk:
        warned += _sec_change_chunk(since, chunk)
    return warned


def _sec_change_chunk(since: dt.datetime, ids: list[int]) -> int:
    found: list[tuple[int, list[dict]]] = []
    rows = (Report.objects.filter(facility_id__in=ids).order_by("facility_id", "year")
            .values_list("pk", "facility_id", "year", _fresh(since), *SEC_FIELDS))
    previous: tuple | None = None
    for pk, fid, year, fresh, *values in rows.iterator(chunk_size=CHUNK):
        current = _sec(values)
        if fresh and previous is not None and previous[0] == fid:
            warnings = quality.sec_change_warnings(current, previous[2], previous[1])
            if warnings:
                found.append((pk, warnings))
        previous = (fid, year, current)
    update_rows(Report, "quality_warnings", found)
    return len(found)


def outliers(since: dt.datetime, groups: Iterable[tuple[int, int]]) -> int:
    """Store the sector-outlier warnings of the written reports, one division-year group at
    a time, after the SEC-change warnings they may already have; the number of reports
    warned that had none."""
    warned = 0
    for vsic_id, year in sorted(groups):
        found = _group_outliers(since, vsic_id, year)
        before = dict(Report.objects.filter(pk__in=[pk for pk, _ in found])
                      .values_list("pk", "quality_warnings"))
        warned += sum(1 for pk, _ in found if not before[pk])
        update_rows(Report, "quality_warnings", [(pk, before[pk] + w) for pk, w in found])
    return warned


def _group_outliers(since: dt.datetime, vsic_id: int, year: int) -> list[tuple[int, list]]:
    group = (Report.objects.filter(facility__vsic_id=vsic_id, year=year,
                                   status__in=REVIEWABLE, production__gt=0).order_by("pk"))
    whole: dict[str, list[Decimal]] = {cat: [] for cat in quality.CATEGORIES}
    floats = {cat: array("d") for cat in quality.CATEGORIES}
    # A small group's written reports, kept from the one read (at most EXACT_PEERS)
    written: list[tuple[int, dict[str, Decimal | None]]] = []
    count = 0
    for pk, fresh, *values in group.values_list(
            "pk", _fresh(since), *SEC_FIELDS).iterator(chunk_size=CHUNK):
        count += 1
        current = _sec(values)
        for cat, value in current.items():
            if value is not None:
                floats[cat].append(float(value))
                if count <= EXACT_PEERS:
                    whole[cat].append(value)
        if fresh and count <= EXACT_PEERS:
            written.append((pk, current))
    if count > EXACT_PEERS:
        stats = {cat: _median_mad(v) for cat, v in floats.items() if v}
        written = ((pk, _sec(values)) for pk, *values in _candidates(group, since, stats)
                   .values_list("pk", *SEC_FIELDS).iterator(chunk_size=CHUNK))
    found: list[tuple[int, list]] = []
    for pk, current in written:
        # A large group's members are judged by its statistics: only its size is read.
        peers = floats if count > EXACT_PEERS else {
            cat: _without(whole[cat], current[cat]) for cat in quality.CATEGORIES}
        warnings = quality.outlier_warnings(current, peers,
                                            stats if count > EXACT_PEERS else None)
        if warnings:
            found.append((pk, warnings))
    return found


def _candidates(group, since: dt.datetime, stats: dict[str, tuple[Decimal, Decimal]]):
    """The written reports of a large group whose SEC in some category lies outside a band
    slightly narrower than the rule's (|0,6745·(SEC − median)/MAD| > 3,5): a superset of
    those the rule warns, which ``quality.outlier_warnings`` then judges."""
    near = Q(pk__in=[])
    for cat, (med, mad) in stats.items():
        if not mad:
            continue  # no modified z-score: no warning in this category
        width = quality.OUTLIER_LIMIT * mad / Decimal("0.6745") * CANDIDATE_MARGIN
        field = quality.CATEGORIES[cat]
        near |= Q(**{f"{field}__lt": F("production") * (med - width)})
        near |= Q(**{f"{field}__gt": F("production") * (med + width)})
    return group.filter(near, updated_at__gte=since)


def _median_mad(values: array) -> tuple[Decimal, Decimal]:
    """``quality.median_mad`` of a large group, from its SEC values as floats."""
    ordered = sorted(values)
    med = _median(ordered)
    deviations = sorted(abs(v - med) for v in ordered)
    return Decimal(repr(med)), Decimal(repr(_median(deviations)))


def _median(ordered: list[float]) -> float:
    n = len(ordered)
    return ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2


def _without(values: list[Decimal], value: Decimal | None) -> list[Decimal]:
    """The peers of a report: its group without its own value."""
    if value is None:
        return values
    rest = list(values)
    rest.remove(value)
    return rest


def store(since: dt.datetime, facility_ids: Iterable[int],
          groups: Iterable[tuple[int, int]]) -> int:
    """Compute and store the warnings of the reports written since ``since``; the number of
    reports warned."""
    return sec_change(since, facility_ids) + outliers(since, groups)
