"""The annual report (and the five-year summary) assembled from the data of every context.

Everything is read through the other contexts' selectors and engines, as ``user`` reads it
(the officer who prepares the report reads the whole province), and every figure is written
by ``core.formatting``. The result is a :class:`~sxsh.reports.content.ReportContent`: what
the report says, printed by the documents and the annexes, and frozen as JSON on issuing.

The document is Vietnamese whatever the language of the page: an official report of a
Vietnamese state body (Decree 30/2020/NĐ-CP).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sxsh.activities.models import Activity
from sxsh.activities.selectors import activity_list
from sxsh.assessments.models import Assessment
from sxsh.assessments.selectors import assessment_list
from sxsh.core.formatting import NO_VALUE, number, percent
from sxsh.core.models import AdminUnit, Agency, GridEmissionFactor, User
from sxsh.facilities.models import Facility
from sxsh.indicators.cards import build_cards
from sxsh.indicators.engine import DEFINITIONS, Board, Scope, board
from sxsh.indicators.engine.targets import Status, best_saving
from sxsh.indicators.templatetags.indicator_tags import target_text
from sxsh.plans.models import Plan
from sxsh.plans.selectors import (
    YearExecution,
    plan_task_groups,
    task_statuses,
    year_execution,
)

from .content import ChartSeries, Kind, ReportContent, Section, Signature, Table

#: The officer-written parts of the report, in the order they are printed (section II).
NARRATIVE_KEYS = ("achievements", "difficulties", "proposals", "next_tasks")
#: The language of the document.
DOCUMENT_LANGUAGE = "vi"
ZERO = Decimal(0)


def narrative_headings() -> dict[str, str]:
    """The heading of each officer-written section, in the current language."""
    return {"achievements": _("Achievements"), "difficulties": _("Difficulties and their causes"),
            "proposals": _("Proposals and recommendations"),
            "next_tasks": _("Tasks for the coming year")}


#: The signing form printed when the officer has chosen none.
DEFAULT_SIGNER_CAPACITY = "director"


def signer_capacities() -> dict[str, list[str]]:
    """The signing forms of Decree 30/2020 (Appendix I, the signature block) a department's
    report is signed under, key → the lines above the name: the director; a deputy signing
    for the director (KT.); an acting director (Q.); the head of the office by the
    director's order (TL.)."""
    return {"director": [_("DIRECTOR")],
            "deputy": [_("SIGNED FOR THE DIRECTOR"), _("DEPUTY DIRECTOR")],
            "acting": [_("ACTING DIRECTOR")],
            "by_order": [_("BY ORDER OF THE DIRECTOR"), _("HEAD OF THE OFFICE")]}


def signer_choices() -> list[tuple[str, str]]:
    """The signing forms as the document prints them (in Vietnamese, whatever the page's
    language), their lines joined by " / "."""
    with translation.override(DOCUMENT_LANGUAGE):
        return [(key, " / ".join(lines)) for key, lines in signer_capacities().items()]


def report_years(plan: Plan, year: int, kind: Kind) -> list[int]:
    """The years a report covers: its year, or the plan's years up to it for the summary."""
    if kind == "five_year":
        return [y for y in plan.years if y <= year]
    return [year]


def document_date(day: dt.date) -> str:
    """A date as Decree 30/2020 writes it: a leading zero on a day below 10 and a month
    below 3 ("ngày 05 tháng 01 năm 2019", "ngày 15 tháng 12 năm 2019")."""
    return _("%(day)s %(month)s %(year)s") % {
        "day": f"{day.day:02d}", "month": f"{day.month:02d}" if day.month < 3 else day.month,
        "year": day.year}


def issuer_lines(plan: Plan) -> list[str]:
    """The issuing body over the department, capitalised as printed."""
    province = plan.province
    if province.level == AdminUnit.Level.CITY:
        body = _("People's Committee of %(name)s city") % {"name": province.name}
    else:
        body = _("People's Committee of %(name)s province") % {"name": province.name}
    department = (Agency.objects.filter(province=province, kind=Agency.Kind.DEPARTMENT,
                                        parent__isnull=True, code__startswith="so-cong-thuong")
                  .first())
    name = department.name if department else _("Department of Industry and Trade")
    return [body.upper(), name.upper()]


