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

from .. import quality
from ..energy import FactorBook, energy_and_emissions
from ..models import Facility, ImportBatch, Report
from . import warnings
from .bulk import insert_rows
from .columns import REPORT_BOOLEANS, REPORT_COLUMNS, REPORT_DECIMALS
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
        self.locked: set[tuple[int, int]] = set()
        if as_upload:
            self.scope = set(Facility.objects.for_user(user).values_list("pk", flat=True))
            self.locked = set(Report.objects.filter(
                facility_id__in=self.scope, status=Report.Status.ACCEPTED
            ).values_list("facility_id", "year"))


def _parse(row: dict[str, str], number: int, ctx: _Context,
           result: ImportResult) -> tuple[int, int, dict[str, Any]] | None:
    """The facility id, year and values of a row; errors go to ``result``."""
    before = result.error_count
    values: dict[str, Any] = {}
    tax = row["tax_code"]
    facility = ctx.facilities.get(tax)
    if ctx.scope is not None and facility is not None and facility[0] not in ctx.scope:
        facility = None  # outside the scope: the same answer as for no facility at all
    if facility is None:
        result.add_error(number, "tax_code", tax, _("No facility with this tax code in your "
                                                    "scope.") if ctx.scope is not None
                         else _("No facility with this tax code."))
    for column, parse in PARSERS.items():
        try:
            values[column] = parse(row[column])
        except CellError as exc:
            result.add_error(number, column, row[column], str(exc))
            values[column] = None
    values["product_unit"] = row["product_unit"]  # too long: a row error (quality.errors)
    values["coal_grade"] = row["coal_grade"]
    year = values.pop("year")
    if year is None and not row["year"]:
        result.add_error(number, "year", "", _("The year is required."))
    if result.error_count > before or facility is None or year is None:
        return None
    for issue in quality.errors(values, year=year, opened_year=facility[1],
                                closed_year=facility[2]):
        result.add_error(number, issue.field, row.get(issue.field, str(year)), issue.message)
    if result.error_count == before:
        _check_derived(values, year, number, ctx, result)
    if (facility[0], year) in ctx.locked:
        result.add_error(number, "year", str(year),
                         _("The report of this year is accepted and locked."))
    return (facility[0], year, values) if result.error_count == before else None


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
    department's own record. Uploaded by a local focal point or an enterprise they enter
    as submitted, only for facilities in the user's scope, never over an accepted report.
    """
    result = ImportResult(file=file_name)
    try:
        fmt = file_format(file_name)
        ctx = _Context(user, as_upload)
        seen: set[tuple[int, int]] = set()
        with open_source() as source:
            for number, row in read_rows(source, fmt, REPORT_COLUMNS, REPORT_COLUMNS.values()):
                result.rows += 1
                parsed = _parse(row, number, ctx, result)
                if parsed is not None:
                    key = parsed[:2]
                    if key in seen:
                        result.add_error(number, "year", row["year"],
                                         _("This facility and year appear twice in the file."))
                    seen.add(key)
                if progress and result.rows % BATCH == 0:
                    progress(result.rows, None)
        del seen
        if not result.ok:
            return result
        with write_transaction(result), open_source() as source:
            _write(source, fmt, ctx, result, progress)
    except FileProblem as exc:
        result.problem = str(exc)
    except MissingFactor as exc:
        result.problem = _("No conversion factor: %(what)s.") % {"what": exc}
    return result


def _write(source: IO[bytes], fmt: str, ctx: _Context, result: ImportResult,
           progress: Progress | None) -> None:
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
    for number, row in read_rows(source, fmt, REPORT_COLUMNS, REPORT_COLUMNS.values()):
        parsed = _parse(row, number, ctx, scratch)
        assert parsed is not None  # validated in the first pass, same file, same rules
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
        result.warned = warnings.store(started, facility_ids, groups)


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
                for f in (*COMPARED, *DERIVED) if not _same(getattr(report, f), values[f])}
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
            [*COMPARED, *DERIVED, "status", "source", "submitted_at", "updated_at",
             "quality_warnings"],
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
         None, {f: r[f] for f in (*COMPARED, *DERIVED, "status")}) for r in new
    ] + [
        (r.pk, label(ctx.tax_codes[r.facility_id], r.year), d, {}) for r, d in changed
    ], user=ctx.user)
    return [(r["facility_id"], r["year"]) for r in new] + [
        (r.facility_id, r.year) for r, _ in changed]
