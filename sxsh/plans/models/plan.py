"""Plans: a plan as data — objectives, targets, task groups, tasks, budget."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sxsh.core.models import AdminUnit, Agency
from sxsh.core.scoping import PublicQuerySet, ScopedQuerySet


class PlanQuerySet(PublicQuerySet):
    """A plan is a public document: everyone, logged in or not, may read it."""


class CarriedOutPlanQuerySet(ScopedQuerySet):
    """The plans whose execution (budget, estimates, spending, progress) a user reads: the
    plans of its province (``User.in_province``, its predecessors' included); the plan as a
    document stays public (``Plan.objects``)."""

    def _own_province(self, user):
        return self.filter(user.in_province("province"))

    scope_officer = scope_finance = scope_viewer = _own_province
    scope_partner = scope_consultant = scope_local = scope_enterprise = _own_province

    def scope_ministry(self, user):
        return self.all()


class PlanPartQuerySet(PlanQuerySet):
    """Parts of a plan (objectives, tasks, budget lines) are as public as the plan."""


class Plan(models.Model):
    """A provincial plan (kế hoạch) with its period, issuer and legal bases; it belongs to
    its issuer's province, which may hold several plans in one period."""

    class DocumentType(models.TextChoices):
        PLAN = "plan", _("Plan")
        DECISION = "decision", _("Decision issuing a plan")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    number = models.CharField(_("number"), max_length=60)
    title = models.CharField(_("title"), max_length=500)
    document_type = models.CharField(_("document type"), max_length=10,
                                     choices=DocumentType.choices, default=DocumentType.PLAN)
    province = models.ForeignKey(
        AdminUnit, verbose_name=_("province"), on_delete=models.PROTECT, related_name="plans",
        help_text=_("The issuer's province: its indicators are measured against this plan."),
    )
    issuer = models.ForeignKey(Agency, verbose_name=_("issuer"), on_delete=models.PROTECT,
                               related_name="plans_issued")
    issued_on = models.DateField(_("issued on"))
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    signer = models.CharField(_("signed by"), max_length=200, blank=True)
    general_objective = models.TextField(_("general objective"), blank=True)
    proposal = models.TextField(
        _("proposed by"), blank=True,
        help_text=_("The submission the plan answers (theo đề nghị của …)."),
    )
    budget_note = models.CharField(
        _("budget note"), max_length=300, blank=True,
        help_text=_("What the budget appendix says about its figures (unit, sources)."),
    )
    budget_known = models.BooleanField(
        _("budget known"), default=True,
        help_text=_("Unticked while the plan's budget is not yet known (decided later)."),
    )

    objects = PlanQuerySet.as_manager()
    carried_out = CarriedOutPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-start_year", "number"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return f"{self.number} ({self.start_year}–{self.end_year})"

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))


class Target(models.Model):
    """A measurable target of a plan, with the national strategy's value beside it.

    ``indicator_code`` ties the target to an indicator definition (I1 … I7) of the
    indicators context. Shares are fractions (0.9 for 90 %); a band has both bounds.
    """

    class Indicator(models.TextChoices):
        I1 = "I1", _("I1 Awareness of CP benefits")
        I2 = "I2", _("I2 Dedicated CP staff in medium and large enterprises")
        I3 = "I3", _("I3 CP applied")
        I4 = "I4", _("I4 Savings per unit product")
        I5 = "I5", _("I5 Department staff able to guide CP")
        I6 = "I6", _("I6 Facilities given technical support")
        I7 = "I7", _("I7 Technical guides published")

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE,
                             related_name="targets")
    code = models.CharField(_("code"), max_length=20)
    text = models.TextField(_("text"))
    indicator_code = models.CharField(_("indicator"), max_length=4, blank=True,
                                      choices=Indicator.choices)
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True,
        help_text=_("Empty: the target is for the end of the plan's period."),
    )
    value_min = models.DecimalField(_("value (or lower bound)"), max_digits=12,
                                    decimal_places=4, null=True, blank=True)
    value_max = models.DecimalField(_("upper bound"), max_digits=12, decimal_places=4,
                                    null=True, blank=True)
    national_value_min = models.DecimalField(_("national value (or lower bound)"),
                                             max_digits=12, decimal_places=4, null=True,
                                             blank=True)
    national_value_max = models.DecimalField(_("national upper bound"), max_digits=12,
                                             decimal_places=4, null=True, blank=True)
    national_source = models.CharField(_("national source"), max_length=200, blank=True)
    national_unit = models.CharField(
        _("national unit"), max_length=30, blank=True,
        help_text=_("Empty for a share (fraction), as the national strategy states most targets."),
    )
    unit = models.CharField(_("unit"), max_length=30, blank=True,
                            help_text=_("Empty for a share (fraction)."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="uniq_target_code")
        ]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self) -> str:
        return f"{self.code}: {self.text[:60]}"


