"""Import of yearly reports: every row checked and written in one streaming pass, in one
transaction that keeps all rows, or none.

Memory stays flat in the number of rows: the file is read once, 1 000 rows at a time, with
the facilities of those rows; what is kept across batches is one bit per (facility, year)
key met and the division-years written (``_Seen``). Rows equal to what is stored are not
written and leave no audit entry, so importing a file twice changes nothing.

The audit of an import: one ``ImportBatch`` with one action (who, which file and its
SHA-256, when, how many rows), which every report it creates points at
(``Report.import_batch``: a created report's values are its row, so no diff is written
for it); a report it changes gets its field diff, and its status change an action, each
naming the import.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from decimal import Decimal
from typing import IO, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from sxsh.core.audit import log_action, log_actions, log_diffs
from sxsh.core.bulk import insert_rows
from sxsh.core.models import User
from sxsh.core.reference import MissingFactor
from sxsh.core.years import FIRST_YEAR, LAST_YEAR
from sxsh.indicators.engine import summary

from .. import quality
from ..apps import IMPORT_ACTION
from ..energy import FactorBook, energy_and_emissions
from ..models import Facility, ImportBatch, Report
from ..services import (
    EDITABLE,
    report_empty_error,
    report_explanation_error,
    report_lock_error,
)
from . import warnings
from .columns import (
    ERRORS_COLUMN,
    REPORT_BOOLEANS,
    REPORT_COLUMNS,
    REPORT_DECIMALS,
    REPORT_OPTIONAL,
    REPORT_READABLE_COLUMNS,
    REPORT_TEMPLATE_ONLY,
)
from .files import FileProblem, file_format, read_rows
from .parsing import (
    CellError,
    ImportResult,
    parse_bool,
    parse_decimal,
    parse_year,
    write_transaction,
)

BATCH = 1000
COMPARED = ("baseline_year", "aware", "cp_staff", "cp_applied", "product_unit", "production",
            "electricity_kwh", "coal_t", "coal_grade", "do_t", "fo_t", "lpg_t",
            "natural_gas_1000m3", "biomass_t", "raw_material_t", "aux_material_t", "water_m3")
DERIVED = ("energy_toe", "co2e_t", "biogenic_co2_t")

#: Columns a reports file may hold that an import reads past.
READ_PAST = {**REPORT_TEMPLATE_ONLY, **ERRORS_COLUMN,
             **{c: label for c, label in REPORT_READABLE_COLUMNS.items()
                if c not in REPORT_COLUMNS and c not in REPORT_TEMPLATE_ONLY}}
PARSERS = {"year": parse_year, "baseline_year": parse_year,
           **dict.fromkeys(REPORT_BOOLEANS, parse_bool),
           **dict.fromkeys(REPORT_DECIMALS, parse_decimal)}

Opener = Callable[[], IO[bytes]]
#: Told the rows checked so far (total None), then the rows written of the file's total.
Progress = Callable[[int, int | None], None]


class _Context:
    """What the rows need from the database: the facilities of the rows at hand (one batch
    at a time, by tax code) and the user's scope."""

    def __init__(self, user: User | None, as_upload: bool, file_name: str = "") -> None:
        self.user, self.as_upload, self.file_name = user, as_upload, file_name
        #: The import's record, made at its first write (its id goes into every report).
        self.batch: ImportBatch | None = None
        self.book = FactorBook()
        self.facilities: dict[str, tuple[int, int | None, int | None, int]] = {}
        self.vsic: dict[int, int] = {}
        self.tax_codes: dict[int, str] = {}
        self.scope: set[int] | None = None
        #: The status of each report an upload may not change (the form's rule).
        self.locked: dict[tuple[int, int], str] = {}
        #: Whether the planner's estimate of the reports was checked (first new rows).
        self.estimated = False

    def load(self, rows: list[tuple[int, dict[str, str]]]) -> None:
        """Look up the facilities that ``rows`` name, in place of the previous batch's."""
        taxes = {row["tax_code"] for _number, row in rows}
        self.facilities = {
            tax: (pk, opened, closed, vsic)
            for tax, pk, opened, closed, vsic in Facility.objects.filter(
                tax_code__in=taxes).values_list(
                "tax_code", "pk", "opened_year", "closed_year", "vsic_id")
        }
        self.vsic = {pk: vsic for pk, _opened, _closed, vsic in self.facilities.values()}
        self.tax_codes = {v[0]: tax for tax, v in self.facilities.items()}
        if self.as_upload:
            ids = list(self.vsic)
            self.scope = set(Facility.objects.for_user(self.user).filter(pk__in=ids)
                             .values_list("pk", flat=True))
            self.locked = {
                (fid, year): status for fid, year, status in Report.objects
                .for_user(self.user).filter(facility_id__in=ids)
                .exclude(status__in=EDITABLE).values_list("facility_id", "year", "status")}


