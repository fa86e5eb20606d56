"""Reads of the assessments context: the list, one assessment with its sections worked
out (the balance of each step, the cost of the waste streams, the feasibility of each
option), the verified savings a facility's next report starts from."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from sxsh.core.models import User
from sxsh.core.search import matches
from sxsh.plans.models import BudgetLine, FundingSource

from . import feasibility
from .models import Assessment, Flow, Measurement, Option, ProcessStep


def assessment_list(*, user: User, kind: str = "", status: str = "", q: str = "",
                    year: int | None = None, facility_id: int | None = None
                    ) -> QuerySet[Assessment]:
    """The assessments ``user`` may read, filtered, with their facility, agency and the
    number of options, implemented options among them."""
    qs = _assessments(user=user, kind=kind, status=status, q=q, year=year,
                      facility_id=facility_id).select_related("facility", "consultant_agency")
    return qs.annotate(
        option_count=Count("options", distinct=True),
        implemented_count=Count("options", distinct=True, filter=Q(
            options__status__in=(Option.Status.IMPLEMENTED, Option.Status.VERIFIED)))
    ).order_by("-started_on", "reference", "pk")  # a GROUP BY drops the model's ordering


def option_register(*, user: User, kind: str = "", status: str = "", q: str = "",
                    year: int | None = None, facility_id: int | None = None
                    ) -> QuerySet[Option]:
    """The options ``user`` may read, of the assessments the list shows with these
    filters: the register the page exports."""
    return Option.objects.for_user(user).filter(assessment__in=_assessments(
        user=user, kind=kind, status=status, q=q, year=year, facility_id=facility_id))


def _assessments(*, user: User, kind: str, status: str, q: str, year: int | None,
                 facility_id: int | None) -> QuerySet[Assessment]:
    qs = Assessment.objects.for_user(user)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(matches(q, "facility__name", "reference")
                       | Q(facility__tax_code__startswith=q.strip()))
    if year is not None:
        qs = qs.filter(started_on__year=year)
    if facility_id is not None:
        qs = qs.filter(facility_id=facility_id)
    return qs


@dataclass(frozen=True)
class BalanceRow:
    """What enters and leaves a step in one unit: the product, the waste recorded, and
    what is not accounted for (inputs − outputs), lost without a name."""

    unit: str
    inputs: Decimal
    products: Decimal
    wastes: Decimal

    @property
    def outputs(self) -> Decimal:
        return self.products + self.wastes

    @property
    def unaccounted(self) -> Decimal:
        return self.inputs - self.outputs

    @property
    def lost(self) -> Decimal:
        """The waste recorded and what is unaccounted for: all that is not product."""
        return self.inputs - self.products

    @property
    def lost_share(self) -> Decimal | None:
        return self.lost / self.inputs if self.inputs else None


def step_balance(flows: Iterable[Flow]) -> list[BalanceRow]:
    """The balance of a step's inputs and outputs per unit (t with t, m³ with m³; a kWh
    is never added to a tonne). Outputs of the kind product are the product; every other
    output (waste, water or energy leaving) is counted as waste."""
    totals: dict[str, list[Decimal]] = {}
    for flow in flows:
        unit = flow.unit.strip()
        row = totals.setdefault(unit.casefold(), [unit, Decimal(0), Decimal(0), Decimal(0)])
        if flow.direction == Flow.Direction.INPUT:
            row[1] += flow.quantity_per_year
        elif flow.kind == Flow.Kind.PRODUCT:
            row[2] += flow.quantity_per_year
        else:
            row[3] += flow.quantity_per_year
    return [BalanceRow(unit, i, p, w) for unit, i, p, w in totals.values()]


@dataclass
class OptionView:
    option: Option
    figures: feasibility.Figures
    grid_factor: Decimal | None
    measurements: list[Measurement]


@dataclass
class StepView:
    step: ProcessStep
    inputs: list[Flow]
    outputs: list[Flow]
    balance: list[BalanceRow]


@dataclass
class AssessmentView:
    """One assessment with its sections as its page and its report show them."""

    assessment: Assessment
    team: list
    steps: list[StepView]
    waste_streams: list
    options: list[OptionView]
    funding: list = field(default_factory=list)

    @property
    def waste_cost_mvnd_yr(self) -> Decimal:
        return sum((w.cost_mvnd_yr for w in self.waste_streams), Decimal(0))

    @property
    def implemented(self) -> list[OptionView]:
        return [o for o in self.options if o.option.is_implemented]

    @property
    def funding_total(self) -> Decimal:
        return sum((f.amount_million_vnd for f in self.funding), Decimal(0))

    def total(self, attr: str, *, implemented: bool = False) -> Decimal:
        """The sum of an option field (investment, yearly saving, kWh) over the options,
        or over the implemented ones."""
        rows = self.implemented if implemented else self.options
        return sum((getattr(o.option, attr) or Decimal(0) for o in rows), Decimal(0))

    def co2e_t_yr(self, *, implemented: bool = False) -> Decimal:
        """The CO₂e avoided a year by the options, or by the implemented ones."""
        rows = self.implemented if implemented else self.options
        return sum((o.figures.co2e_t_yr or Decimal(0) for o in rows), Decimal(0))

    @property
    def co2e_implemented_t_yr(self) -> Decimal:
        return self.co2e_t_yr(implemented=True)

    def results(self) -> list[tuple[str, int, Decimal, Decimal, Decimal]]:
        """The options' figures summed, all options then the implemented ones: which,
        how many, investment, yearly saving (million VND), CO₂e avoided (t a year)."""
        return [(which, len(self.implemented if done else self.options),
                 self.total("investment_mvnd", implemented=done),
                 self.total("annual_saving_mvnd", implemented=done),
                 self.co2e_t_yr(implemented=done))
                for which, done in (("all", False), ("implemented", True))]


def assessment_view(assessment: Assessment) -> AssessmentView:
    """Every section of an assessment the caller already may read, in a fixed number of
    queries whatever its size."""
    steps = list(assessment.steps.prefetch_related(
        Prefetch("flows", queryset=Flow.objects.order_by("direction", "pk"))))
    factors = feasibility.grid_factors()
    options = list(assessment.options.select_related("waste_stream").prefetch_related(
        Prefetch("measurements", queryset=Measurement.objects.order_by("measured_on", "pk"))))
    views = []
    for option in options:
        option.assessment = assessment  # grid_factor_for reads its start: no query
        factor = feasibility.grid_factor_for(option, factors)
        views.append(OptionView(option, feasibility.option_figures(option, factor), factor,
                                list(option.measurements.all())))
    return AssessmentView(
        assessment=assessment,
        team=list(assessment.team.all()),
        steps=[StepView(s, [f for f in s.flows.all() if f.direction == Flow.Direction.INPUT],
                        [f for f in s.flows.all() if f.direction == Flow.Direction.OUTPUT],
                        step_balance(s.flows.all())) for s in steps],
        waste_streams=list(assessment.waste_streams.select_related("step")),
        options=views,
        funding=list(assessment.funding.select_related("source").order_by("source__order"))
        if assessment.kind == Assessment.Kind.PILOT else [],
    )


@dataclass(frozen=True)
class VerifiedSaving:
    """A verified saving that a facility's next yearly report may start from."""

    option: Option
    measurement: Measurement