class LegalBasis(models.Model):
    """A document the plan is based on (căn cứ) or implements (thực hiện)."""

    class Kind(models.TextChoices):
        BASIS = "basis", _("Based on")
        IMPLEMENTS = "implements", _("Implements")

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE,
                             related_name="legal_bases")
    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    document = models.CharField(_("document number"), max_length=100, blank=True)
    text = models.TextField(_("text"))

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="uniq_legal_basis_order")
        ]
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")

    def __str__(self) -> str:
        return self.document or self.text[:60]


class Objective(models.Model):
    """A specific objective (mục tiêu cụ thể) as the plan words it."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE,
                             related_name="objectives")
    code = models.CharField(_("code"), max_length=20)
    text = models.TextField(_("text"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="uniq_objective_code")
        ]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")

    def __str__(self) -> str:
        return f"{self.code}: {self.text[:60]}"


class FundingSource(models.Model):
    """A source of money named by the plan (central budget, local budget, enterprises…)."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE,
                             related_name="funding_sources")
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="uniq_funding_source_code")
        ]
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")

    def __str__(self) -> str:
        return self.name


class TaskGroup(models.Model):
    """A group of tasks (nhóm nhiệm vụ), numbered 1, 2, … in the appendices."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE,
                             related_name="task_groups")
    code = models.CharField(_("code"), max_length=20)
    title = models.TextField(_("title"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="uniq_task_group_code")
        ]
        verbose_name = _("task group")
        verbose_name_plural = _("task groups")

    def __str__(self) -> str:
        return f"{self.code}. {self.title[:60]}"


class Task(models.Model):
    """A task of Appendix I: content, purpose, expected result, who and when."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE,
                             related_name="tasks")
    group = models.ForeignKey(TaskGroup, verbose_name=_("task group"),
                              on_delete=models.CASCADE, related_name="tasks")
    code = models.CharField(_("code"), max_length=20)
    content = models.TextField(_("content"))
    purpose = models.TextField(_("purpose"), blank=True)
    expected_result = models.TextField(_("expected result"), blank=True)
    lead_agency = models.ForeignKey(Agency, verbose_name=_("lead agency"), null=True,
                                    blank=True, on_delete=models.PROTECT,
                                    related_name="tasks_led")
    partner_agencies = models.ManyToManyField(Agency, verbose_name=_("partner agencies"),
                                              blank=True, related_name="tasks_joined")
    other_partners = models.TextField(
        _("other partners"), blank=True,
        help_text=_("Partners that are not agencies of the register, one per line."),
    )
    responsibility_text = models.TextField(
        _("responsibility as printed"), blank=True,
        help_text=_("The plan's own wording of who leads and who joins."),
    )
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="uniq_task_code")
        ]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self) -> str:
        return f"{self.code}. {self.content[:60]}"

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))

    # The rule "an agency leads or joins the task" — the one place it is written, in SQL
    # for querysets and in Python for an object at hand (the capability ``task_agency``).

    @staticmethod
    def involving(agency_id: int | None, prefix: str = "") -> Q:
        """Tasks (or, with ``prefix`` such as ``"task__"``, rows of tasks) that the agency
        leads or joins."""
        return Q(**{f"{prefix}lead_agency_id": agency_id}) | Q(
            **{f"{prefix}partner_agencies": agency_id})

    def involves(self, agency_id: int | None) -> bool:
        """Whether the agency leads or joins this task (reads prefetched partners)."""
        if not agency_id:
            return False
        return self.lead_agency_id == agency_id or any(
            a.pk == agency_id for a in self.partner_agencies.all())

    @property
    def other_partner_list(self) -> list[str]:
        return [p for p in self.other_partners.splitlines() if p.strip()]

    @property
    def timeframe(self) -> str:
        if self.start_year == self.end_year:
            return str(self.start_year)
        return f"{self.start_year}–{self.end_year}"


