"""Fixtures of the plans context: the seed plan and a second, different plan, loaded."""

from pathlib import Path

import pytest

from sxsh.core.tests import snapshots
from sxsh.plans.models import Plan
from sxsh.plans.planfile import read_plan_file
from sxsh.plans.services import plan_load

SEED_FILE = Path(__file__).resolve().parents[1] / "data" / "157-KH-UBND-2016.yaml"
SECOND_FILE = Path(__file__).resolve().parent / "data" / "plan-2021-2025.yaml"


@pytest.fixture
def seed_plan(reference):
    """Kế hoạch 157/KH-UBND loaded from the shipped file."""
    return _loaded("seed_plan", SEED_FILE)


@pytest.fixture
def second_plan(reference):
    """A made-up 2021–2025 plan with sources central/local/other and deliberate mistakes."""
    return _loaded("second_plan", SECOND_FILE)


def _loaded(name: str, path: Path) -> Plan:
    """The plan ``plan_load`` makes of the file: loaded once a session, then restored."""
    keys = snapshots.restore(name, lambda: plan_load(spec=read_plan_file(path), user=None))
    [pk] = keys[Plan]
    return Plan.objects.get(pk=pk)


@pytest.fixture
def lines(seed_plan):
    """The seed plan's budget lines by code (1.1, 2.2, …)."""
    return {line.code: line for line in seed_plan.budget_lines.all()}


@pytest.fixture
def sources(seed_plan):
    """The seed plan's funding sources by code (central, local, enterprise)."""
    return {s.code: s for s in seed_plan.funding_sources.all()}


@pytest.fixture(autouse=True)
def vietnamese():
    """Messages built outside a request (services, commands) in the UI's language."""
    from django.utils import translation

    with translation.override("vi"):
        yield


LAM_DONG_FILE = Path(__file__).resolve().parent / "data" / "lam-dong-2645-test-fixture.yaml"


@pytest.fixture
def lam_dong_agencies(reference):
    """Two agencies of Lâm Đồng (before 1/7/2025) named as Huế's are: "UBND tỉnh" and
    "Sở Công Thương" — the names a plan file uses."""
    from sxsh.core.models import AdminUnit, Agency

    province = AdminUnit.objects.get(code="vn-68")
    return {
        "ubnd": Agency.objects.create(
            code="ubnd-lam-dong", name="Ủy ban nhân dân tỉnh Lâm Đồng", short_name="UBND tỉnh",
            kind=Agency.Kind.PROVINCE, province=province, aliases="UBND tỉnh"),
        "sct": Agency.objects.create(
            code="sct-lam-dong", name="Sở Công Thương tỉnh Lâm Đồng",
            short_name="Sở Công Thương", kind=Agency.Kind.DEPARTMENT, province=province,
            aliases="Sở Công Thương"),
    }


@pytest.fixture
def lam_dong_plan(lam_dong_agencies):
    """The Lâm Đồng test fixture (2645/QĐ-UBND's number, date and period; made-up content)."""
    return plan_load(spec=read_plan_file(LAM_DONG_FILE), user=None).plan