class _Seen:
    """The (facility, year) keys met in a file, one bit each (a facility's id and a year
    between FIRST_YEAR and LAST_YEAR): memory bounded by the register, not by the file. An
    upload also keeps each key's row, to answer its warnings on it."""

    YEARS = LAST_YEAR - FIRST_YEAR + 1

    def __init__(self, rows: bool) -> None:
        self.bits = bytearray()
        self.facilities = bytearray()
        self.rows: dict[tuple[int, int], int] | None = {} if rows else None

    def add(self, fid: int, year: int, number: int) -> bool:
        """Mark the key; False if it was marked already."""
        if _test_and_set(self.bits, fid * self.YEARS + year - FIRST_YEAR):
            return False
        _test_and_set(self.facilities, fid)
        if self.rows is not None:
            self.rows[(fid, year)] = number
        return True

    def facility_ids(self):
        """The facilities met, in increasing order."""
        for index, byte in enumerate(self.facilities):
            if byte:
                yield from (index * 8 + bit for bit in range(8) if byte >> bit & 1)


def _test_and_set(bits: bytearray, index: int) -> bool:
    byte, bit = divmod(index, 8)
    if byte >= len(bits):
        bits.extend(bytes(byte - len(bits) + 1024))
    was = bits[byte] >> bit & 1
    bits[byte] |= 1 << bit
    return bool(was)


def _parse(row: dict[str, str], number: int, ctx: _Context,
           result: ImportResult) -> tuple[int, int, dict[str, Any]] | None:
    """The facility id, year and values of a row; errors go to ``result``, all of them:
    a cell that cannot be read does not hide the rules broken by the others."""
    before = result.error_count
    values: dict[str, Any] = {}
    failed: set[str] = set()

    def err(column: str, value: str, reason: str) -> None:
        failed.add(column)
        result.add_error(number, column, value, reason)

    tax = row["tax_code"]
    facility = ctx.facilities.get(tax)
    if ctx.scope is not None and facility is not None and facility[0] not in ctx.scope:
        facility = None  # outside the scope: the same answer as for no facility at all
    if facility is None:
        err("tax_code", tax, _("No facility with this tax code in your scope.")
            if ctx.scope is not None else _("No facility with this tax code."))
    for column, parse in PARSERS.items():
        try:
            values[column] = parse(row[column])
        except CellError as exc:
            err(column, row[column], str(exc))
            values[column] = None
    for column in ("product_unit", "coal_grade", *REPORT_OPTIONAL):
        if column in row:  # a text too long is a row error (quality.errors)
            values[column] = row[column]
    year = values.pop("year")
    if year is None and "year" not in failed:
        err("year", "", _("The year is required."))
    _check_rules(values, year, facility, row, failed, err)
    if result.error_count == before and facility is not None and year is not None:
        _check_derived(values, year, number, ctx, result)
    if ctx.as_upload:
        _check_submission(values, (facility[0], year) if facility else None, ctx, row,
                          failed, err)
    if result.error_count > before or facility is None or year is None:
        return None
    return facility[0], year, values


def _check_rules(values: dict[str, Any], year: int | None, facility: tuple | None,
                 row: dict[str, str], failed: set[str], err) -> None:
    """The report's rules (``quality.errors``) on the values that could be read."""
    opened, closed = (facility[1], facility[2]) if facility else (None, None)
    # Without a year, the rules that do not depend on it still run (with a year that
    # passes them, and the year's own rules left out).
    issues = quality.errors(values, year=year or LAST_YEAR,
                            opened_year=opened if year else None,
                            closed_year=closed if year else None)
    for issue in issues:
        if issue.field in failed or (year is None and issue.field == "baseline_year"):
            continue
        err(issue.field, row.get(issue.field, str(year)), issue.message)


def _check_submission(values: dict[str, Any], key: tuple[int, int | None] | None,
                      ctx: _Context, row: dict[str, str], failed: set[str], err) -> None:
    """An upload submits its reports: the form's rules for a submission (a report waiting
    for review or accepted is locked; an empty report is not sent)."""
    locked = report_lock_error(ctx.locked.get(key, "")) if key else None
    if locked:
        err("year", row["year"], locked)
    empty = report_empty_error(values)
    if empty and not failed & {"aware", "cp_staff", "cp_applied", "production"}:
        err("", "", empty)


