"""Writes of the plans context: loading a plan (loading.py), carrying it out (execution.py)."""

from .execution import (  # noqa: F401
    estimate_set,
    expenditure_record,
    task_progress_report,
    year_budget_appraise,
    year_budget_approve,
    year_budget_consolidate,
    year_budget_return,
)
from .loading import LoadResult, plan_load  # noqa: F401
