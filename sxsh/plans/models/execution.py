"""The plan carried out year by year: estimates, the yearly budget and its approval,
spending, and the progress of tasks."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sxsh.core.models import Agency
from sxsh.core.scoping import ScopedQuerySet

from .plan import BudgetLine, FundingSource, Plan, Task

MONEY = {"max_digits": 14, "decimal_places": 3}


class BudgetWorkQuerySet(ScopedQuerySet):
    """Budget work is internal: those who keep, fund or oversee the plan read all of it;
    an agency that joins the plan reads what concerns its own agency. ``plan`` is the
    lookup to the row's plan: the work on the plans of the user's province is read
    (``User.in_province``)."""

    plan = "plan"

    def scope_officer(self, user):
        return self.filter(user.in_province(f"{self.plan}__province"))

    scope_finance = scope_viewer = scope_officer


class YearBudgetPartQuerySet(BudgetWorkQuerySet):
    plan = "year_budget__plan"


class ExpenditureQuerySet(BudgetWorkQuerySet):
    plan = "line__plan"


class EstimateQuerySet(BudgetWorkQuerySet):
    def scope_partner(self, user):
        return self.filter(user.in_province(f"{self.plan}__province"), agency_id=user.agency_id)

    scope_consultant = scope_partner


class Estimate(models.Model):
    """An agency's estimate (dự toán) for one budget line, source and year."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE,
                             related_name="estimates")
    year = models.PositiveSmallIntegerField(_("year"))
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT,
                               related_name="plan_estimates")
    line = models.ForeignKey(BudgetLine, verbose_name=_("budget line"),
                             on_delete=models.CASCADE, related_name="estimates")
    source = models.ForeignKey(FundingSource, verbose_name=_("funding source"),
                               on_delete=models.CASCADE, related_name="estimates")
    amount_million_vnd = models.DecimalField(_("amount (million VND)"), **MONEY,
                                             validators=[MinValueValidator(0)])
    note = models.CharField(_("note"), max_length=300, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"),
                                     null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), auto_now=True)

    objects = EstimateQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "year", "line__order", "source__order"]
        constraints = [
            models.UniqueConstraint(fields=["year", "agency", "line", "source"],
                                    name="uniq_estimate")
        ]
        verbose_name = _("estimate")
        verbose_name_plural = _("estimates")

    def __str__(self) -> str:
        return f"{self.year} {self.line.code} {self.source.name}: {self.amount_million_vnd}"


class YearBudget(models.Model):
    """The budget of one year of the plan on its way from estimates to the province's decision.

    Estimates are consolidated by the programme officer, appraised by the Department of
    Finance (which may return them), and approved by the province; each step is recorded in
    the status history.
    """

    class Status(models.TextChoices):
        COLLECTING = "collecting", _("Collecting estimates")
        CONSOLIDATED = "consolidated", _("Consolidated")
        APPRAISED = "appraised", _("Appraised by finance")
        APPROVED = "approved", _("Approved")

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE,
                             related_name="year_budgets")
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=14, choices=Status.choices,
                              default=Status.COLLECTING)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)

    objects = BudgetWorkQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "year"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], name="uniq_year_budget")
        ]
        verbose_name = _("yearly budget")
        verbose_name_plural = _("yearly budgets")

    def __str__(self) -> str:
        return f"{self.plan.number} {self.year}"


class YearBudgetAmount(models.Model):
    """Per line and source: what the estimates asked, what finance appraised."""

    year_budget = models.ForeignKey(YearBudget, verbose_name=_("yearly budget"),
                                    on_delete=models.CASCADE, related_name="amounts")
    line = models.ForeignKey(BudgetLine, verbose_name=_("budget line"),
                             on_delete=models.CASCADE, related_name="year_amounts")
    source = models.ForeignKey(FundingSource, verbose_name=_("funding source"),
                               on_delete=models.CASCADE, related_name="year_amounts")
    estimated_million_vnd = models.DecimalField(_("estimated (million VND)"), **MONEY)
    appraised_million_vnd = models.DecimalField(_("appraised (million VND)"), **MONEY,
                                                null=True, blank=True)

    objects = YearBudgetPartQuerySet.as_manager()

    class Meta:
        ordering = ["year_budget", "line__order", "source__order"]
        constraints = [
            models.UniqueConstraint(fields=["year_budget", "line", "source"],
                                    name="uniq_year_budget_amount")
        ]
        verbose_name = _("yearly budget amount")
        verbose_name_plural = _("yearly budget amounts")

    def __str__(self) -> str:
        return f"{self.year_budget} {self.line.code} {self.source.name}"


