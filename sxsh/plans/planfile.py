"""Reading a plan file (sxsh/plans/data/FORMAT.md) into a checked, typed description.

Nothing here touches the database except to look agencies up: the whole file is read and
every error collected, with the path in the file where it is, before anything is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sxsh.core import years
from sxsh.core.models import AdminUnit, Agency

FORMAT_TAG = "sxsh-plan/1"
CODE_MAX = 20
#: The kinds of technical support a budget line may count (indicator I6); the same codes
#: as ``BudgetLine.Support`` and the assessments' kinds.
SUPPORT_KINDS = ("quick", "detailed", "pilot")
#: The ``support`` code of a budget line that plans technical guides (indicator I7).
GUIDES = "guides"


@dataclass
class TaskSpec:
    code: str
    group: str
    content: str
    purpose: str
    expected_result: str
    lead: str | None
    partners: list[str]
    other_partners: list[str]
    responsibility: str
    start_year: int
    end_year: int
    order: int


@dataclass
class LineSpec:
    code: str
    group: str | None
    task: str | None
    content: str
    unit: str
    unit_cost: Decimal | None
    total: Decimal | None
    years: dict[int, tuple[Decimal | None, Decimal]]
    sources: dict[str, Decimal]
    order: int
    support: str = ""


@dataclass
class PlanSpec:
    plan: dict[str, Any]
    legal_bases: list[dict[str, str]] = field(default_factory=list)
    objectives: list[dict[str, str]] = field(default_factory=list)
    targets: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, str]] = field(default_factory=list)
    groups: list[dict[str, str]] = field(default_factory=list)
    tasks: list[TaskSpec] = field(default_factory=list)
    lines: list[LineSpec] = field(default_factory=list)
    # (place, year, source code, amount); year and source both None for a grand total
    stated_totals: list[tuple[str, int | None, str | None, Decimal]] = field(
        default_factory=list
    )
    text_quantities: list[dict[str, Any]] = field(default_factory=list)


class PlanFileError(ValidationError):
    """The file cannot be loaded; ``messages`` name the path in the file of each error."""


class _Reader:
    def __init__(self) -> None:
        self.errors: list[str] = []
        # code → (province id, names); the plan's province narrows them (``within``)
        self.all_agencies: dict[str, tuple[int | None, list[str]]] = {
            a.code: (a.province_id, [_norm(n) for n in
                                     [a.name, a.short_name, *a.aliases.splitlines()]
                                     if n.strip()])
            for a in Agency.objects.all()
        }
        self.province_ids: frozenset[int] | None = None

    def within(self, province: AdminUnit) -> None:
        """Resolve agencies from now on among the province's (and the provinces merged
        into it) and the national ones."""
        self.province_ids = province.area_ids()

    def _candidates(self) -> dict[str, list[str]]:
        return {code: names for code, (province_id, names) in self.all_agencies.items()
                if self.province_ids is None or province_id is None
                or province_id in self.province_ids}

    def error(self, path: str, message: str) -> None:
        self.errors.append(f"{path}: {message}")

    # --- scalars ---------------------------------------------------------------------

    def mapping(self, value: Any, path: str) -> dict:
        if not isinstance(value, dict):
            self.error(path, _("a mapping (key: value) is expected"))
            return {}
        return value

    def seq(self, value: Any, path: str) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(path, _("a list is expected"))
            return []
        return value

    def text(self, data: dict, key: str, path: str, *, required: bool = True,
             max_length: int | None = None) -> str:
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(f"{path}.{key}", _("is required"))
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
            self.error(f"{path}.{key}", _("text is expected"))
            return ""
        result = " ".join(str(value).split())
        if max_length and len(result) > max_length:
            self.error(f"{path}.{key}",
                       _("is longer than %(n)d characters") % {"n": max_length})
        return result

    def number(self, value: Any, path: str, *, required: bool = True,
               places: int = 3) -> Decimal | None:
        if value is None or value == "":
            if required:
                self.error(path, _("a number is required"))
            return None
        if isinstance(value, bool):
            self.error(path, _("%(value)r is not a number") % {"value": value})
            return None
        try:
            result = Decimal(str(value).strip())
        except (InvalidOperation, ValueError):
            self.error(path, _("%(value)r is not a number") % {"value": value})
            return None
        if not result.is_finite() or result < 0:
            self.error(path, _("%(value)r is not a number of zero or more") % {"value": value})
            return None
        if result.as_tuple().exponent < -places or result >= 10**10:
            self.error(path, _("%(value)r has more than %(places)d decimals or is too large")
                       % {"value": value, "places": places})
            return None
        return result

    def year(self, value: Any, path: str, plan: dict) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int | str):
            self.error(path, _("%(value)r is not a year") % {"value": value})
            return None
        try:
            year = int(value)
        except ValueError:
            self.error(path, _("%(value)r is not a year") % {"value": value})
            return None
        start, end = plan.get("start_year"), plan.get("end_year")
        if start and end and not start <= year <= end:
            self.error(path, _("the year %(year)d is outside the plan's period %(start)d–%(end)d")
                       % {"year": year, "start": start, "end": end})
            return None
        return year

    def agency(self, value: Any, path: str) -> str | None:
        """The code of the agency ``value`` names (a code, a name, a short name or an alias
        of the register), among the plan's province's agencies and the national ones."""
        if not isinstance(value, str) or not value.strip():
            self.error(path, _("an agency code is expected"))
            return None
        candidates = self._candidates()
        if value in candidates:
            return value
        if value in self.all_agencies:
            self.error(path, _("the agency %(value)r belongs to another province than the "
                               "plan's") % {"value": value})
            return None
        wanted = _norm(value)
        found = sorted(code for code, names in candidates.items() if wanted in names)
        if len(found) > 1:
            self.error(path, _("%(value)r names several agencies (%(codes)s): use the "
                               "code") % {"value": value, "codes": ", ".join(found)})
            return None
        if not found:
            self.error(path, _("no agency of the plan's province has the code or name "
                               "%(value)r (see the agency register in the administration "
                               "area)") % {"value": value})
            return None
        return found[0]


def _norm(name: str) -> str:
    return " ".join(name.split()).casefold()


def _code(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def read_plan_file(path: str | Path) -> PlanSpec:
    """Read and check a plan file; raise ``PlanFileError`` listing every error."""
    try:
        raw = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise PlanFileError([_("The file %(path)s does not exist.") % {"path": path}]) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise PlanFileError(
            [_("The file %(path)s cannot be read as UTF-8 text: %(error)s")
             % {"path": path, "error": exc}]
        ) from exc
    return parse_plan_text(raw)


def parse_plan_text(raw: str) -> PlanSpec:
    """Check the text of a plan file; raise ``PlanFileError`` listing every error."""
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = (_("line %(line)d, column %(column)d")
                 % {"line": mark.line + 1, "column": mark.column + 1}) if mark else ""
        raise PlanFileError(
            [_("The file is not valid YAML (%(where)s): %(problem)s")
             % {"where": where, "problem": getattr(exc, "problem", exc)}]
        ) from exc
    reader = _Reader()
    spec = _read(reader, data)
    if reader.errors:
        raise PlanFileError(reader.errors)
    return spec


def _read(r: _Reader, data: Any) -> PlanSpec:
    data = r.mapping(data, _("(file)"))
    if data.get("format") != FORMAT_TAG:
        r.error("format", _("must be %(tag)r") % {"tag": FORMAT_TAG})
    plan = _read_plan(r, r.mapping(data.get("plan"), "plan"))
    spec = PlanSpec(plan=plan)
    for i, item in enumerate(r.seq(data.get("legal_bases"), "legal_bases")):
        path = f"legal_bases[{i}]"
        item = r.mapping(item, path)
        kind = r.text(item, "kind", path)
        if kind and kind not in ("basis", "implements"):
            r.error(f"{path}.kind", _("must be basis or implements"))
        spec.legal_bases.append({
            "kind": kind, "document": r.text(item, "document", path, required=False,
                                             max_length=100),
            "text": r.text(item, "text", path),
        })
    _read_objectives(r, data, spec)
    _read_targets(r, data, spec)
    _read_sources(r, data, spec)
    _read_tasks(r, data, spec)
    _read_budget(r, data, spec)
    _read_text_quantities(r, data, spec)
    return spec


def _read_plan(r: _Reader, data: dict) -> dict[str, Any]:
    plan: dict[str, Any] = {
        "code": r.text(data, "code", "plan", max_length=60),
        "number": r.text(data, "number", "plan", max_length=60),
        "title": r.text(data, "title", "plan", max_length=500),
        "signer": r.text(data, "signer", "plan", required=False, max_length=200),
        "general_objective": r.text(data, "general_objective", "plan", required=False),
        "proposal": r.text(data, "proposal", "plan", required=False),
        "budget_note": r.text(data, "budget_note", "plan", required=False, max_length=300),
    }
    if plan["code"] and not all(c.isascii() and (c.isalnum() or c in "-_")
                                for c in plan["code"]):
        r.error("plan.code", _("only letters a–z, digits, - and _ are allowed"))
    document_type = r.text(data, "document_type", "plan", required=False) or "plan"
    if document_type not in DOCUMENT_TYPES:
        r.error("plan.document_type", _("must be plan or decision"))
    plan["document_type"] = document_type
    budget_known = data.get("budget_known", True)
    if not isinstance(budget_known, bool):
        r.error("plan.budget_known", _("must be true or false"))
        budget_known = True
    plan["budget_known"] = budget_known
    issued = data.get("issued_on")
    if isinstance(issued, dt.date):
        plan["issued_on"] = issued
    else:
        try:
            plan["issued_on"] = dt.date.fromisoformat(str(issued))
        except ValueError:
            plan["issued_on"] = None
            r.error("plan.issued_on", _("a date YYYY-MM-DD is expected"))
    _read_issuer(r, data, plan)
    for key in ("start_year", "end_year"):
        value = data.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and years.is_year(value):
            plan[key] = value
        else:
            plan[key] = None
            r.error(f"plan.{key}", _("a year between %(first)s and %(last)s is expected")
                    % {"first": years.FIRST_YEAR, "last": years.LAST_YEAR})
    if plan["start_year"] and plan["end_year"] and plan["end_year"] < plan["start_year"]:
        r.error("plan.end_year", _("is before the first year"))
        plan["end_year"] = None
    return plan


DOCUMENT_TYPES = ("plan", "decision")


def _read_issuer(r: _Reader, data: dict, plan: dict[str, Any]) -> None:
    """``plan.province`` and ``plan.issuer``: the province is named, or is the issuer's
    (the issuer then named by its code or a name no other province's agency has); every
    agency of the file is then looked up within that province."""
    province = None
    if data.get("province") is not None:
        province = _province(r, data.get("province"), plan["issued_on"])
        if province is not None:
            r.within(province)
    issuer = data.get("issuer")
    plan["issuer"] = r.agency(issuer, "plan.issuer") if issuer is not None else None
    if issuer is None:
        r.error("plan.issuer", _("is required"))
    if province is None and plan["issuer"] and data.get("province") is None:
        province_id = r.all_agencies[plan["issuer"]][0]
        province = AdminUnit.objects.filter(pk=province_id).first() if province_id else None
        if province is None:
            r.error("plan.province", _("is required: the issuer belongs to no province"))
        else:
            r.within(province)
    plan["province"] = province.code if province is not None else None


def _province(r: _Reader, value: Any, day: dt.date | None) -> AdminUnit | None:
    """The province ``value`` names — a unit code, a GSO code or a name — in its version
    in force on ``day`` (the plan's date), as codes and names pass from one to another."""
    text = " ".join(str(value).split())
    units = AdminUnit.objects.provinces()
    found = list(units.filter(code=text)) or list(units.filter(gso_code=text)) or [
        u for u in units if _norm(u.name) == _norm(text)]
    if len(found) > 1 and day is not None:
        found = [u for u in found if (u.valid_from is None or u.valid_from <= day)
                 and (u.valid_to is None or day <= u.valid_to)]
    if len(found) != 1:
        r.error("plan.province", _("no single province is named %(value)r on the plan's date")
                % {"value": text})
        return None
    return found[0]


def _unique(r: _Reader, codes: list[str], path: str) -> None:
    seen: set[str] = set()
    for code in codes:
        if code in seen:
            r.error(path, _("the code %(code)r appears twice") % {"code": code})
        seen.add(code)


def _read_objectives(r: _Reader, data: dict, spec: PlanSpec) -> None:
    for i, item in enumerate(r.seq(data.get("objectives"), "objectives")):
        path = f"objectives[{i}]"
        item = r.mapping(item, path)
        spec.objectives.append({"code": r.text(item, "code", path, max_length=CODE_MAX),
                                "text": r.text(item, "text", path)})
    _unique(r, [o["code"] for o in spec.objectives], "objectives")


INDICATORS = {f"I{n}" for n in range(1, 8)}


def _bounds(r: _Reader, item: dict, path: str) -> tuple[Decimal | None, Decimal | None]:
    if "value" in item:
        value = r.number(item.get("value"), f"{path}.value", places=4)
        return value, None
    if "min" in item or "max" in item:
        low = r.number(item.get("min"), f"{path}.min", places=4)
        high = r.number(item.get("max"), f"{path}.max", places=4)
        if low is not None and high is not None and high < low:
            r.error(f"{path}.max", _("is smaller than min"))
        return low, high
    return None, None


def _read_targets(r: _Reader, data: dict, spec: PlanSpec) -> None:
    for i, item in enumerate(r.seq(data.get("targets"), "targets")):
        path = f"targets[{i}]"
        item = r.mapping(item, path)
        indicator = r.text(item, "indicator", path, required=False)
        if indicator and indicator not in INDICATORS:
            r.error(f"{path}.indicator", _("must be one of I1 … I7"))
        low, high = _bounds(r, item, path)
        national = r.mapping(item.get("national") or {}, f"{path}.national")
        n_low, n_high = _bounds(r, national, f"{path}.national")
        year = item.get("year")
        spec.targets.append({
            "code": r.text(item, "code", path, max_length=CODE_MAX),
            "text": r.text(item, "text", path),
            "indicator_code": indicator,
            "year": r.year(year, f"{path}.year", spec.plan) if year is not None else None,
            "value_min": low, "value_max": high,
            "national_value_min": n_low, "national_value_max": n_high,
            "national_source": r.text(national, "source", f"{path}.national", required=False,
                                      max_length=200),
            "unit": r.text(item, "unit", path, required=False, max_length=30),
            "national_unit": r.text(national, "unit", f"{path}.national", required=False,
                                    max_length=30),
        })
    _unique(r, [t["code"] for t in spec.targets], "targets")


def _read_sources(r: _Reader, data: dict, spec: PlanSpec) -> None:
    sources = r.seq(data.get("funding_sources"), "funding_sources")
    if not sources and spec.plan.get("budget_known", True):
        r.error("funding_sources", _("at least one funding source is required (or "
                                     "plan.budget_known: false)"))
    for i, item in enumerate(sources):
        path = f"funding_sources[{i}]"
        item = r.mapping(item, path)
        code = r.text(item, "code", path, max_length=30)
        if code and not all(c.isascii() and (c.isalnum() or c in "-_") for c in code):
            r.error(f"{path}.code", _("only letters a–z, digits, - and _ are allowed"))
        spec.sources.append({"code": code, "name": r.text(item, "name", path, max_length=200)})
    _unique(r, [s["code"] for s in spec.sources], "funding_sources")


def _read_tasks(r: _Reader, data: dict, spec: PlanSpec) -> None:
    order = 0
    for i, group in enumerate(r.seq(data.get("task_groups"), "task_groups")):
        gpath = f"task_groups[{i}]"
        group = r.mapping(group, gpath)
        gcode = r.text(group, "code", gpath, max_length=CODE_MAX)
        spec.groups.append({"code": gcode, "title": r.text(group, "title", gpath)})
        for j, item in enumerate(r.seq(group.get("tasks"), f"{gpath}.tasks")):
            path = f"{gpath}.tasks[{j}]"
            item = r.mapping(item, path)
            order += 1
            lead = item.get("lead")
            lead_code = r.agency(lead, f"{path}.lead") if lead is not None else None
            partners = [
                code for k, p in enumerate(r.seq(item.get("partners"), f"{path}.partners"))
                if (code := r.agency(p, f"{path}.partners[{k}]"))
            ]
            others = [" ".join(str(p).split())
                      for p in r.seq(item.get("other_partners"), f"{path}.other_partners")]
            years = r.seq(item.get("years"), f"{path}.years")
            start = end = None
            if len(years) != 2:
                r.error(f"{path}.years", _("two years are expected: [first, last]"))
            else:
                start = r.year(years[0], f"{path}.years[0]", spec.plan)
                end = r.year(years[1], f"{path}.years[1]", spec.plan)
                if start and end and end < start:
                    r.error(f"{path}.years", _("the last year is before the first year"))
            spec.tasks.append(TaskSpec(
                code=r.text(item, "code", path, max_length=CODE_MAX), group=gcode,
                content=r.text(item, "content", path),
                purpose=r.text(item, "purpose", path, required=False),
                expected_result=r.text(item, "expected_result", path, required=False),
                lead=lead_code,
                partners=partners, other_partners=others,
                responsibility=r.text(item, "responsibility", path, required=False),
                start_year=start or 0, end_year=end or 0, order=order,
            ))
    _unique(r, [g["code"] for g in spec.groups], "task_groups")
    _unique(r, [t.code for t in spec.tasks], "task_groups[].tasks")


def _source_amounts(r: _Reader, item: dict, path: str, sources: set[str]) -> dict[str, Decimal]:
    """``item.sources``: an amount per funding source code of the plan."""
    amounts: dict[str, Decimal] = {}
    for key, value in r.mapping(item.get("sources") or {}, f"{path}.sources").items():
        if key not in sources:
            r.error(f"{path}.sources.{key}",
                    _("no funding source has the code %(code)r") % {"code": key})
            continue
        amount = r.number(value, f"{path}.sources.{key}")
        if amount is not None:
            amounts[key] = amount
    return amounts


def _read_budget(r: _Reader, data: dict, spec: PlanSpec) -> None:
    budget = r.mapping(data.get("budget") or {}, "budget")
    if budget and not spec.plan.get("budget_known", True):
        r.error("budget", _("the plan's budget is not yet known (plan.budget_known: false): "
                            "leave the budget out"))
    sources = {s["code"] for s in spec.sources}
    _read_budget_lines(r, budget, spec, sources)
    _read_stated_totals(r, budget, spec, sources)


def _read_budget_lines(r: _Reader, budget: dict, spec: PlanSpec, sources: set[str]) -> None:
    groups = {g["code"] for g in spec.groups}
    tasks = {t.code for t in spec.tasks}
    for i, item in enumerate(r.seq(budget.get("lines"), "budget.lines")):
        path = f"budget.lines[{i}]"
        item = r.mapping(item, path)
        code = r.text(item, "code", path, max_length=CODE_MAX)
        if code:
            path = f"budget.lines[{i}] ({code})"
        group = _code(item.get("group")) or None
        if group and group not in groups:
            r.error(f"{path}.group", _("no task group has the code %(code)r") % {"code": group})
        task = _code(item.get("task")) or None
        if task and task not in tasks:
            r.error(f"{path}.task", _("no task has the code %(code)r") % {"code": task})
        years: dict[int, tuple[Decimal | None, Decimal]] = {}
        for key, cell in r.mapping(item.get("years") or {}, f"{path}.years").items():
            ypath = f"{path}.years.{key}"
            year = r.year(key, ypath, spec.plan)
            cell = r.mapping(cell, ypath)
            qty = r.number(cell.get("qty"), f"{ypath}.qty", required=False)
            amount = r.number(cell.get("amount"), f"{ypath}.amount")
            if year is not None and amount is not None:
                years[year] = (qty, amount)
        line_sources = _source_amounts(r, item, path, sources)
        support = _code(item.get("support"))
        if support and support not in (*SUPPORT_KINDS, GUIDES):
            r.error(f"{path}.support", _("the technical support is one of %(kinds)s")
                    % {"kinds": ", ".join((*SUPPORT_KINDS, GUIDES))})
        spec.lines.append(LineSpec(
            code=code, group=group, task=task, content=r.text(item, "content", path),
            unit=r.text(item, "unit", path, required=False, max_length=60),
            unit_cost=r.number(item.get("unit_cost"), f"{path}.unit_cost", required=False),
            total=r.number(item.get("total"), f"{path}.total", required=False),
            years=years, sources=line_sources, order=i + 1, support=support,
        ))
    _unique(r, [line.code for line in spec.lines], "budget.lines")


def _read_stated_totals(r: _Reader, budget: dict, spec: PlanSpec, sources: set[str]) -> None:
    for i, item in enumerate(r.seq(budget.get("stated_totals"), "budget.stated_totals")):
        path = f"budget.stated_totals[{i}]"
        item = r.mapping(item, path)
        place = r.text(item, "place", path, max_length=60)
        for key, value in r.mapping(item.get("years") or {}, f"{path}.years").items():
            year = r.year(key, f"{path}.years.{key}", spec.plan)
            amount = r.number(value, f"{path}.years.{key}")
            if year is not None and amount is not None:
                spec.stated_totals.append((place, year, None, amount))
        if item.get("total") is not None:
            amount = r.number(item.get("total"), f"{path}.total")
            if amount is not None:
                spec.stated_totals.append((place, None, None, amount))
        for key, amount in _source_amounts(r, item, path, sources).items():
            spec.stated_totals.append((place, None, key, amount))


def _read_text_quantities(r: _Reader, data: dict, spec: PlanSpec) -> None:
    tasks = {t.code for t in spec.tasks}
    for i, item in enumerate(r.seq(data.get("text_quantities"), "text_quantities")):
        path = f"text_quantities[{i}]"
        item = r.mapping(item, path)
        task = _code(item.get("task"))
        if not task:
            r.error(f"{path}.task", _("is required"))
        elif task not in tasks:
            r.error(f"{path}.task", _("no task has the code %(code)r") % {"code": task})
        low = r.number(item.get("min"), f"{path}.min")
        high = r.number(item.get("max"), f"{path}.max", required=False)
        if low is not None and high is not None and high < low:
            r.error(f"{path}.max", _("is smaller than min"))
        per_year = item.get("per_year", False)
        if not isinstance(per_year, bool):
            r.error(f"{path}.per_year", _("must be true or false"))
            per_year = False
        spec.text_quantities.append({
            "place": r.text(item, "place", path, max_length=60), "task": task,
            "text": r.text(item, "text", path), "quantity_min": low, "quantity_max": high,
            "per_year": per_year, "unit": r.text(item, "unit", path, required=False,
                                                 max_length=60),
            "order": i + 1,
        })
    keys = [f"{q['place']} / {q['task']}" for q in spec.text_quantities]
    _unique(r, keys, "text_quantities")
