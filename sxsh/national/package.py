"""The national package: one province's yearly aggregates as a documented, versioned JSON.

``package_build`` writes it from the indicators engine and the plan's budget execution;
``package_check`` reads one back (schema, checksum) before anything is stored. The format
is ``docs/package.schema.json`` (JSON Schema 2020-12), explained in ``docs/package.md``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from functools import cache
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator

from sxsh.core.models import AdminUnit, SizeThreshold, VsicDivision
from sxsh.facilities.models import Facility
from sxsh.indicators.engine import Board, Result, Scope, board, compute_years
from sxsh.indicators.engine.compute import plain
from sxsh.indicators.engine.targets import planned_quantities, support_plan
from sxsh.plans.models import Plan, Target, YearBudget
from sxsh.plans.selectors import YearExecution, year_execution

from .province import installation_province

FORMAT = "sxsh-national-package"
SCHEMA_VERSION = "1.0"
SCHEMA_PATH = Path(settings.BASE_DIR) / "docs" / "package.schema.json"
AMOUNTS = ("planned", "approved", "committed", "disbursed", "settled")


# --- Writing ---------------------------------------------------------------------------


def software_version() -> str:
    try:
        return metadata.version("sxsh")
    except metadata.PackageNotFoundError:
        return "0"


def version_of(moment: dt.datetime) -> int:
    """A package's version: its generation time in UTC as the digits YYYYMMDDHHMMSS."""
    return int(moment.astimezone(dt.UTC).strftime("%Y%m%d%H%M%S"))


def checksum(package: dict) -> str:
    """SHA-256 of the package without its ``checksum``: sorted keys, no spaces, UTF-8."""
    body = {key: value for key, value in package.items() if key != "checksum"}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def figure(result: Result, *, with_status: bool = False) -> dict:
    """One indicator's figure as the package writes it."""
    data: dict = {"numerator": result.numerator, "denominator": plain(result.denominator),
                  "value": result.value}
    if result.categories:
        data["categories"] = {c.key: c.as_json() for c in result.categories}
    if with_status and result.status:
        data["status"] = result.status
    return data


def _breakdown(dimension: str, code: str, name: str, results: dict[str, Result],
               *, with_status: bool = False) -> dict:
    return {"dimension": dimension, "code": code, "name": name,
            "indicators": {c: figure(r, with_status=with_status) for c, r in results.items()}}


def breakdown_scopes(year: int) -> list[tuple[str, str, str, Scope]]:
    """The scopes of the breakdowns: the administrative units right below the top level
    that existed in ``year`` (each with its area, merged units included), the VSIC divisions
    the register uses, and the four size classes."""
    base = Facility.objects.all()
    units = (AdminUnit.objects.filter(parent__parent__isnull=True, parent__isnull=False)
             .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=dt.date(year, 12, 31)))
             .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=dt.date(year, 1, 1)))
             .order_by("code"))
    scopes = [("admin_unit", u.code, u.name, Scope(base=base, admin_unit=u,
                                                     unit_ids=u.area_ids())) for u in units]
    divisions = VsicDivision.objects.filter(
        pk__in=base.order_by().values("vsic_id")).order_by("code")
    scopes += [("vsic_division", d.code, d.name_vi, Scope(base=base, vsic=d))
               for d in divisions]
    scopes += [("size_class", key, str(label), Scope(base=base, size=key))
               for key, label in SizeThreshold.Size.choices]
    return scopes


def _plan(plan: Plan | None) -> dict | None:
    if plan is None:
        return None
    return {"code": plan.code, "number": plan.number, "title": plan.title,
            "start_year": plan.start_year, "end_year": plan.end_year}


def _targets(total: Board) -> list[dict]:
    """The plan's targets; for a merged province without a plan of its own, the targets
    combined from its predecessors' plans for the year (``targets.combined_target``)."""
    plan = total.plan
    if plan is None:
        return [_target(result.target.target, result.target.year)
                for result in total.rows() if result.target is not None]
    return [_target(t, t.year or plan.end_year)
            for t in Target.objects.filter(plan=plan).exclude(indicator_code="")
            .order_by("order", "code")]