class BudgetLine(models.Model):
    """A line of Appendix II, numbered as printed there (which may differ from Appendix I)."""

    class Support(models.TextChoices):
        """The technical support a line pays for, counted by indicator I6 (guides: I7)."""

        QUICK = "quick", _("Quick assessments")
        DETAILED = "detailed", _("Detailed assessments")
        PILOT = "pilot", _("Pilot models")
        GUIDES = "guides", _("Technical guides")

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE,
                             related_name="budget_lines")
    group = models.ForeignKey(TaskGroup, verbose_name=_("task group"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="budget_lines")
    task = models.ForeignKey(Task, verbose_name=_("task"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="budget_lines")
    code = models.CharField(_("code"), max_length=20)
    content = models.TextField(_("content"))
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    unit_cost_million_vnd = models.DecimalField(
        _("unit cost (million VND)"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    total_million_vnd = models.DecimalField(
        _("total as printed (million VND)"), max_digits=14, decimal_places=3, null=True,
        blank=True,
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    support = models.CharField(
        _("technical support"), max_length=10, choices=Support.choices, blank=True,
        help_text=_("The kind of technical support the line's quantities count (indicator I6; "
                    "technical guides: I7)."))

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="uniq_budget_line_code")
        ]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self) -> str:
        return f"{self.code}. {self.content[:60]}"


class BudgetAmount(models.Model):
    """The quantity and money of a budget line in one year."""

    line = models.ForeignKey(BudgetLine, verbose_name=_("budget line"),
                             on_delete=models.CASCADE, related_name="amounts")
    year = models.PositiveSmallIntegerField(_("year"))
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=3, null=True,
                                   blank=True)
    amount_million_vnd = models.DecimalField(_("amount (million VND)"), max_digits=14,
                                             decimal_places=3)

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        ordering = ["line", "year"]
        constraints = [
            models.UniqueConstraint(fields=["line", "year"], name="uniq_budget_amount_year")
        ]
        verbose_name = _("budget amount")
        verbose_name_plural = _("budget amounts")

    def __str__(self) -> str:
        return f"{self.line.code} {self.year}: {self.amount_million_vnd}"


class BudgetSourceAmount(models.Model):
    """The part of a budget line's total that one funding source pays."""

    line = models.ForeignKey(BudgetLine, verbose_name=_("budget line"),
                             on_delete=models.CASCADE, related_name="source_amounts")
    source = models.ForeignKey(FundingSource, verbose_name=_("funding source"),
                               on_delete=models.CASCADE, related_name="line_amounts")
    amount_million_vnd = models.DecimalField(_("amount (million VND)"), max_digits=14,
                                             decimal_places=3)

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        ordering = ["line", "source__order"]
        constraints = [
            models.UniqueConstraint(fields=["line", "source"], name="uniq_budget_source_amount")
        ]
        verbose_name = _("budget amount by source")
        verbose_name_plural = _("budget amounts by source")

    def __str__(self) -> str:
        return f"{self.line.code} {self.source.code}: {self.amount_million_vnd}"


class StatedTotal(models.Model):
    """A total the document prints: of a year, of a source, or the grand total.

    Kept as printed so the checker can compare it with the sum of the lines.
    """

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE,
                             related_name="stated_totals")
    place = models.CharField(_("where it is stated"), max_length=60)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    source = models.ForeignKey(FundingSource, verbose_name=_("funding source"), null=True,
                               blank=True, on_delete=models.CASCADE,
                               related_name="stated_totals")
    amount_million_vnd = models.DecimalField(_("amount (million VND)"), max_digits=14,
                                             decimal_places=3)

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "place", "year", "source__order"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__isnull=True) | models.Q(source__isnull=True),
                name="stated_total_year_or_source",
            ),
        ]
        verbose_name = _("stated total")
        verbose_name_plural = _("stated totals")

    def __str__(self) -> str:
        what = self.year or (self.source.code if self.source_id else "total")
        return f"{self.place} {what}: {self.amount_million_vnd}"


class TextQuantity(models.Model):
    """A quantity the plan's text states for a task ("each year at least 5 enterprises")."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE,
                             related_name="text_quantities")
    place = models.CharField(_("where it is stated"), max_length=60)
    text = models.TextField(_("text"))
    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE,
                             related_name="text_quantities")
    quantity_min = models.DecimalField(_("quantity (or lower bound)"), max_digits=12,
                                       decimal_places=3)
    quantity_max = models.DecimalField(
        _("upper bound"), max_digits=12, decimal_places=3, null=True, blank=True,
        help_text=_("Empty: at least the lower bound."),
    )
    per_year = models.BooleanField(_("each year"), default=False)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "place", "task"],
                                    name="uniq_text_quantity")
        ]
        verbose_name = _("quantity stated in the text")
        verbose_name_plural = _("quantities stated in the text")

    def __str__(self) -> str:
        return f"{self.place}: {self.text[:60]}"