def _check_derived(values: dict[str, Any], year: int, number: int, ctx: _Context,
                   result: ImportResult) -> None:
    """Errors for the energy and emissions of a row: a factor missing, or a value too
    large for its column (quantities that each fit may add up to more)."""
    try:
        derived = energy_and_emissions(values, year, ctx.book)
    except MissingFactor as exc:
        result.add_error(number, "year", str(year),
                         _("No conversion factor: %(what)s.") % {"what": exc})
        return
    for issue in quality.derived_errors(derived):
        result.add_error(number, "", "", issue.message)
    # kept with the values, for the write (computed once a row)
    values.update(energy_toe=derived.energy_toe, co2e_t=derived.co2e_t,
                  biogenic_co2_t=derived.biogenic_co2_t)


def import_reports(open_source: Opener, *, file_name: str, user: User | None,
                   as_upload: bool, progress: Progress | None = None) -> ImportResult:
    """Import the reports of a CSV or XLSX file: all rows, or none if any row is wrong.

    On the command line (``as_upload=False``) reports enter as accepted: the file is the
    department's own record. Uploaded, they enter as submitted, only for facilities in the
    user's scope and under the form's rules for a submission (``_check_submission``, and
    warnings explained, ``_explain``), whoever uploads.

    The file is read once, 1 000 rows at a time: each batch is checked and written inside
    one transaction, which is rolled back at the end if any row was wrong. Once a row is
    wrong only the checking goes on, except for an upload: its right rows are written on
    trial, so that their warnings come with the errors of the others, all at once.
    """
    result = ImportResult(file=file_name, labels={**REPORT_COLUMNS, **READ_PAST})
    try:
        fmt = file_format(file_name)
        ctx = _Context(user, as_upload, file_name)
        try:
            with write_transaction(result), summary.deferred(), open_source() as source:
                _import(source, fmt, ctx, result, progress)
                if not result.ok:
                    raise _Undone
                if ctx.batch is not None:
                    _close_batch(ctx.batch, source, result)
        except _Undone:
            result.created = result.updated = result.unchanged = result.warned = 0
    except FileProblem as exc:
        result.problem = str(exc)
    except MissingFactor as exc:
        result.problem = _("No conversion factor: %(what)s.") % {"what": exc}
    result.errors.sort(key=lambda e: e.row)
    return result


def _close_batch(batch: ImportBatch, source: IO[bytes], result: ImportResult) -> None:
    """Give the import's record its counts, and audit the import: one action for the file
    (its bytes hashed from the start again, not parsed)."""
    digest = hashlib.sha256()
    source.seek(0)
    while chunk := source.read(1 << 20):
        digest.update(chunk)
    batch.rows, batch.created, batch.updated = result.rows, result.created, result.updated
    batch.save(update_fields=["rows", "created", "updated"])
    log_action(batch, IMPORT_ACTION, user=batch.user, data={
        "import": batch.pk, "file": batch.file_name, "digest": digest.hexdigest(),
        "rows": batch.rows,
        "created": batch.created, "updated": batch.updated})


class _Undone(Exception):
    """Rolls back an import with errors (for an upload, after its trial write)."""


def _read(source: IO[bytes], fmt: str, result: ImportResult):
    return read_rows(source, fmt, REPORT_COLUMNS, REPORT_COLUMNS.values(), READ_PAST,
                     optional=REPORT_OPTIONAL, report=result)


def _import(source: IO[bytes], fmt: str, ctx: _Context, result: ImportResult,
            progress: Progress | None) -> None:
    """Check every row of the file and write the right ones, batch by batch, then their
    warnings."""
    status = Report.Status.SUBMITTED if ctx.as_upload else Report.Status.ACCEPTED
    source_kind = Report.Source.UPLOAD if ctx.as_upload else Report.Source.IMPORT
    started = timezone.now()
    # Each (facility, year) once: a second row is an error, and an upload's warnings are
    # answered on the row they belong to.
    seen = _Seen(rows=ctx.as_upload)
    groups: set[tuple[int, int]] = set()
    rows: list[tuple[int, dict[str, str]]] = []

    def flush() -> None:
        for fid, year in _check_and_write(rows, ctx, seen, result, status, source_kind):
            groups.add((ctx.vsic[fid], year))
        rows.clear()
        if progress:
            progress(result.rows, None)

    for number, row in _read(source, fmt, result):
        result.rows += 1
        rows.append((number, row))
        if len(rows) >= BATCH:
            flush()
    if rows:
        flush()
    if result.problem or not (result.ok or ctx.as_upload):
        return
    if groups:
        result.warned = warnings.store(started, seen.facility_ids(), groups)
        if ctx.as_upload:
            _explain(started, seen, result)


