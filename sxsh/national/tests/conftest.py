"""The indicators' hand-built data set and the seed plan, shared with those contexts."""

from sxsh.indicators.tests.conftest import facilities, officers, plan  # noqa: F401
from sxsh.plans.tests.conftest import seed_plan  # noqa: F401
