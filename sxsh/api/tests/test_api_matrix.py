"""The permission matrix over the API: every endpoint of the router × every role (and
anonymous) → the answer.

The endpoints come from the router itself, so a new one cannot be forgotten:
``test_every_endpoint_is_in_the_matrix`` fails for a route without an entry in
``ENDPOINTS``. The answers are worked out as the page matrix's are
(``sxsh.core.tests.test_permission_matrix``): from the capability table written out by hand
(``test_capabilities.EXPECTED``) and from who reads each record (``READERS``) — never by
asking the view. Its data set (``world``), roles and sessions are reused, not copied.

An anonymous request to an endpoint that needs a user is answered as DRF answers a request
without credentials: 401 when an authentication class names a scheme for the
``WWW-Authenticate`` header (a Bearer token), else 403 (the session alone names none).
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from sxsh.api.urls import router
from sxsh.core.tests import test_permission_matrix as pages
from sxsh.core.tests.test_permission_matrix import (
    ANONYMOUS,
    LOGIN,
    PUBLIC,
    ROLES,
    Page,
    World,
    _answer,
    _trail_size,
)

pytestmark = pytest.mark.django_db

#: The page matrix's data set, built once for this module too.
world = pages.world

NOTHING = {"the": set()}  # a record nobody reads: an address that names none

# fmt: off
ENDPOINTS: dict[str, Page] = {
    "indicator-list": Page("indicators.dashboard"),
    "indicator-public": Page(PUBLIC),
    "plan-list": Page(PUBLIC),
    "plan-detail": Page(PUBLIC, "plan"),
    "plan-progress-list": Page(LOGIN, "plan"),
    "plan-budget-list": Page("plans.view_budget", "plan"),
    "plan-budget-detail": Page("plans.view_budget", "plan"),
    "assessment-list": Page("assessments.view"),
    "assessment-detail": Page("assessments.view", "assessment"),
    "option-list": Page("assessments.view"),
    "option-detail": Page("assessments.view", "option"),
    "activity-list": Page("activities.view"),
    "activity-detail": Page("activities.view", "activity"),
    "activity-attendance-list": Page("activities.view", "activity"),
    "article-list": Page(PUBLIC), "document-list": Page(PUBLIC),
    "case-study-list": Page(PUBLIC), "solution-list": Page(PUBLIC),
    # no piece is published in the data set: not found, whoever asks
    **{name: Page(PUBLIC, rule=NOTHING, denied=404)
       for name in ("article-detail", "document-detail", "case-study-detail")},
    "national-package-list": Page("national.read"),
    # a package nobody imported: not found for those who read packages
    "national-package-detail": Page("national.read", rule=NOTHING, denied=404),
    # annual reports: report ``issued`` (version 1 issued with its files, version 2 a draft)
    # and ``draft`` (a five-year summary, version 1 a draft), the page matrix's
    "annual-report-list": Page("reports.view"),
    "annual-report-detail": Page("reports.view", "annual_report"),
    "annual-report-version-list": Page("reports.view", "annual_report"),
    "annual-report-version-detail": Page("reports.view", "report_version"),
    "annual-report-version-file": Page("reports.view", "report_version"),
    "annual-report-version-issue": Page("reports.issue", "report_version", ok=400, post={}),
}
#: The endpoints that also take a PATCH: the answer to one without If-Match (no write).
PATCHES: dict[str, Page] = {
    "annual-report-version-detail": Page("reports.prepare", "report_version", ok=428),
}
# fmt: on


def _router_names() -> list[str]:
    return sorted({p.name for p in router.urls if p.name and p.name != "api-root"})


def test_every_endpoint_is_in_the_matrix():
    # The endpoints that write (facilities, reports) are in the page matrix, which posts.
    missing = sorted(set(_router_names()) - set(ENDPOINTS) - set(pages.PAGES))
    assert missing == [], f"Add these endpoints to ENDPOINTS with each role's answer: {missing}"
    assert sorted(set(ENDPOINTS) - set(_router_names())) == []
    assert sorted(set(PATCHES) - set(ENDPOINTS)) == []
    assert sorted(set(ENDPOINTS) & set(pages.PAGES)) == []


def _anonymous_answer() -> int:
    """DRF's answer to a request without credentials (see the module's docstring)."""
    request = Request(APIRequestFactory().get("/"))
    return 401 if APIView().get_authenticate_header(request) else 403


def _args(world: World, name: str) -> dict[str, list]:
    """The arguments of the endpoint's address, per record, from the page matrix's data."""
    pages = world.args
    plan = pages["plans:detail"]["the"]
    by_kind = {
        "plan-detail": {"the": plan}, "plan-progress-list": {"the": plan},
        "plan-budget-list": {"the": plan}, "plan-budget-detail": {"the": [*plan, 2018]},
        "assessment-detail": pages["assessments:detail"],
        "option-detail": pages["assessments:option_edit"],
        "activity-detail": pages["activities:detail"],
        "activity-attendance-list": pages["activities:detail"],
        "national-package-detail": {"the": [987654]},
        "annual-report-detail": pages["reports:compare"],
        "annual-report-version-list": pages["reports:compare"],
        "annual-report-version-detail": pages["reports:version"],
        "annual-report-version-file": pages["reports:file"],
        "annual-report-version-issue": pages["reports:issue"],
        **{name: {"the": ["khong-co"]}
           for name in ("article-detail", "document-detail", "case-study-detail")},
    }
    return by_kind.get(name, {"the": []})


def _wrong(world: World, name: str, endpoint: Page, method: str, ask) -> list[str]:
    """Each role's answer to ``method`` on the endpoint's addresses (``ask(role, url)``),
    where it is not the one the capability table gives."""
    anonymous = _anonymous_answer()
    wrong = []
    for which, args in _args(world, name).items():
        url = reverse(name, args=args)
        for role in ROLES:
            expected = endpoint.expected(role, which)
            if role == ANONYMOUS and expected == "login":
                expected = anonymous
            got = ask(role, url)
            if got != expected:
                wrong.append(f"{role} {method} {url} ({which}): {got}, expected {expected}")
    return wrong


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_each_endpoint_answers_each_role_as_the_capability_table_says(world, name):
    endpoint = ENDPOINTS[name]
    method = "GET" if endpoint.post is None else "POST"
    assert _wrong(world, name, endpoint, method,
                  lambda role, url: _answer(world, role, url, endpoint.post)) == []


def _patched(world: World, role: str, url: str) -> int | str:
    """What ``role`` gets for an empty PATCH of ``url``, in a savepoint rolled back after;
    "wrote" when it changed the audited data."""
    with transaction.atomic():
        before = _trail_size()
        answer = world.client(role).patch(url, {}, content_type="application/json")
        got: int | str = "wrote" if _trail_size() != before else answer.status_code
        transaction.set_rollback(True)
    return got


@pytest.mark.parametrize("name", sorted(PATCHES))
def test_each_patch_answers_each_role_as_the_capability_table_says(world, name):
    assert _wrong(world, name, PATCHES[name], "PATCH",
                  lambda role, url: _patched(world, role, url)) == []