class YearBudgetSourceApproval(models.Model):
    """The amount the province's decision approves from one source for the year."""

    year_budget = models.ForeignKey(YearBudget, verbose_name=_("yearly budget"),
                                    on_delete=models.CASCADE, related_name="approvals")
    source = models.ForeignKey(FundingSource, verbose_name=_("funding source"),
                               on_delete=models.CASCADE, related_name="approvals")
    amount_million_vnd = models.DecimalField(_("approved (million VND)"), **MONEY,
                                             validators=[MinValueValidator(0)])

    objects = YearBudgetPartQuerySet.as_manager()

    class Meta:
        ordering = ["year_budget", "source__order"]
        constraints = [
            models.UniqueConstraint(fields=["year_budget", "source"], name="uniq_approval")
        ]
        verbose_name = _("approved amount")
        verbose_name_plural = _("approved amounts")

    def __str__(self) -> str:
        return f"{self.year_budget} {self.source.name}: {self.amount_million_vnd}"


class Expenditure(models.Model):
    """Money committed, disbursed or settled on a budget line, in a year, from a source."""

    class Kind(models.TextChoices):
        COMMITTED = "committed", _("Committed")
        DISBURSED = "disbursed", _("Disbursed")
        SETTLED = "settled", _("Settled")

    line = models.ForeignKey(BudgetLine, verbose_name=_("budget line"),
                             on_delete=models.PROTECT, related_name="expenditures")
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.ForeignKey(FundingSource, verbose_name=_("funding source"),
                               on_delete=models.PROTECT, related_name="expenditures")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    amount_million_vnd = models.DecimalField(_("amount (million VND)"), **MONEY,
                                             validators=[MinValueValidator(0)])
    on = models.DateField(_("date"))
    reference = models.CharField(_("document"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    null=True, on_delete=models.SET_NULL, related_name="+")

    objects = ExpenditureQuerySet.as_manager()

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name = _("expenditure")
        verbose_name_plural = _("expenditures")

    def __str__(self) -> str:
        return f"{self.line.code} {self.year} {self.get_kind_display()}: {self.amount_million_vnd}"


class TaskProgressQuerySet(ScopedQuerySet):
    """Progress is read by those who keep or oversee the plan, and by the task's agencies."""

    def scope_officer(self, user):
        return self.filter(user.in_province("task__plan__province"))

    scope_viewer = scope_finance = scope_officer

    def scope_partner(self, user):
        return self.filter(Task.involving(user.agency_id, prefix="task__"),
                           user.in_province("task__plan__province")).distinct()

    scope_consultant = scope_partner


class TaskProgress(models.Model):
    """A progress report on a task by its lead or a partner agency."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        STALLED = "stalled", _("Stalled")

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE,
                             related_name="progress")
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), null=True,
                               on_delete=models.PROTECT, related_name="task_reports")
    reported_on = models.DateField(_("reported on"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    percent = models.PositiveSmallIntegerField(
        _("percent done"), validators=[MinValueValidator(0), MaxValueValidator(100)])
    narrative = models.TextField(_("what was done"))
    evidence = models.FileField(_("evidence"), upload_to="plans/evidence/%Y/", blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reported by"),
                                    null=True, on_delete=models.SET_NULL, related_name="+")

    objects = TaskProgressQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_on", "-pk"]
        verbose_name = _("task progress")
        verbose_name_plural = _("task progress reports")

    def __str__(self) -> str:
        return f"{self.task.code} {self.reported_on}: {self.percent} %"
