"""Plans: a plan as data — objectives, targets, task groups, tasks, budget."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sxsh.core.models import Agency
from sxsh.core.scoping import ScopedQuerySet


class PlanQuerySet(ScopedQuerySet):
    def public(self):
        return self.all()

    def scope_officer(self, user):
        return self.all()

    scope_viewer = scope_consultant = scope_finance = scope_partner = scope_officer
    scope_local = scope_enterprise = scope_officer


class Plan(models.Model):
    """A provincial plan (kế hoạch) with its period, issuer and legal bases."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    number = models.CharField(_("number"), max_length=60)
    title = models.CharField(_("title"), max_length=500)
    issuer = models.ForeignKey(Agency, verbose_name=_("issuer"), on_delete=models.PROTECT,
                               related_name="plans_issued")
    issued_on = models.DateField(_("issued on"))
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    signer = models.CharField(_("signed by"), max_length=200, blank=True)
    general_objective = models.TextField(_("general objective"), blank=True)

    objects = PlanQuerySet.as_manager()

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
    unit = models.CharField(_("unit"), max_length=30, blank=True,
                            help_text=_("Empty for a share (fraction)."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["plan", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="uniq_target_code")
        ]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self) -> str:
        return f"{self.code}: {self.text[:60]}"
