"""Import of yearly reports: validate every row in one streaming pass, then write all rows
in one transaction, in batches, or none.

Memory stays flat: the first pass keeps only the (facility, year) keys it has seen; the
second pass reads the file again and writes 1000 rows at a time. Rows equal to what is
stored are not written and leave no audit entry, so importing a file twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import IO, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from sxsh.core.audit import log_actions, log_diffs
from sxsh.core.models import User
from sxsh.core.reference import MissingFactor
from sxsh.core.years import LAST_YEAR

from .. import quality
from ..energy import FactorBook, energy_and_emissions
from ..models import Facility, ImportBatch, Report
from ..services import (
    EDITABLE,
    report_empty_error,
    report_explanation_error,
    report_lock_error,
)
from . import warnings
from .bulk import insert_rows
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
    """What both passes need, read once: the facilities by tax code and the user's scope."""

    def __init__(self, user: User | None, as_upload: bool) -> None:
        self.user, self.as_upload = user, as_upload
        self.book = FactorBook()
        self.facilities = {
            tax: (pk, opened, closed, vsic)
            for tax, pk, opened, closed, vsic in Facility.objects.values_list(
                "tax_code", "pk", "opened_year", "closed_year", "vsic_id")
        }
        self.vsic = {pk: vsic for pk, _opened, _closed, vsic in self.facilities.values()}
        self.tax_codes = {v[0]: tax for tax, v in self.facilities.items()}
        self.scope: set[int] | None = None
        #: The status of each report an upload may not change (the form's rule).
        self.locked: dict[tuple[int, int], str] = {}
        if as_upload:
            self.scope = set(Facility.objects.for_user(user).values_list("pk", flat=True))
            self.locked = {
                (fid, year): status for fid, year, status in Report.objects.for_user(user)
                .exclude(status__in=EDITABLE).values_list("facility_id", "year", "status")}


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


def import_reports(open_source: Opener, *, file_name: str, user: User | None,
                   as_upload: bool, progress: Progress | None = None) -> ImportResult:
    """Import the reports of a CSV or XLSX file: all rows, or none if any row is wrong.

    On the command line (``as_upload=False``) reports enter as accepted: the file is the
    department's own record. Uploaded, they enter as submitted, only for facilities in the
    user's scope and under the form's rules for a submission (``_check_submission``, and
    warnings explained, ``_explain``), whoever uploads.
    """
    result = ImportResult(file=file_name, labels={**REPORT_COLUMNS, **READ_PAST})
    try:
        fmt = file_format(file_name)
        ctx = _Context(user, as_upload)
        # The row of each (facility, year): a second one is an error, and an upload's
        # warnings are answered on the row they belong to.
        rows_of: dict[tuple[int, int], int] = {}
        with open_source() as source:
            for number, row in _read(source, fmt, result):
                result.rows += 1
                parsed = _parse(row, number, ctx, result)
                if parsed is not None:
                    key = parsed[:2]
                    if key in rows_of:
                        result.add_error(number, "year", row["year"],
                                         _("This facility and year appear twice in the file."))
                    else:
                        rows_of[key] = number
                if progress and result.rows % BATCH == 0:
                    progress(result.rows, None)
        # An upload is written even with errors, and undone: the warnings of its right
        # rows come with the errors of the others, all at once.
        if result.ok or (as_upload and rows_of and not result.problem):
            try:
                with write_transaction(result), open_source() as source:
                    _write(source, fmt, ctx, result, progress, rows_of)
                    if not result.ok:
                        raise _Undone
            except _Undone:
                result.created = result.updated = result.unchanged = result.warned = 0
    except FileProblem as exc:
        result.problem = str(exc)
    except MissingFactor as exc:
        result.problem = _("No conversion factor: %(what)s.") % {"what": exc}
    result.errors.sort(key=lambda e: e.row)
    return result


class _Undone(Exception):
    """Rolls back an upload's trial write."""


def _read(source: IO[bytes], fmt: str, result: ImportResult):
    return read_rows(source, fmt, REPORT_COLUMNS, REPORT_COLUMNS.values(), READ_PAST,
                     optional=REPORT_OPTIONAL, report=result)