def number_line(document_number: str) -> str:
    """"Số: 15/BC-SCT"; blank before the slash on a draft."""
    return _("No.: %(number)s/BC-SCT") % {"number": document_number or " " * 5}


@dataclass
class Inputs:
    """What the sections are built from, read once."""

    plan: Plan
    year: int
    years: list[int]
    user: User
    #: With ``attendees`` (``activity_list``).
    activities: list[Any]
    #: With ``option_count`` and ``implemented_count`` (``assessment_list``).
    assessments: list[Any]
    board: Board
    executions: list[YearExecution]


def _inputs(plan: Plan, year: int, years: list[int], user: User) -> Inputs:
    area = plan.province.area_ids()
    activities = [a for a in activity_list(user=user).select_related("task__group")
                  .filter(task__plan=plan, date__year__in=years)]
    assessments = list(assessment_list(user=user).filter(
        started_on__year__in=years, facility__admin_unit_id__in=area)
        .select_related("facility__admin_unit"))
    scope = Scope(base=Facility.objects.for_user(user), admin_unit=plan.province,
                  unit_ids=area)
    return Inputs(plan=plan, year=year, years=years, user=user, activities=activities,
                  assessments=assessments, board=board(scope, year),
                  executions=[year_execution(plan, y, user=user) for y in years])


def assemble(*, plan: Plan, year: int, kind: Kind = "annual", narrative: dict[str, str],
             user: User, version: int = 1, document_number: str = "",
             issued_on: dt.date | None = None) -> ReportContent:
    """The report of ``plan`` for ``year`` (``kind`` "five_year": the summary of the plan's
    years up to ``year``) from today's data as ``user`` reads them, with the officer's
    ``narrative`` (key → text; a blank line separates paragraphs). A draft unless
    ``issued_on`` is given."""
    with translation.override(DOCUMENT_LANGUAGE):
        years = report_years(plan, year, kind)
        data = _inputs(plan, year, years, user)
        on = issued_on or timezone.localdate()
        indicators, budget = _indicators(data), _budget(data)
        results = Section(number="I.", heading=_("RESULTS"), subsections=[
            _task_groups(data), indicators, budget, _facilities(data)])
        if kind == "five_year":
            subject = _("Summary of five years of carrying out Plan %(plan)s, %(first)s–"
                        "%(last)s") % {"plan": plan.number, "first": years[0], "last": years[-1]}
        else:
            subject = _("Results of carrying out Plan %(plan)s in %(year)s") % {
                "plan": plan.number, "year": year}
        return ReportContent(
            kind=kind, year=year, years=years, plan_code=plan.code, plan_title=plan.title,
            issuer_lines=issuer_lines(plan), number=number_line(document_number),
            place_date=f"{plan.province.name}, {document_date(on)}", title=_("REPORT"),
            subject=subject,
            sections=[results, _narrative(narrative)],
            signature=Signature(capacity=signer_capacities()[
                narrative.get("signer_capacity") or DEFAULT_SIGNER_CAPACITY],
                name=narrative.get("signer", "")),
            recipients=[_("Recipients:"), _("- The Provincial People's Committee;"),
                        _("- The Ministry of Industry and Trade;"),
                        _("- Filed: Records office, Industry division.")],
            version=version, draft=issued_on is None, factors=_factors(years),
            annexes=_annexes(data, indicators.tables[0]),
            ministry=_ministry(data, budget.tables[0]),
        )


# --- I. Results ---------------------------------------------------------------------------


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


