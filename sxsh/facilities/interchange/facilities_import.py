"""Import of the facility register: validate every row, then upsert all by tax code, or none."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from sxsh.core.audit import log_diffs
from sxsh.core.capabilities import require
from sxsh.core.models import AdminUnit, User, VsicDivision
from sxsh.core.reference import size_thresholds

from ..models import Facility, ImportBatch, validate_tax_code
from ..services import facility_rule_errors, facility_size, registration_area
from .columns import (
    ERRORS_COLUMN,
    FACILITY_COLUMNS,
    FACILITY_READABLE_COLUMNS,
)
from .files import FileProblem, file_format, read_rows
from .parsing import (
    CellError,
    ImportResult,
    parse_decimal,
    parse_int,
    parse_year,
    write_transaction,
)
from .reports_import import BATCH, Opener, Progress, _same, _Undone

STORED = ("name", "address", "admin_unit_id", "vsic_id", "employees", "revenue_bn_vnd",
          "capital_bn_vnd", "opened_year", "closed_year", "industrial_zone", "size_class",
          "size_reason")
#: Columns of the register's export that an import reads past: the size class is computed
#: again from employees, revenue and capital, so the export imports back as it is.
EXPORT_ONLY = {c: label for c, label in FACILITY_READABLE_COLUMNS.items()
               if c not in FACILITY_COLUMNS}
#: Columns a facilities file may hold that an import reads past.
READ_PAST = {**EXPORT_ONLY, **ERRORS_COLUMN}


class _Context:
    def __init__(self, user: User | None, as_upload: bool) -> None:
        self.user = user
        self.units: dict[str, int] = {}
        for pk, code, name in AdminUnit.objects.values_list("pk", "code", "name"):
            self.units[code] = pk
            self.units.setdefault(name, pk)
        self.vsic = dict(VsicDivision.objects.values_list("code", "pk"))
        self.thresholds = size_thresholds()
        self.area: set[int] | None = None
        if as_upload:
            require(user, "facilities.register")
            self.area = registration_area(user)


def _parse(row: dict[str, str], number: int, ctx: _Context,
           result: ImportResult) -> dict[str, Any] | None:
    before = result.error_count
    values: dict[str, Any] = {"tax_code": row["tax_code"]}

    failed: set[str] = set()

    def err(column: str, reason: str) -> None:
        failed.add(column)
        result.add_error(number, column, row[column], reason)

    try:
        validate_tax_code(row["tax_code"])
    except Exception as exc:  # ValidationError carries the Vietnamese message
        err("tax_code", exc.messages[0] if hasattr(exc, "messages") else str(exc))
    if not row["name"]:
        err("name", _("The name is required."))
    for column in ("name", "address", "industrial_zone"):
        values[column] = row[column]  # a text too long is a row error (the rules' bounds)
    unit = ctx.units.get(row["admin_unit"])
    if unit is None:
        err("admin_unit", _("No administrative unit with this code or name."))
    values["admin_unit_id"] = unit
    vsic_code = row["vsic"][:2]
    values["vsic_id"] = ctx.vsic.get(vsic_code)
    for column, parse in (("employees", parse_int), ("revenue_bn_vnd", parse_decimal),
                          ("capital_bn_vnd", parse_decimal), ("opened_year", parse_year),
                          ("closed_year", parse_year)):
        try:
            values[column] = parse(row[column])
        except CellError as exc:
            err(column, str(exc))
            values[column] = None
    rules = facility_rule_errors(
        {**values, "vsic_code": vsic_code if values["vsic_id"] else ""}, area=ctx.area)
    for column, message in rules.items():  # the file's columns bear the fields' names
        if column not in failed:
            err(column, message)
    if result.error_count > before:
        return None
    values["size_class"], values["size_reason"] = facility_size(values, ctx.thresholds)
    return values


def import_facilities(open_source: Opener, *, file_name: str, user: User | None,
                      as_upload: bool, progress: Progress | None = None) -> ImportResult:
    """Import the facilities of a CSV or XLSX file: all rows, or none if any row is wrong.

    Upserts by tax code; a local focal point may only name units of its area, and may not
    change a facility registered outside it. The file is read once: its rows are checked
    and written in batches inside one transaction, rolled back if any row is wrong.
    """
    result = ImportResult(file=file_name, labels={**FACILITY_COLUMNS, **READ_PAST})
    try:
        fmt = file_format(file_name)
        ctx = _Context(user, as_upload)
        seen: set[str] = set()
        outside: set[str] = set()
        if ctx.area is not None:
            outside = set(Facility.objects.exclude(admin_unit_id__in=ctx.area)
                          .values_list("tax_code", flat=True))
        try:
            with write_transaction(result), open_source() as source:
                batch: list[dict[str, Any]] = []
                for number, row in read_rows(source, fmt, FACILITY_COLUMNS,
                                             FACILITY_COLUMNS.values(), READ_PAST,
                                             report=result):
                    result.rows += 1
                    values = _parse(row, number, ctx, result)
                    _check_tax_code(row["tax_code"], number, seen, outside, result)
                    if result.ok:  # after an error the rows are only checked
                        batch.append(values)
                    if len(batch) >= BATCH:
                        _write_batch(batch, ctx, result)
                        batch.clear()
                    if progress and result.rows % BATCH == 0:
                        progress(result.rows, None)
                if batch and result.ok:
                    _write_batch(batch, ctx, result)
                if not result.ok:
                    raise _Undone
                if result.created or result.updated:
                    ImportBatch.objects.create(
                        kind=ImportBatch.Kind.FACILITIES, file_name=file_name, user=user,
                        rows=result.rows, created=result.created, updated=result.updated)
        except _Undone:
            result.created = result.updated = result.unchanged = 0
    except FileProblem as exc:
        result.problem = str(exc)
    result.errors.sort(key=lambda e: e.row)
    return result


def _check_tax_code(tax: str, number: int, seen: set[str], outside: set[str],
                    result: ImportResult) -> None:
    """A tax code once in a file, and not of a facility outside the user's area."""
    if tax in seen:
        result.add_error(number, "tax_code", tax, _("This tax code appears twice in the file."))
    if tax in outside:
        result.add_error(number, "tax_code", tax,
                         _("No facility with this tax code in your scope; the programme "
                           "office registers it."))
    seen.add(tax)


def _write_batch(batch: list[dict[str, Any]], ctx: _Context, result: ImportResult) -> None:
    existing = Facility.objects.in_bulk([v["tax_code"] for v in batch], field_name="tax_code")
    new: list[Facility] = []
    changed: list[tuple[Facility, dict[str, list[str]]]] = []
    for values in batch:
        facility = existing.get(values["tax_code"])
        if facility is None:
            new.append(Facility(**values))
            continue
        diff = {f: [str(getattr(facility, f)), str(values[f])] for f in STORED
                if not _same(getattr(facility, f), values[f])}
        if not diff:
            result.unchanged += 1
            continue
        for f in STORED:
            setattr(facility, f, values[f])
        changed.append((facility, diff))
    Facility.objects.bulk_create(new, batch_size=BATCH)
    if changed:
        Facility.objects.bulk_update([f for f, _ in changed], STORED, batch_size=BATCH)
    result.created += len(new)
    result.updated += len(changed)
    log_diffs(Facility, [
        (f.pk, f"{f.name} ({f.tax_code})", diff,
         {k: getattr(f, k) for k in ("tax_code", *STORED)} if diff is None else {})
        for f, diff in [(f, None) for f in new] + changed
    ], user=ctx.user)