def _explain(found: dict[int, list[dict]], rows_of: dict[tuple[int, int], int],
             result: ImportResult) -> None:
    """Errors for the uploaded reports whose warnings have no explanation (the form's
    rule for a submission), naming the warnings."""
    pks = sorted(found)
    for start in range(0, len(pks), BATCH):
        for pk, fid, year, comment in Report.objects.filter(
                pk__in=pks[start:start + BATCH]).values_list(
                "pk", "facility_id", "year", "quality_comment"):
            message = report_explanation_error(found[pk], comment)
            if message and (fid, year) in rows_of:
                named = "; ".join(quality.warning_text(w) for w in found[pk])
                result.add_error(rows_of[(fid, year)], "quality_comment", "",
                                 f"{message} {named}")


def _write(source: IO[bytes], fmt: str, ctx: _Context, result: ImportResult,
           progress: Progress | None, rows_of: dict[tuple[int, int], int]) -> None:
    book = FactorBook()
    status = Report.Status.SUBMITTED if ctx.as_upload else Report.Status.ACCEPTED
    source_kind = Report.Source.UPLOAD if ctx.as_upload else Report.Source.IMPORT
    batch: list[tuple[int, int, dict[str, Any]]] = []
    started = timezone.now()
    facility_ids: set[int] = set()
    groups: set[tuple[int, int]] = set()
    done = 0

    def flush() -> None:
        nonlocal done
        for fid, year in _write_batch(batch, ctx, status, source_kind, book, result):
            facility_ids.add(fid)
            groups.add((ctx.vsic[fid], year))
        done += len(batch)
        batch.clear()
        if progress:
            progress(done, result.rows)

    scratch = ImportResult(file=result.file)
    for number, row in _read(source, fmt, scratch):
        parsed = _parse(row, number, ctx, scratch)
        # The first pass's verdict, same file, same rules: a wrong or repeated row is
        # left out (an upload with errors is written on trial only).
        if parsed is None or rows_of.get(parsed[:2]) != number:
            continue
        batch.append(parsed)
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    if result.created or result.updated:
        ImportBatch.objects.create(kind=ImportBatch.Kind.REPORTS, file_name=result.file,
                                   user=ctx.user, rows=result.rows, created=result.created,
                                   updated=result.updated)
    if facility_ids:
        found = warnings.store(started, facility_ids, groups)
        result.warned = len(found)
        if ctx.as_upload:
            _explain(found, rows_of, result)


def _compared(values: dict[str, Any]) -> tuple[str, ...]:
    """The stored fields a row gives: all columns but the optional ones it leaves out."""
    return (*COMPARED, *(f for f in REPORT_OPTIONAL if f in values))


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        return a is not None and b is not None and Decimal(a) == Decimal(b)
    return a == b


def _write_batch(batch, ctx: _Context, status: str, source_kind: str, book: FactorBook,
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
    for fid, year, values in batch:
        derived = energy_and_emissions(values, year, book)
        values = {**values, "energy_toe": derived.energy_toe, "co2e_t": derived.co2e_t,
                  "biogenic_co2_t": derived.biogenic_co2_t}
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
    insert_rows(Report, new)
    if changed:
        Report.objects.bulk_update(
            [r for r, _ in changed],
            [*_compared(batch[0][2]), *DERIVED, "status", "source", "submitted_at",
             "updated_at", "quality_warnings"],
            batch_size=BATCH,
        )
    new_pks = {}
    if new:
        new_pks = {(fid, year): pk for fid, year, pk in Report.objects.filter(
            facility_id__in={r["facility_id"] for r in new},
            year__in={r["year"] for r in new}, created_at=now,
        ).values_list("facility_id", "year", "pk")}
    result.created += len(new)
    result.updated += len(changed)
    label = "{} – {}".format
    log_actions(Report, [
        (new_pks[(r["facility_id"], r["year"])], label(ctx.tax_codes[r["facility_id"]], r["year"]),
         "facilities.report.imported", {"from": "", "to": status}) for r in new
    ] + [
        (r.pk, label(ctx.tax_codes[r.facility_id], r.year), "facilities.report.imported",
         {"from": d["status"][0], "to": status}) for r, d in changed if "status" in d
    ], user=ctx.user, at=now)
    log_diffs(Report, [
        (new_pks[(r["facility_id"], r["year"])], label(ctx.tax_codes[r["facility_id"]], r["year"]),
         None, {f: r[f] for f in (*_compared(r), *DERIVED, "status")}) for r in new
    ] + [
        (r.pk, label(ctx.tax_codes[r.facility_id], r.year), d, {}) for r, d in changed
    ], user=ctx.user)
    return [(r["facility_id"], r["year"]) for r in new] + [
        (r.facility_id, r.year) for r, _ in changed]
