"""A small year of the seed plan (157/KH-UBND, 2016–2020), worked out by hand.

2018:
- two facilities in Phú Vang, open since 2010: ``assessed`` (a quick assessment started
  4/3/2018, two CP options, one implemented) and ``reporting`` (a report for 2018 saying
  aware, submitted but not yet accepted). I1 2018 = aware ÷ open = 1 ÷ 2 = 50,0 %; once the
  report is accepted, 2 ÷ 2 = 100,0 %.
- activities: TH-2018-01, a training class of task 1.3 on line 1.3, 3/5/2018, 35 million VND
  from the local budget, 3 attendees; PS-2018-01, a media story of task 1.1 on line 1.1,
  1/9/2018, 20 million VND local, nobody attending; TH-2017-01 (task 1.3, 2017, 40 million)
  is outside the year. Group 1 in 2018: 2 activities, 3 attendees, 55 million VND.
- the budget planned for 2018 (Appendix II): 1.375 million VND in all; line 1.3 80 (local),
  line 1.1 30 (local). Spent on line 1.3: the training class, 35 (its cost counts as
  disbursed); on line 1.1: 20.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from sxsh.activities.models import Activity, Attendance
from sxsh.assessments.models import Assessment, Option
from sxsh.facilities.models import Facility, Report
from sxsh.facilities.tests.factories import FacilityFactory
from sxsh.plans.models import Plan
from sxsh.plans.tests.conftest import seed_plan  # noqa: F401  (the fixture)


@pytest.fixture(autouse=True)
def vietnamese():
    from django.utils import translation

    with translation.override("vi"):
        yield


@pytest.fixture(autouse=True)
def reports_dir(settings, tmp_path):
    settings.REPORTS_DIR = tmp_path / "reports"
    return settings.REPORTS_DIR


@dataclass
class Year:
    plan: Plan
    officer: object
    assessed: Facility
    reporting: Facility
    report: Report


@pytest.fixture
def year_2018(seed_plan, users) -> Year:  # noqa: F811
    plan = seed_plan
    tasks = {t.code: t for t in plan.tasks.all()}
    lines = {line.code: line for line in plan.budget_lines.all()}
    assessed = FacilityFactory(name="Công ty Bia Huế")
    reporting = FacilityFactory(name="Công ty Dệt Phú Vang")
    assessment = Assessment.objects.create(
        facility=assessed, kind=Assessment.Kind.QUICK, reference="ĐGN-2018-01",
        started_on=dt.date(2018, 3, 4), budget_line=lines["2.2"])
    Option.objects.create(assessment=assessment, code="GP1", category="good_housekeeping",
                          description="Tắt đèn khi không dùng",
                          status=Option.Status.IMPLEMENTED, implemented_on=dt.date(2018, 6, 1))
    Option.objects.create(assessment=assessment, code="GP2", category="good_housekeeping",
                          description="Sửa rò rỉ hơi")
    training = Activity.objects.create(
        code="TH-2018-01", kind=Activity.Kind.TRAINING, task=tasks["1.3"],
        budget_line=lines["1.3"], date=dt.date(2018, 5, 3), title="Tập huấn SXSH",
        cost_local_mvnd=Decimal("35"))
    for name in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"):
        Attendance.objects.create(activity=training, person_name=name, gender="male")
    Activity.objects.create(
        code="PS-2018-01", kind=Activity.Kind.MEDIA, task=tasks["1.1"],
        budget_line=lines["1.1"], date=dt.date(2018, 9, 1), title="Phóng sự SXSH",
        cost_local_mvnd=Decimal("20"))
    Activity.objects.create(
        code="TH-2017-01", kind=Activity.Kind.TRAINING, task=tasks["1.3"],
        budget_line=lines["1.3"], date=dt.date(2017, 6, 1), title="Tập huấn 2017",
        cost_local_mvnd=Decimal("40"))
    report = Report.objects.create(facility=reporting, year=2018, aware=True,
                                   status=Report.Status.SUBMITTED)
    return Year(plan=plan, officer=users["canbo"], assessed=assessed, reporting=reporting,
                report=report)