def verified_savings(*, facility_id: int, year: int) -> list[VerifiedSaving]:
    """The latest measurement of each of the facility's options verified in a year
    before ``year``: what its report of ``year`` may start from (a hint, shown with
    its source)."""
    rows = Measurement.objects.filter(
        option__assessment__facility_id=facility_id, option__status=Option.Status.VERIFIED,
        measured_on__year__lt=year,
    ).select_related("option__assessment").order_by("option_id", "-measured_on", "-pk")
    latest: dict[int, Measurement] = {}
    for row in rows:
        latest.setdefault(row.option_id, row)
    return [VerifiedSaving(m.option, m) for m in latest.values()]


#: The report fields a verified saving of a quantity pre-fills.
REPORT_FIELD_OF_QUANTITY = {"electricity_kwh": "electricity_kwh", "water_m3": "water_m3"}


@dataclass(frozen=True)
class Prefill:
    """A figure offered for a new yearly report: the last report's figure less the
    verified savings since, with where it came from."""

    field: str
    value: Decimal
    last_year: int
    last_value: Decimal
    savings: list[VerifiedSaving]


def report_prefill(*, facility_id: int, year: int) -> list[Prefill]:
    """For a facility's report of ``year`` not yet filed: each figure of its latest report
    before ``year`` less the savings verified before ``year`` of options implemented in
    or after that report's year (never below zero)."""
    from sxsh.facilities.models import Report

    last = Report.objects.filter(facility_id=facility_id, year__lt=year).order_by("-year") \
        .first()
    if last is None:
        return []
    found = []
    savings = [s for s in verified_savings(facility_id=facility_id, year=year)
               if s.option.implemented_on and s.option.implemented_on.year >= last.year]
    for quantity, report_field in REPORT_FIELD_OF_QUANTITY.items():
        mine = [s for s in savings if s.measurement.quantity == quantity]
        last_value = getattr(last, report_field)
        if not mine or last_value is None:
            continue
        saved = sum((s.measurement.saved_per_year for s in mine), Decimal(0))
        found.append(Prefill(report_field, max(last_value - saved, Decimal(0)), last.year,
                             last_value, mine))
    return found


