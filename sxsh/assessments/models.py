"""Technical support: CP assessments (quick, detailed, pilot models), their CP options,
the feasibility and measured savings of each option.

The method (6 steps, 18 tasks; shared/reference/README.md): a CP team, the process steps
and the focus step, per step the inputs and outputs with a balance, the waste streams and
their cost, the causes, the options in eight standard categories, screened, studied for
feasibility, implemented and verified with measured savings.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sxsh.core.models import Agency
from sxsh.core.scoping import ScopedQuerySet, ThroughQuerySet
from sxsh.facilities.models import Facility

MONEY = {"max_digits": 14, "decimal_places": 3}  # million VND, up to 10^11
QUANTITY = {"max_digits": 16, "decimal_places": 3}


class AssessmentQuerySet(ScopedQuerySet):
    """Officers and leadership read every assessment; the consultant those of its agency;
    a local focal point those of facilities in its area; an enterprise its own."""

    def scope_officer(self, user):
        return self.filter(user.in_province("facility__admin_unit"))

    scope_viewer = scope_officer

    def scope_consultant(self, user):
        return self.filter(user.in_province("facility__admin_unit"),
                           consultant_agency_id=user.agency_id)

    def scope_local(self, user):
        return self.filter(facility__admin_unit_id__in=user.area_unit_ids())

    def scope_enterprise(self, user):
        return self.filter(facility__accounts=user)


class Assessment(models.Model):
    """One piece of technical support given to a facility (Appendix I, 2.2–2.4)."""

    class Kind(models.TextChoices):
        QUICK = "quick", _("Quick assessment")
        DETAILED = "detailed", _("Detailed assessment")
        PILOT = "pilot", _("Pilot model")

    class Status(models.TextChoices):
        OPEN = "open", _("In progress")
        CLOSED = "closed", _("Closed")

    facility = models.ForeignKey(Facility, verbose_name=_("facility"), on_delete=models.PROTECT,
                                 related_name="assessments")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    reference = models.CharField(_("reference"), max_length=40,
                                 help_text=_("The assessment's own reference, e.g. ĐGN-2018-03."))
    started_on = models.DateField(_("started on"))
    finished_on = models.DateField(_("finished on"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    focus = models.CharField(_("focus"), max_length=300, blank=True,
                             help_text=_("The process step the assessment concentrates on."))
    consultant_agency = models.ForeignKey(
        Agency, verbose_name=_("consulting agency"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+")
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("consultant"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+")
    budget_line = models.ForeignKey(
        "plans.BudgetLine", verbose_name=_("budget line"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.OPEN)
    summary = models.TextField(_("summary"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "reference"]
        constraints = [models.UniqueConstraint(fields=["facility", "reference"],
                                               name="uniq_assessment_reference")]
        indexes = [models.Index(fields=["facility", "started_on"])]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.reference} – {self.facility.name}"


class PartQuerySet(ThroughQuerySet):
    """A part of an assessment is read by whoever reads the assessment."""

    through = "assessment"


class StepPartQuerySet(ThroughQuerySet):
    through = "step__assessment"


class OptionPartQuerySet(ThroughQuerySet):
    through = "option__assessment"


class AssignmentQuerySet(ScopedQuerySet):
    def scope_officer(self, user):
        return self.filter(user.in_province("facility__admin_unit"))

    scope_viewer = scope_officer

    def scope_consultant(self, user):
        return self.filter(user.in_province("facility__admin_unit"), agency_id=user.agency_id)


class Assignment(models.Model):
    """A facility a consulting agency serves before (or beside) any assessment."""

    facility = models.ForeignKey(Facility, verbose_name=_("facility"), on_delete=models.CASCADE,
                                 related_name="assignments")
    agency = models.ForeignKey(Agency, verbose_name=_("consulting agency"),
                               on_delete=models.PROTECT, related_name="+")
    since = models.DateField(_("since"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["facility", "agency"],
                                               name="uniq_assignment")]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self) -> str:
        return f"{self.agency} → {self.facility}"


class TeamMember(models.Model):
    """A member of the facility's CP team (task 1)."""

    assessment = models.ForeignKey(Assessment, verbose_name=_("assessment"),
                                   on_delete=models.CASCADE, related_name="team")
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    team_role = models.CharField(_("role in the team"), max_length=200, blank=True)

    objects = PartQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("CP team member")
        verbose_name_plural = _("CP team members")

    def __str__(self) -> str:
        return self.name