def _check_and_write(rows: list[tuple[int, dict[str, str]]], ctx: _Context, seen: _Seen,
                     result: ImportResult, status: str,
                     source_kind: str) -> list[tuple[int, int]]:
    """Check a batch of rows and write the right ones while the file has no error (an
    upload's, whatever its errors); the (facility, year) keys written."""
    ctx.load(rows)
    batch: list[tuple[int, int, dict[str, Any]]] = []
    for number, row in rows:
        parsed = _parse(row, number, ctx, result)
        if parsed is None:
            continue
        if seen.add(*parsed[:2], number):
            batch.append(parsed)
        else:
            result.add_error(number, "year", row["year"],
                             _("This facility and year appear twice in the file."))
    if batch and (result.ok or ctx.as_upload):
        return _write_batch(batch, ctx, status, source_kind, result)
    return []


def _explain(since: dt.datetime, seen: _Seen, result: ImportResult) -> None:
    """Errors for the uploaded reports whose warnings have no explanation (the form's
    rule for a submission), naming the warnings."""
    ids = list(seen.facility_ids())
    for start in range(0, len(ids), BATCH):
        for fid, year, found, comment in Report.objects.filter(
                facility_id__in=ids[start:start + BATCH], updated_at__gte=since).values_list(
                "facility_id", "year", "quality_warnings", "quality_comment"):
            message = found and report_explanation_error(found, comment)
            if message and (fid, year) in seen.rows:
                named = "; ".join(quality.warning_text(w) for w in found)
                result.add_error(seen.rows[(fid, year)], "quality_comment", "",
                                 f"{message} {named}")


def _compared(values: dict[str, Any]) -> tuple[str, ...]:
    """The stored fields a row gives: all columns but the optional ones it leaves out."""
    return (*COMPARED, *(f for f in REPORT_OPTIONAL if f in values))


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        return a is not None and b is not None and Decimal(a) == Decimal(b)
    return a == b


def _write_batch(batch, ctx: _Context, status: str, source_kind: str,
                 result: ImportResult) -> list[tuple[int, int]]:
    """Write a batch; the (facility, year) keys written."""
    fids = {fid for fid, _, _ in batch}
    years = {year for _, year, _ in batch}
    existing = {
        (r.facility_id, r.year): r
        for r in Report.objects.filter(facility_id__in=fids, year__in=years)
    }
    now = timezone.now()
    new: list[dict[str, Any]] = []
    changed: list[tuple[Report, dict[str, list[str]]]] = []
    for fid, year, values in batch:  # with their energy and emissions (_check_derived)
        report = existing.get((fid, year))
        if report is None:
            new.append({**values, "facility_id": fid, "year": year, "status": status,
                        "source": source_kind, "submitted_at": now, "created_at": now,
                        "updated_at": now})
            continue
        diff = {f: [str(getattr(report, f)), str(values[f])]
                for f in (*_compared(values), *DERIVED) if not _same(getattr(report, f), values[f])}
        if report.status != status:
            diff["status"] = [report.status, status]
        if not diff:
            result.unchanged += 1
            continue
        for f, v in values.items():
            setattr(report, f, v)
        report.status, report.source, report.submitted_at = status, source_kind, now
        report.updated_at, report.quality_warnings = now, []
        changed.append((report, diff))
    if (new or changed) and ctx.batch is None:
        ctx.batch = ImportBatch.objects.create(kind=ImportBatch.Kind.REPORTS,
                                               file_name=ctx.file_name, user=ctx.user)
    imported = ctx.batch.pk if ctx.batch else None
    for row in new:
        row["import_batch_id"] = imported
    insert_rows(Report, new)
    if new and not ctx.estimated:  # the triggers' plans (PostgreSQL), once an import
        summary.analyze_if_underestimated(len(new))
        ctx.estimated = True
    if changed:
        Report.objects.bulk_update(
            [r for r, _ in changed],
            [*_compared(batch[0][2]), *DERIVED, "status", "source", "submitted_at",
             "updated_at", "quality_warnings"],
            batch_size=BATCH,
        )
    result.created += len(new)
    result.updated += len(changed)
    if changed:  # created reports are audited by their import (Report.import_batch)
        label = "{} – {}".format
        named = {"file": ctx.file_name, "import": imported}
        log_actions(Report, [
            (r.pk, label(ctx.tax_codes[r.facility_id], r.year), "facilities.report.imported",
             {"from": d["status"][0], "to": status, **named})
            for r, d in changed if "status" in d
        ], user=ctx.user, at=now)
        log_diffs(Report, [
            (r.pk, label(ctx.tax_codes[r.facility_id], r.year), d, {}) for r, d in changed
        ], user=ctx.user, extra=named)
    return [(r["facility_id"], r["year"]) for r in new] + [
        (r.facility_id, r.year) for r, _ in changed]