def _task_groups(data: Inputs) -> Section:
    """Per task group: what each task planned, its activities in the years (count,
    attendance, cost) and its latest progress; the assessments under the group's lines."""
    statuses = {s.task.pk: s for s in task_statuses(data.plan, data.user)}
    by_task: dict[int, list[Any]] = defaultdict(list)
    for activity in data.activities:
        by_task[activity.task_id].append(activity)
    by_group: dict[int | None, list[Any]] = defaultdict(list)
    line_groups = {line.pk: line.group_id for line in data.plan.budget_lines.all()}
    for assessment in data.assessments:
        by_group[line_groups.get(assessment.budget_line_id)].append(assessment)
    columns = [_("Task"), _("Planned"), _("Activities"), _("Attendees"),
               _("Cost (million VND)"), _("Progress")]
    subsections = []
    for index, group in enumerate(plan_task_groups(data.plan), start=1):
        rows = []
        for task in group.tasks.all():
            done = by_task.get(task.pk, [])
            latest = statuses[task.pk].latest if task.pk in statuses else None
            progress = (f"{latest.get_status_display()} ({latest.percent} %)" if latest
                        else NO_VALUE)
            rows.append([f"{task.code}. {task.content}", task.timeframe, number(len(done)),
                         number(sum(a.attendees for a in done)),
                         number(sum((a.cost_total_mvnd for a in done), ZERO)), progress])
        done = [a for task in group.tasks.all() for a in by_task.get(task.pk, [])]
        paragraphs = [_("%(activities)s activities with %(attendees)s attendees, costing "
                        "%(cost)s million VND.") % {
            "activities": number(len(done)), "attendees": number(sum(a.attendees for a in done)),
            "cost": number(sum((a.cost_total_mvnd for a in done), ZERO))}]
        assessed = by_group.get(group.pk, [])
        if assessed:
            paragraphs.append(_assessed_text(assessed))
        subsections.append(Section(
            number=f"1.{index}.", heading=group.title, paragraphs=paragraphs,
            tables=[Table(caption=_("Tasks of group %(code)s") % {"code": group.code},
                          columns=columns, rows=rows,
                          numeric=[False, False, True, True, True, False])]))
    return Section(number="1.", heading=_("Results by task group"), subsections=subsections)


def _assessed_text(assessments: list[Any]) -> str:
    """"2 quick assessments, 1 pilot model; 7 CP options found, 3 implemented"."""
    kinds = [f"{number(sum(1 for a in assessments if a.kind == kind))} {label.lower()}"
             for kind, label in Assessment.Kind.choices
             if any(a.kind == kind for a in assessments)]
    return _("Technical support: %(kinds)s; %(options)s CP options found, %(implemented)s "
             "implemented.") % {
        "kinds": ", ".join(kinds),
        "options": number(sum(a.option_count for a in assessments)),
        "implemented": number(sum(a.implemented_count for a in assessments))}


def _counted(card) -> bool:
    """Whether a card's figure is a count: I5, and an indicator whose target is counted in
    people, facilities or documents (I6, I7), compared by its count (``targets.measure``)."""
    return card.kind == "count" or bool(card.target is not None and card.target.unit)


def _indicator_value(card) -> str:
    if _counted(card):
        return number(card.result.numerator)
    return percent(card.headline)


def _indicators(data: Inputs) -> Section:
    """The indicators I1–I7 against their targets: the report's year, or every year of the
    summary; a chart series per indicator over the plan's years up to the report's."""
    cards = build_cards(data.board)
    judgement = dict(Status.choices)
    columns = [_("Indicator"), _("Target")]
    if len(data.years) > 1:
        columns += [str(y) for y in data.years]
    else:
        columns += [_("Value"), _("Numerator / denominator")]
    columns.append(_("Judgement"))
    rows, charts = [], []
    series = data.board.series
    for card in cards:
        result = card.result
        row = [f"{card.code} {card.definition.name}", target_text(card.target)]
        if len(data.years) > 1:
            row += [_year_value(card, series[y][card.code]) if y in series else NO_VALUE
                    for y in data.years]
        else:
            row += [_indicator_value(card),
                    f"{number(result.numerator)} / {number(result.denominator)}"]
        row.append(str(judgement.get(result.status, NO_VALUE)))
        rows.append(row)
        charts.append(_chart(card, data))
    numeric = [False, True] + [True] * (len(columns) - 3) + [False]
    return Section(number="2.", heading=_("Indicators against their targets"),
                   tables=[Table(caption=_("Indicators of the plan"), columns=columns,
                                 rows=rows, numeric=numeric)],
                   charts=[c for c in charts if c is not None])


def _year_value(card, result) -> str:
    if _counted(card):
        return number(result.numerator)
    if card.kind == "saving":
        return percent(best_saving(result)[0])
    return percent(result.value)