class ProcessStep(models.Model):
    """A step of the production process (task 2); one of them is the focus (task 3)."""

    assessment = models.ForeignKey(Assessment, verbose_name=_("assessment"),
                                   on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=200)
    is_focus = models.BooleanField(_("focus step"), default=False)

    objects = PartQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("process step")
        verbose_name_plural = _("process steps")

    def __str__(self) -> str:
        return self.name


class Flow(models.Model):
    """An input or output of a process step per year: material, energy, water, product or
    waste (the balance of task 5)."""

    class Direction(models.TextChoices):
        INPUT = "input", _("Input")
        OUTPUT = "output", _("Output")

    class Kind(models.TextChoices):
        MATERIAL = "material", _("Material")
        ENERGY = "energy", _("Energy")
        WATER = "water", _("Water")
        PRODUCT = "product", _("Product")
        WASTE = "waste", _("Waste")

    step = models.ForeignKey(ProcessStep, verbose_name=_("process step"),
                             on_delete=models.CASCADE, related_name="flows")
    direction = models.CharField(_("direction"), max_length=6, choices=Direction.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    quantity_per_year = models.DecimalField(_("quantity per year"), **QUANTITY,
                                            validators=[MinValueValidator(0)])
    unit = models.CharField(_("unit"), max_length=30)

    objects = StepPartQuerySet.as_manager()

    class Meta:
        ordering = ["step", "direction", "pk"]
        verbose_name = _("input or output")
        verbose_name_plural = _("inputs and outputs")

    def __str__(self) -> str:
        return f"{self.step}: {self.name}"


class WasteStream(models.Model):
    """A waste stream and what it costs a year: material lost plus treatment (task 6), with
    its causes (task 7)."""

    assessment = models.ForeignKey(Assessment, verbose_name=_("assessment"),
                                   on_delete=models.CASCADE, related_name="waste_streams")
    step = models.ForeignKey(ProcessStep, verbose_name=_("process step"), null=True,
                             blank=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    quantity_per_year = models.DecimalField(_("quantity per year"), **QUANTITY, null=True,
                                            blank=True, validators=[MinValueValidator(0)])
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    material_cost_mvnd_yr = models.DecimalField(_("material lost (million VND a year)"),
                                                **MONEY, default=0,
                                                validators=[MinValueValidator(0)])
    treatment_cost_mvnd_yr = models.DecimalField(_("treatment (million VND a year)"),
                                                 **MONEY, default=0,
                                                 validators=[MinValueValidator(0)])
    causes = models.TextField(_("causes"), blank=True)

    objects = PartQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("waste stream")
        verbose_name_plural = _("waste streams")

    def __str__(self) -> str:
        return self.name

    @property
    def cost_mvnd_yr(self):
        return self.material_cost_mvnd_yr + self.treatment_cost_mvnd_yr


class Option(models.Model):
    """A CP option: its category, screening, feasibility figures, implementation."""

    class Category(models.TextChoices):
        GOOD_HOUSEKEEPING = "good_housekeeping", _("Good housekeeping")
        INPUT_SUBSTITUTION = "input_substitution", _("Input material change")
        PROCESS_CONTROL = "process_control", _("Better process control")
        EQUIPMENT_MODIFICATION = "equipment_modification", _("Equipment modification")
        TECHNOLOGY_CHANGE = "technology_change", _("Technology change")
        ONSITE_RECOVERY = "onsite_recovery", _("On-site recovery and reuse")
        BYPRODUCT = "byproduct", _("Useful by-products")
        PRODUCT_MODIFICATION = "product_modification", _("Product modification")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        IMPLEMENT_NOW = "implement_now", _("Implement now")
        STUDY = "study", _("Study further")
        REJECTED = "rejected", _("Rejected")
        IMPLEMENTED = "implemented", _("Implemented")
        VERIFIED = "verified", _("Verified")

    assessment = models.ForeignKey(Assessment, verbose_name=_("assessment"),
                                   on_delete=models.CASCADE, related_name="options")
    waste_stream = models.ForeignKey(WasteStream, verbose_name=_("waste stream"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    code = models.CharField(_("code"), max_length=20)
    category = models.CharField(_("category"), max_length=24, choices=Category.choices)
    description = models.TextField(_("description"))
    investment_mvnd = models.DecimalField(_("investment (million VND)"), **MONEY, default=0,
                                          validators=[MinValueValidator(0)])
    annual_saving_mvnd = models.DecimalField(_("yearly saving (million VND)"), **MONEY,
                                             default=0)
    life_years = models.PositiveSmallIntegerField(
        _("lifetime (years)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)])
    discount_rate = models.DecimalField(
        _("discount rate"), max_digits=6, decimal_places=4, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("A fraction: 0.10 for 10 %."))
    status = models.CharField(_("status"), max_length=14, choices=Status.choices,
                              default=Status.PROPOSED)
    implemented_on = models.DateField(_("implemented on"), null=True, blank=True)
    electricity_kwh_saved_yr = models.DecimalField(_("electricity saved (kWh a year)"),
                                                   **QUANTITY, null=True, blank=True,
                                                   validators=[MinValueValidator(0)])
    fuel_toe_saved_yr = models.DecimalField(_("fuel saved (TOE a year)"), **QUANTITY,
                                            null=True, blank=True,
                                            validators=[MinValueValidator(0)])
    water_m3_saved_yr = models.DecimalField(_("water saved (m³ a year)"), **QUANTITY,
                                            null=True, blank=True,
                                            validators=[MinValueValidator(0)])

    objects = PartQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "code"]
        constraints = [models.UniqueConstraint(fields=["assessment", "code"],
                                               name="uniq_option_code")]
        indexes = [models.Index(fields=["status", "implemented_on"])]
        verbose_name = _("CP option")
        verbose_name_plural = _("CP options")

    def __str__(self) -> str:
        return f"{self.code}: {self.description[:60]}"

    @property
    def is_implemented(self) -> bool:
        return self.status in (self.Status.IMPLEMENTED, self.Status.VERIFIED)


class Measurement(models.Model):
    """The measured saving of an implemented option: before/after specific consumption
    normalised by production, or a regression baseline on monthly data; with its method
    and a quality grade."""

    class Method(models.TextChoices):
        SEC = "sec", _("Specific consumption before and after")
        REGRESSION = "regression", _("Regression baseline (energy = a + b × production)")

    class Grade(models.TextChoices):
        A = "A", _("A – measured, regression baseline valid")
        B = "B", _("B – measured, specific consumption")
        C = "C", _("C – estimated")

    option = models.ForeignKey(Option, verbose_name=_("CP option"), on_delete=models.CASCADE,
                               related_name="measurements")
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    grade = models.CharField(_("quality grade"), max_length=1, choices=Grade.choices)
    quantity = models.CharField(_("quantity measured"), max_length=20, default="electricity_kwh",
                                help_text=_("What was measured, e.g. electricity_kwh."))
    saved_per_year = models.DecimalField(_("saved per year"), **QUANTITY)
    saving_fraction = models.DecimalField(_("saving (fraction)"), max_digits=8,
                                          decimal_places=6, null=True, blank=True)
    measured_on = models.DateField(_("measured on"))
    data = models.JSONField(_("data"), default=dict, blank=True,
                            help_text=_("The points and the checks behind the figure."))
    note = models.TextField(_("note"), blank=True)

    objects = OptionPartQuerySet.as_manager()

    class Meta:
        ordering = ["option", "measured_on", "pk"]
        verbose_name = _("measured saving")
        verbose_name_plural = _("measured savings")

    def __str__(self) -> str:
        return f"{self.option.code} {self.measured_on:%d/%m/%Y}"


class PilotFunding(models.Model):
    """The funding of a pilot model by source (line 2.2), the enterprise's share included."""

    assessment = models.ForeignKey(Assessment, verbose_name=_("pilot model"),
                                   on_delete=models.CASCADE, related_name="funding")
    source = models.ForeignKey("plans.FundingSource", verbose_name=_("funding source"),
                               on_delete=models.PROTECT, related_name="+")
    amount_million_vnd = models.DecimalField(_("amount (million VND)"), **MONEY,
                                             validators=[MinValueValidator(0)])

    objects = PartQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "source"],
                                               name="uniq_pilot_funding")]
        verbose_name = _("pilot funding")
        verbose_name_plural = _("pilot funding")

    def __str__(self) -> str:
        return f"{self.assessment}: {self.source} {self.amount_million_vnd}"
