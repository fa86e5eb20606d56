from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "sxsh.plans"
    label = "plans"
    verbose_name = _("Plans")

    def ready(self) -> None:
        from sxsh.core.audit import register

        from . import models as m

        register(
            m.Plan, m.Target, m.LegalBasis, m.Objective, m.FundingSource, m.TaskGroup,
            m.BudgetLine, m.BudgetAmount, m.BudgetSourceAmount, m.StatedTotal, m.TextQuantity,
        )
        register(m.Task, m2m_fields={"partner_agencies"})
        register(
            m.Estimate, m.YearBudget, m.YearBudgetAmount, m.YearBudgetSourceApproval,
            m.StatusChange, m.Expenditure, m.TaskProgress,
        )

    def home_block(self, request) -> dict | None:
        """The current plan on the home page: its period, budget and open findings."""
        from .selectors import home_summary

        return home_summary(request.user)