def _chart(card, data: Inputs) -> ChartSeries | None:
    target = card.target
    years = [y for y in data.board.years if y <= data.year]
    if _counted(card):
        # a target counted in people, facilities or documents (I5, I6, I7): the count is
        # drawn against it, as the judgement compares them (``targets.measure``)
        points = [(y, _float(data.board.series[y][card.code].numerator)) for y in years]
        unit = target.unit if target is not None and target.unit else card.unit
    else:
        points = [(y, _float(_share(card, data.board.series[y][card.code]))) for y in years]
        unit = "share"
    low = _float(target.value_min) if target is not None else None
    high = _float(target.value_max) if target is not None else None
    return ChartSeries(title=f"{card.code} {card.definition.name}", series=points, unit=unit,
                       target=low, upper=high,
                       target_label=(_("Target"), target_text(target)) if target else ("", ""))


def _share(card, result) -> float | None:
    if card.kind == "saving":
        return best_saving(result)[0]
    return result.value


def _float(value) -> float | None:
    return None if value is None else float(value)


def _budget(data: Inputs) -> Section:
    """Planned, approved and spent by source and by line, over the report's years."""
    columns = [_("Planned"), _("Approved"), _("Spent")]
    by_source: dict[str, list[Decimal | None]] = {}
    by_line: dict[str, list[Decimal | None]] = {}
    for execution in data.executions:
        for row in execution.rows:
            for key, table in ((row.source.name, by_source),
                               (f"{row.line.code}. {row.line.content}", by_line)):
                sums = table.setdefault(key, [ZERO, None, ZERO])
                sums[0] = (sums[0] or ZERO) + row.planned
                if row.approved is not None:
                    sums[1] = (sums[1] or ZERO) + row.approved
                sums[2] = (sums[2] or ZERO) + row.used
    unit = _("million VND")

    def money_table(caption: str, first: str, sums: dict[str, list[Decimal | None]]) -> Table:
        rows = [[name, *(number(v) for v in values)] for name, values in sums.items()]
        totals = [_total([v[i] for v in sums.values()]) for i in range(3)]
        rows.append([_("Total"), *(number(v) for v in totals)])
        return Table(caption=caption, columns=[first, *columns], rows=rows,
                     numeric=[False, True, True, True], total_rows=[len(rows) - 1],
                     note=_("Unit: %(unit)s.") % {"unit": unit})

    return Section(number="3.", heading=_("Budget planned, approved and spent"), tables=[
        money_table(_("Budget by source"), _("Funding source"), by_source),
        money_table(_("Budget by line"), _("Budget line"), by_line)])


def _total(values: list[Decimal | None]) -> Decimal | None:
    """The sum of the known values; None when none is known (nothing approved yet)."""
    known = [v for v in values if v is not None]
    return sum(known, ZERO) if known else None


def _facilities(data: Inputs) -> Section:
    return Section(number="4.", heading=_("Facilities supported"),
                   paragraphs=[_("%(count)s facilities were given technical support.") % {
                       "count": number(len({a.facility_id for a in data.assessments}))}],
                   tables=[_facility_table(data)])


def _facility_table(data: Inputs) -> Table:
    rows = [[a.facility.name, a.facility.tax_code, a.facility.admin_unit.name,
             a.get_kind_display(), a.reference, str(a.started_on.year),
             number(a.option_count), number(a.implemented_count)]
            for a in sorted(data.assessments, key=lambda a: (a.started_on, a.reference))]
    return Table(caption=_("Facilities given technical support"),
                 columns=[_("Facility"), _("Tax code"), _("Administrative unit"),
                          _("Support"), _("Reference"), _("Year"), _("CP options found"),
                          _("Implemented")],
                 rows=rows, numeric=[False] * 6 + [True, True])


# --- II. The officer's narrative --------------------------------------------------------


def _narrative(narrative: dict[str, str]) -> Section:
    headings = narrative_headings()
    return Section(number="II.", heading=_("ASSESSMENT AND PROPOSALS"), subsections=[
        Section(number=f"{index}.", heading=headings[key],
                paragraphs=_paragraphs(narrative.get(key, "")), narrative_key=key)
        for index, key in enumerate(NARRATIVE_KEYS, start=1)])


