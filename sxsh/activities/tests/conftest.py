"""Fixtures of the activities context: the seed plan, two facilities, a department officer.

The seed plan 157/KH-UBND (2016–2020) plans, among others (Appendix II, million VND):
line 1.1 (task 1.1) 30 a year from the local budget; line 1.3 (task 1.3) 80 in 2018 from
the local budget; line 2.1 (task 2.1) 30 a year, half central, half local; line 3.1 pays
for task 3.2 (study tours), 80 in 2017 from the local budget.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.utils import translation

from sxsh.core.models import AdminUnit, Agency, User, VsicDivision
from sxsh.core.scoping import Role
from sxsh.facilities.models import Facility
from sxsh.plans.planfile import read_plan_file
from sxsh.plans.services import plan_load

SEED_FILE = Path(__file__).resolve().parents[2] / "plans" / "data" / "157-KH-UBND-2016.yaml"


@pytest.fixture(autouse=True)
def vietnamese():
    """Messages in the UI's language, whatever another test left active."""
    with translation.override("vi"):
        yield


@pytest.fixture
def seed_plan(reference):
    return plan_load(spec=read_plan_file(SEED_FILE), user=None).plan


@pytest.fixture
def facilities(reference) -> dict[str, Facility]:
    """A (Phú Vang) and B (Hương Thủy), both open since 2010."""
    def make(tax_code: str, name: str, unit: str) -> Facility:
        return Facility.objects.create(
            tax_code=tax_code, name=name, admin_unit=AdminUnit.objects.get(code=unit),
            vsic=VsicDivision.objects.get(code="10"), opened_year=2010, size_class="small")

    return {"A": make("3300000001", "Công ty A", "phu-vang"),
            "B": make("3300000002", "Công ty B", "huong-thuy")}


@pytest.fixture
def officer_lan(users) -> User:
    """A department officer (TT Khuyến công) whose full name a sign-in sheet may carry."""
    return User.objects.create(username="lan", full_name="Nguyễn Thị Lan", role=Role.OFFICER,
                               agency=Agency.objects.get(code="tt-khuyen-cong"))


def csv_file(header: str, *lines: str) -> bytes:
    return ("\ufeff" + "\r\n".join([header, *lines]) + "\r\n").encode("utf-8")


def opener(content: bytes):
    return lambda: io.BytesIO(content)


ACTIVITY_HEADER = ("code,kind,task_code,budget_line_code,date,title,place,organiser,"
                   "cost_central_mvnd,cost_local_mvnd,cost_enterprise_mvnd")
ATTENDANCE_HEADER = "activity_code,tax_code,person_name,gender,organisation,position"