def _target(t: Target, year: int) -> dict:
    return {"indicator": t.indicator_code, "code": t.code, "text": t.text, "year": year,
            "value_min": plain(t.value_min), "value_max": plain(t.value_max), "unit": t.unit}


def _money(amount: Decimal | None) -> str | None:
    return None if amount is None else str(amount)


def _budget(plan: Plan | None, year: int) -> dict | None:
    """The budget executed in ``year``: per funding source and in total (million VND)."""
    if plan is None or year not in plan.years:
        return None
    # The package reads the whole budget work, as an administrator does.
    everything = _whole_installation()
    execution: YearExecution = year_execution(plan, year, user=everything)
    sources = []
    for source in {row.source.pk: row.source for row in execution.rows}.values():
        sources.append({"code": source.code, "name": source.name,
                        **{a: _money(execution.total(a, source)) for a in AMOUNTS}})
    status = (execution.year_budget.status if execution.year_budget
              else YearBudget.Status.COLLECTING)
    return {"unit": "million VND", "status": str(status), "sources": sources,
            "total": {a: _money(execution.total(a)) for a in AMOUNTS}}


def _whole_installation():
    from sxsh.core.models import User

    return User(username="national-package", is_superuser=True, is_active=True)


def package_build(*, year: int, now: dt.datetime | None = None) -> dict:
    """The package of ``year``: each indicator for the province and by administrative unit,
    VSIC division and size class (numerators and denominators, from the engine), the plan's
    targets and the budget executed, with its province, version and checksum."""
    province = installation_province(year)
    if province is None:
        raise ValidationError(_("No province is set up: load the reference data first."))
    now = (now or timezone.now()).replace(microsecond=0)
    total = board(Scope(base=Facility.objects.all()), year, series=False)
    planned, support = planned_quantities(total.targets), support_plan(total.plan)
    breakdowns = [_breakdown("province", province.code, province.name, total.results,
                             with_status=True)]
    for dimension, code, name, scope in breakdown_scopes(year):
        results = compute_years(scope, [year], planned=planned, support_plan=support)[year]
        breakdowns.append(_breakdown(dimension, code, name, results))
    package = {
        "format": FORMAT, "schema_version": SCHEMA_VERSION, "version": version_of(now),
        "generated_at": now.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
        "software": {"name": "sxsh", "version": software_version()},
        "province": {"code": province.code, "name": province.name},
        "year": year, "counting": "accepted", "plan": _plan(total.plan),
        "breakdowns": breakdowns, "targets": _targets(total),
        "budget": _budget(total.plan, year),
    }
    package["checksum"] = checksum(package)
    return package


def package_text(package: dict) -> str:
    """The package as a file: UTF-8 JSON, indented, keys in the documented order."""
    return json.dumps(package, ensure_ascii=False, indent=2) + "\n"


# --- Reading ---------------------------------------------------------------------------


@cache
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _where(path) -> str:
    return "/" + "/".join(str(part) for part in path)


def _no_constant(name: str) -> None:
    # Python reads NaN and Infinity, which JSON does not have and no figure can be.
    raise ValueError(f"{name} is not a JSON number")


def package_check(text: str | bytes) -> dict:
    """The package in ``text``, checked against the schema and its checksum; a
    ValidationError lists every problem (where, and what is wrong) otherwise."""
    try:
        package = json.loads(text, parse_constant=_no_constant)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValidationError(_("The file is not JSON: %(error)s") % {"error": exc}) from exc
    errors = sorted(Draft202012Validator(schema()).iter_errors(package),
                    key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        raise ValidationError([
            _("%(where)s: %(message)s") % {"where": _where(e.absolute_path),
                                           "message": e.message} for e in errors[:20]
        ] + ([_("… and %(n)s more problems.") % {"n": len(errors) - 20}]
             if len(errors) > 20 else []))
    if checksum(package) != package["checksum"]:
        raise ValidationError(_("The checksum does not match the content: the file was changed "
                                "or damaged after it was exported."))
    return package
