"""Plans: a plan as data (plan.py) and its execution year by year (execution.py)."""

from .execution import (  # noqa: F401
    Estimate,
    Expenditure,
    TaskProgress,
    YearBudget,
    YearBudgetAmount,
    YearBudgetSourceApproval,
)
from .plan import (  # noqa: F401
    BudgetAmount,
    BudgetLine,
    BudgetSourceAmount,
    FundingSource,
    LegalBasis,
    Objective,
    Plan,
    PlanPartQuerySet,
    PlanQuerySet,
    StatedTotal,
    Target,
    Task,
    TaskGroup,
    TextQuantity,
)