def _factors(years: list[int]) -> dict[str, str]:
    """The grid emission factor of each year (the CO₂ of the savings), with its source."""
    return {_("Grid emission factor %(year)s") % {"year": f.year}:
            f"{number(f.tco2e_per_mwh)} tCO₂e/MWh ({f.get_status_display()}; {f.source})"
            for f in GridEmissionFactor.objects.filter(year__in=years).order_by("year")}


# --- The annexes and the ministry's tables -------------------------------------------------


def _annexes(data: Inputs, indicators: Table) -> list[Table]:
    by_unit = _indicators_by_unit(data)
    return [
        Table(caption=_("Annex 1. Indicators by year"), columns=indicators.columns,
              rows=indicators.rows, numeric=indicators.numeric),
        by_unit, replace(_facility_table(data), caption=_("Annex 3. Facilities supported")),
        _budget_by_year(data)]


def _indicators_by_unit(data: Inputs) -> Table:
    """I1–I3 in the report's year for each district-level unit of the province."""
    units = AdminUnit.objects.filter(parent=data.plan.province,
                                     level=AdminUnit.Level.DISTRICT).order_by("name")
    codes = ("I1", "I2", "I3")
    rows = []
    base = Facility.objects.for_user(data.user)
    for unit in units:
        results = board(Scope(base=base, admin_unit=unit, unit_ids=unit.area_ids()),
                        data.year, series=False).results
        rows.append([unit.name, *(percent(results[c].value) for c in codes),
                     *(number(results[c].denominator) for c in codes[:1])])
    return Table(caption=_("Annex 2. Indicators by administrative unit, %(year)s") % {
        "year": data.year},
        columns=[_("Administrative unit"), *(f"{c} {DEFINITIONS[c].name}" for c in codes),
                 _("Facilities open")],
        rows=rows, numeric=[False, True, True, True, True])


def _budget_by_year(data: Inputs) -> Table:
    """Per line, year and source: planned, approved, spent."""
    rows = []
    for execution in data.executions:
        for row in execution.rows:
            rows.append([row.line.code, row.line.content, str(execution.year), row.source.name,
                         number(row.planned), number(row.approved), number(row.used)])
    return Table(caption=_("Annex 4. Budget by line, year and source (million VND)"),
                 columns=[_("Line"), _("Content"), _("Year"), _("Funding source"),
                          _("Planned"), _("Approved"), _("Spent")],
                 rows=rows, numeric=[False, False, False, False, True, True, True])


def _ministry(data: Inputs, budget: Table) -> list[Table]:
    """The ministry's tables: the national indicators (the targets the national strategy
    sets) with the province's figures, the activities by kind, the budget by source."""
    cards = {card.code: card for card in build_cards(data.board)}
    national = [t for t in data.plan.targets.exclude(indicator_code="").order_by("order", "pk")
                if t.national_value_min is not None]
    indicator_rows = [[t.indicator_code, str(DEFINITIONS[t.indicator_code].name),
                       target_text(t, "national"), target_text(t),
                       _indicator_value(cards[t.indicator_code])] for t in national]
    kinds = dict(Activity.Kind.choices)
    counts: dict[str, list] = {}
    for activity in data.activities:
        row = counts.setdefault(activity.kind, [0, 0, ZERO])
        row[0] += 1
        row[1] += activity.attendees
        row[2] += activity.cost_total_mvnd
    activity_rows = [[str(kinds[k]), number(c), number(p), number(m)]
                     for k, (c, p, m) in counts.items()]
    return [
        Table(caption=_("Table 1. National indicators"),
              columns=[_("Code"), _("Indicator"), _("National target"), _("Provincial target"),
                       _("Value %(year)s") % {"year": data.year}],
              rows=indicator_rows, numeric=[False, False, True, True, True]),
        Table(caption=_("Table 2. Activities"),
              columns=[_("Kind"), _("How many"), _("Attendees"), _("Cost (million VND)")],
              rows=activity_rows, numeric=[False, True, True, True]),
        Table(caption=_("Table 3. Budget (million VND)"), columns=budget.columns,
              rows=budget.rows, numeric=budget.numeric, total_rows=budget.total_rows)]
