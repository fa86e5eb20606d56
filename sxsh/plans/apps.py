from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

#: The steps of a yearly budget, as the audit trail names them.
BUDGET_ACTIONS = {
    "consolidated": _("Estimates consolidated"),
    "appraised": _("Budget appraised"),
    "returned": _("Budget returned to the officer"),
    "approved": _("Budget decision recorded"),
}


class PlansConfig(AppConfig):
    name = "sxsh.plans"
    label = "plans"
    verbose_name = _("Plans")

    def ready(self) -> None:
        from sxsh.core.audit import register, register_action

        from . import models as m

        register(
            m.Plan, m.Target, m.LegalBasis, m.Objective, m.FundingSource, m.TaskGroup,
            m.BudgetLine, m.BudgetAmount, m.BudgetSourceAmount, m.StatedTotal, m.TextQuantity,
        )
        register(m.Task, m2m_fields={"partner_agencies"})
        register(
            m.Estimate, m.YearBudget, m.YearBudgetAmount, m.YearBudgetSourceApproval,
            m.Expenditure, m.TaskProgress,
        )
        statuses = dict(m.YearBudget.Status.choices)
        for code, label in BUDGET_ACTIONS.items():
            register_action(f"plans.budget.{code}", label,
                            choices={"from": statuses, "to": statuses})

    def home_block(self, request) -> dict | None:
        """The current plan on the home page: its period, budget and open findings."""
        from .selectors import home_summary

        return home_summary(request.user)

    def work_items(self, user) -> list:
        """The plan's work waiting for the user (``work.work_items``)."""
        from .work import work_items

        return work_items(user)
