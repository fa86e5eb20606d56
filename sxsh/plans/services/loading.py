"""Writes of the plans context: loading a plan from its file."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar, cast

from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from sxsh.core.models import AdminUnit, Agency, User

from .. import models as m
from ..planfile import PlanFileError, PlanSpec


@dataclass
class LoadResult:
    """What a load changed, per kind of record (a second load of the same file: nothing)."""

    plan: m.Plan | None = None
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(self.created.values()) or any(self.updated.values()) or any(
            self.deleted.values()
        )

    def count(self, bucket: dict[str, int], name: str, n: int = 1) -> None:
        if n:
            bucket[name] = bucket.get(name, 0) + n


def _same(current: Any, new: Any) -> bool:
    if isinstance(current, Decimal) or isinstance(new, Decimal):
        if current is None or new is None:
            return current is new
        return Decimal(current) == Decimal(new)
    return current == new


_M = TypeVar("_M", bound=models.Model)


def _upsert(result: LoadResult, model: type[_M], lookup: dict[str, Any],
            values: dict[str, Any], existing: dict[Any, _M], key: Any) -> _M:
    """Create the row, or save only the fields that differ (no save, no audit entry if none)."""
    name = cast(str, model._meta.model_name)  # set on every concrete model
    obj = existing.pop(key, None)
    if obj is None:
        obj = model._default_manager.create(**lookup, **values)
        result.count(result.created, name)
        return obj
    changed = [f for f, v in values.items() if not _same(getattr(obj, f), v)]
    if changed:
        for f in changed:
            setattr(obj, f, values[f])
        obj.save(update_fields=changed)
        result.count(result.updated, name)
    return obj


def _delete_rest(result: LoadResult, rest: dict[Any, models.Model]) -> None:
    for obj in rest.values():
        result.count(result.deleted, cast(str, obj._meta.model_name))
        try:
            obj.delete()
        except ProtectedError as exc:
            raise PlanFileError([_(
                "%(kind)s %(name)s is no longer in the file but money has been spent on it; "
                "it cannot be removed. Keep it in the file."
            ) % {"kind": str(obj._meta.verbose_name).capitalize(), "name": obj}]) from exc


@transaction.atomic
def plan_load(*, spec: PlanSpec, user: User | None) -> LoadResult:
    """Create or update the plan a checked plan file describes, so that it matches the file.

    Only what differs is written: loading the same file twice changes nothing and adds
    nothing to the audit trail. Rows the file no longer has are deleted. ``user`` is the
    actor the caller has set for the audit trail (None for the command line).
    """
    result = LoadResult()
    agencies = {a.code: a for a in Agency.objects.all()}
    values = {k: v for k, v in spec.plan.items() if k not in ("code", "issuer", "province")}
    values["issuer"] = agencies[spec.plan["issuer"]]
    values["province"] = AdminUnit.objects.get(code=spec.plan["province"])
    plans = {p.code: p for p in m.Plan.objects.filter(code=spec.plan["code"])}
    plan = _upsert(result, m.Plan, {"code": spec.plan["code"]}, values, plans,
                   spec.plan["code"])
    result.plan = plan

    rest = {b.order: b for b in plan.legal_bases.all()}
    for i, basis in enumerate(spec.legal_bases, start=1):
        _upsert(result, m.LegalBasis, {"plan": plan, "order": i}, basis, rest, i)
    _delete_rest(result, rest)

    rest = {o.code: o for o in plan.objectives.all()}
    for i, obj in enumerate(spec.objectives, start=1):
        _upsert(result, m.Objective, {"plan": plan, "code": obj["code"]},
                {"text": obj["text"], "order": i}, rest, obj["code"])
    _delete_rest(result, rest)

    rest = {t.code: t for t in plan.targets.all()}
    for i, target in enumerate(spec.targets, start=1):
        fields = {k: v for k, v in target.items() if k != "code"}
        _upsert(result, m.Target, {"plan": plan, "code": target["code"]},
                {**fields, "order": i}, rest, target["code"])
    _delete_rest(result, rest)

    sources = _load_sources(result, plan, spec)
    tasks = _load_tasks(result, plan, spec, agencies)
    _load_budget(result, plan, spec, sources, tasks)
    return result


def _load_sources(result: LoadResult, plan: m.Plan, spec: PlanSpec
                  ) -> dict[str, m.FundingSource]:
    rest = {s.code: s for s in plan.funding_sources.all()}
    sources = {}
    for i, source in enumerate(spec.sources, start=1):
        sources[source["code"]] = _upsert(
            result, m.FundingSource, {"plan": plan, "code": source["code"]},
            {"name": source["name"], "order": i}, rest, source["code"],
        )
    _delete_rest(result, rest)
    return sources


def _load_tasks(result: LoadResult, plan: m.Plan, spec: PlanSpec,
                agencies: dict[str, Agency]) -> dict[str, m.Task]:
    rest_groups = {g.code: g for g in plan.task_groups.all()}
    groups = {}
    for i, group in enumerate(spec.groups, start=1):
        groups[group["code"]] = _upsert(
            result, m.TaskGroup, {"plan": plan, "code": group["code"]},
            {"title": group["title"], "order": i}, rest_groups, group["code"],
        )
    rest = {t.code: t for t in plan.tasks.prefetch_related("partner_agencies")}
    known = set(rest)
    tasks = {}
    for ts in spec.tasks:
        task = _upsert(result, m.Task, {"plan": plan, "code": ts.code}, {
            "group": groups[ts.group], "content": ts.content, "purpose": ts.purpose,
            "expected_result": ts.expected_result,
            "lead_agency": agencies[ts.lead] if ts.lead else None,
            "other_partners": "\n".join(ts.other_partners),
            "responsibility_text": ts.responsibility,
            "start_year": ts.start_year, "end_year": ts.end_year, "order": ts.order,
        }, rest, ts.code)
        wanted = {agencies[c].pk for c in ts.partners}
        is_new = ts.code not in known
        if wanted and is_new:
            task.partner_agencies.set(wanted)
            result.count(result.created, "task_partners", len(wanted))
        elif not is_new and {a.pk for a in task.partner_agencies.all()} != wanted:
            task.partner_agencies.set(wanted)
            result.count(result.updated, "task_partners")
        tasks[ts.code] = task
    _delete_rest(result, rest)
    _delete_rest(result, rest_groups)
    return tasks


def _load_budget(result: LoadResult, plan: m.Plan, spec: PlanSpec,
                 sources: dict[str, m.FundingSource], tasks: dict[str, m.Task]) -> None:
    groups = {g.code: g for g in plan.task_groups.all()}
    rest = {line.code: line for line in plan.budget_lines.all()}
    amounts = {(a.line_id, a.year): a for a in m.BudgetAmount.objects.filter(line__plan=plan)}
    by_source = {(a.line_id, a.source_id): a
                 for a in m.BudgetSourceAmount.objects.filter(line__plan=plan)}
    for ls in spec.lines:
        line = _upsert(result, m.BudgetLine, {"plan": plan, "code": ls.code}, {
            "group": groups.get(ls.group) if ls.group else None,
            "task": tasks.get(ls.task) if ls.task else None,
            "content": ls.content, "unit": ls.unit, "unit_cost_million_vnd": ls.unit_cost,
            "total_million_vnd": ls.total, "order": ls.order, "support": ls.support,
        }, rest, ls.code)
        for year, (qty, amount) in ls.years.items():
            _upsert(result, m.BudgetAmount, {"line": line, "year": year},
                    {"quantity": qty, "amount_million_vnd": amount}, amounts, (line.pk, year))
        for code, amount in ls.sources.items():
            source = sources[code]
            _upsert(result, m.BudgetSourceAmount, {"line": line, "source": source},
                    {"amount_million_vnd": amount}, by_source, (line.pk, source.pk))
    _delete_rest(result, amounts)
    _delete_rest(result, by_source)
    _delete_rest(result, rest)

    stated = {(s.place, s.year, s.source_id): s for s in plan.stated_totals.all()}
    for place, stated_year, source_code, amount in spec.stated_totals:
        stated_source = sources[source_code] if source_code else None
        key = (place, stated_year, stated_source.pk if stated_source else None)
        _upsert(result, m.StatedTotal, {"plan": plan, "place": place, "year": stated_year,
                                        "source": stated_source},
                {"amount_million_vnd": amount}, stated, key)
    _delete_rest(result, stated)

    quantities = {(q.place, q.task_id): q for q in plan.text_quantities.all()}
    for q in spec.text_quantities:
        task = tasks[q["task"]]
        fields = {k: v for k, v in q.items() if k not in ("place", "task")}
        _upsert(result, m.TextQuantity, {"plan": plan, "place": q["place"], "task": task},
                fields, quantities, (q["place"], task.pk))
    _delete_rest(result, quantities)