@dataclass(frozen=True)
class FundingRow:
    """One source: what the pilot model receives and what the plan's line gives it."""

    source: FundingSource
    amount: Decimal | None
    planned: Decimal | None

    @property
    def share(self) -> Decimal | None:
        """The pilot model's amount as a fraction of the line's, when both are known."""
        if self.amount is None or not self.planned:
            return None
        return self.amount / self.planned


@dataclass
class PilotFundingView:
    """A pilot model's funding by source beside its budget line's (line 2.2 of the 2016
    plan); ``linked`` is false when the line is the plan's pilot-model line found by the
    year, the assessment naming none."""

    line: BudgetLine | None
    linked: bool
    planned_quantity: Decimal | None
    rows: list[FundingRow]

    @property
    def total(self) -> Decimal:
        return sum((r.amount or Decimal(0) for r in self.rows), Decimal(0))

    def form_values(self) -> dict[str, Decimal | None]:
        """The amounts as the funding form names them (``services.funding_values``)."""
        return {f"source_{r.source.pk}": r.amount for r in self.rows}

    @property
    def planned_total(self) -> Decimal | None:
        if self.line is None:
            return None
        return sum((r.planned or Decimal(0) for r in self.rows), Decimal(0))

    @property
    def share(self) -> Decimal | None:
        planned = self.planned_total
        return self.total / planned if planned else None


def pilot_line(assessment: Assessment) -> BudgetLine | None:
    """The pilot model's budget line: the one it names, else the only pilot-model line of
    the plan whose period covers its start (none if there is no such single line)."""
    if assessment.budget_line_id is not None:
        return assessment.budget_line
    year = assessment.started_on.year
    lines = list(BudgetLine.objects.filter(
        plan__start_year__lte=year, plan__end_year__gte=year,
        support=BudgetLine.Support.PILOT).select_related("plan")[:2])
    return lines[0] if len(lines) == 1 else None


def pilot_funding_view(assessment: Assessment,
                       sources: Iterable[FundingSource]) -> PilotFundingView:
    """The funding of a pilot model by ``sources`` (its plan's), each beside the amount
    its budget line plans from that source, with the number of models the line plans."""
    line = pilot_line(assessment)
    planned: dict[int, Decimal] = {}
    quantity = None
    if line is not None:
        planned = dict(line.source_amounts.values_list("source_id", "amount_million_vnd"))
        quantity = line.amounts.aggregate(q=Sum("quantity"))["q"]
    current = {f.source_id: f.amount_million_vnd for f in assessment.funding.all()}
    return PilotFundingView(
        line=line, linked=assessment.budget_line_id is not None, planned_quantity=quantity,
        rows=[FundingRow(s, current.get(s.pk), planned.get(s.pk) if line else None)
              for s in sources])
