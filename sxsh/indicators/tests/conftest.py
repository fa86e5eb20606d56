"""A small hand-built data set; every expected figure in the tests is worked from it by hand.

Facilities (unit, VSIC division, size, opened–closed) and their reports
(year status: aware/staff/applied, production; energy, raw, aux, water):

A  phu-vang    10 large   2010–      2016 acc: F/T/T, 100; 10, 50, 5, 200
                                      2018 acc: T/T/T, 100;  9, 48, 5, 150 (baseline implied: 2016)
B  phu-vang    10 medium  2012–      2016 acc: T/F/F, no production
                                      2017 acc: F/T/T, 200; 20, 100        (no report for 2018)
C  huong-thuy  23 small   2015–      2016 acc: T/T/F, 100; 20, 200, 10
                                      2017 acc: T/T/T, 100; 10, 100, 10
                                      2018 acc: T/T/T,  50;  5, 46, 4      (baseline stated: 2017)
D  nam-dong    10 medium  2017–2019  2017 submitted: T/T/T; 2018 draft: T/T/T, 10; 1
E  phu-vang    23 large   2005–2018  2016 acc: T/T/T                       (closed in 2018)
F  huong-thuy  10 medium  2019–      2019 acc: T/T/T                       (opens in 2019)
G  huong-thuy  10 large   (unknown)  2016 acc: F/F/F; 2018 returned: T/T/T
H  phu-vang    23 medium  2000–      2016 acc: –/–/T, 100; 5
                                      2018 acc: –/–/T, 100; 5
J  phu-vang    10 small   2000–      2016 acc: –/–/F, 0; 1
                                      2018 acc: –/–/T, 10; 1               (baseline production 0)

Nam Đông passed wholly into Phú Lộc on 1/1/2025 (reference data).

Activities (fixture ``attendances``) and who attended them:

W-2017  workshop  10/10/2017   J (its quality manager)
T-2018  training  03/05/2018   G (its director); Lan (Phòng KTAT&MT, an officer's full name);
                               a commune official (no facility)
W-2018  workshop  20/06/2018   canbo (Phòng KTAT&MT — a workshop, not a training)
T-2019  training  01/03/2019   H; khuyencong (TT Khuyến công, already marked as trained)

Technical support (the ``supports`` fixture, on top of the above and the plan 2016–2020):
K is one more facility, and the assessments (kind, started) and their CP options:

K  phu-vang    10 small   2014–      2016 acc: T/F/F, 100; 10
                                      2018 acc: T/F/F, 100;  9   (energy saving 10 %)
   quick 2016-08-01; detailed 2016-11-01, option implemented 2017-05-01
B  quick 2017-03-01 and quick 2018-04-01 (one support); option "study"
E  quick 2017-01-10 (E closes in 2018: the support was given all the same)
G  quick 2018-05-10, option implemented 2018-09-01
J  quick 2015-03-01 (before the plan); pilot 2017-06-01, option "implement_now"
D  detailed 2019-02-01, option verified, implemented 2019-06-01

The plan's technical-support budget lines, as in the seed: pilot 2018 1, 2019 1;
quick 2017 1, 2018 2, 2019 1, 2020 1; detailed 2018 1, 2019 1, 2020 1; and the
handbook line (1 a year 2017–2020), not a support.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sxsh.activities.models import Activity, Attendance
from sxsh.assessments.models import Assessment, Option
from sxsh.core.models import AdminUnit, Agency, User
from sxsh.core.scoping import Role
from sxsh.facilities.models import Facility, Report
from sxsh.facilities.tests.factories import FacilityFactory
from sxsh.plans.models import BudgetAmount, BudgetLine, Plan, Target, Task

ACC, SUB, DRAFT, RET = (Report.Status.ACCEPTED, Report.Status.SUBMITTED, Report.Status.DRAFT,
                        Report.Status.RETURNED)


def table_facility(key: str, unit: str, vsic: str, size: str, opened: int | None,
                  closed: int | None = None, **extra) -> Facility:
    """Facility ``key`` of the table above, registered as any other (``FacilityFactory``)."""
    return FacilityFactory(
        tax_code=f"33000000{ord(key) - 60:02d}", name=f"Cơ sở {key}", admin_unit_code=unit,
        vsic_code=vsic, size=size, opened_year=opened, closed_year=closed, **extra,
    )


def make_report(facility: Facility, year: int, status: str, flags: str,
                production=None, energy=None, raw=None, aux=None, water=None,
                baseline_year: int | None = None) -> Report:
    """``flags`` is aware/staff/applied as three characters of T, F or - (unanswered)."""
    value = {"T": True, "F": False, "-": None}
    return Report.objects.create(
        facility=facility, year=year, status=status, baseline_year=baseline_year,
        aware=value[flags[0]], cp_staff=value[flags[1]], cp_applied=value[flags[2]],
        production=_d(production), energy_toe=_d(energy), raw_material_t=_d(raw),
        aux_material_t=_d(aux), water_m3=_d(water),
    )


def _d(number) -> Decimal | None:
    return None if number is None else Decimal(str(number))


@pytest.fixture
def facilities(reference) -> dict[str, Facility]:
    f = {
        "A": table_facility("A", "phu-vang", "10", "large", 2010),
        "B": table_facility("B", "phu-vang", "10", "medium", 2012),
        "C": table_facility("C", "huong-thuy", "23", "small", 2015, published=True),
        "D": table_facility("D", "nam-dong", "10", "medium", 2017, 2019),
        "E": table_facility("E", "phu-vang", "23", "large", 2005, 2018),
        "F": table_facility("F", "huong-thuy", "10", "medium", 2019),
        "G": table_facility("G", "huong-thuy", "10", "large", None),
        "H": table_facility("H", "phu-vang", "23", "medium", 2000),
        "J": table_facility("J", "phu-vang", "10", "small", 2000),
    }
    make_report(f["A"], 2016, ACC, "FTT", 100, 10, 50, 5, 200)
    make_report(f["A"], 2018, ACC, "TTT", 100, 9, 48, 5, 150)
    make_report(f["B"], 2016, ACC, "TFF")
    make_report(f["B"], 2017, ACC, "FTT", 200, 20, 100)
    make_report(f["C"], 2016, ACC, "TTF", 100, 20, 200, 10)
    make_report(f["C"], 2017, ACC, "TTT", 100, 10, 100, 10)
    make_report(f["C"], 2018, ACC, "TTT", 50, 5, 46, 4, baseline_year=2017)
    make_report(f["D"], 2017, SUB, "TTT")
    make_report(f["D"], 2018, DRAFT, "TTT", 10, 1)
    make_report(f["E"], 2016, ACC, "TTT")
    make_report(f["F"], 2019, ACC, "TTT")
    make_report(f["G"], 2016, ACC, "FFF")
    make_report(f["G"], 2018, RET, "TTT")
    make_report(f["H"], 2016, ACC, "--T", 100, 5)
    make_report(f["H"], 2018, ACC, "--T", 100, 5)
    make_report(f["J"], 2016, ACC, "--F", 0, 1)
    make_report(f["J"], 2018, ACC, "--T", 10, 1)
    return f


@pytest.fixture
def officers(users) -> dict[str, User]:
    """I5: besides the demo officer ``canbo`` (not trained), of Phòng KTAT&MT.

    Counted: canbo (untrained), ``khuyencong`` (trained, TT Khuyến công). Not counted: an
    officer of Sở TN&MT, a consultant of TT Khuyến công, an inactive officer.
    """
    # The demo officer is trained; here canbo stands for an untrained colleague.
    User.objects.filter(username="canbo").update(cp_trained=False)
    agency = Agency.objects.get
    return {
        "khuyencong": User.objects.create(username="khuyencong", role=Role.OFFICER,
                                          agency=agency(code="tt-khuyen-cong"), cp_trained=True),
        "tnmt": User.objects.create(username="tnmt-officer", role=Role.OFFICER,
                                    agency=agency(code="so-tnmt"), cp_trained=True),
        "consultant": User.objects.create(username="tv2", role=Role.CONSULTANT,
                                          agency=agency(code="tt-khuyen-cong"), cp_trained=True),
        "inactive": User.objects.create(username="old", role=Role.OFFICER, is_active=False,
                                        agency=agency(code="so-cong-thuong"), cp_trained=True),
    }


@pytest.fixture
def plan(reference) -> Plan:
    """The seed plan's targets, as the plans context will load them (year empty = 2020)."""
    plan = Plan.objects.create(
        code="157-kh-ubnd-2016", number="157/KH-UBND", title="Kế hoạch SXSH 2016–2020",
        issuer=Agency.objects.get(code="ubnd-tinh"), issued_on="2016-10-31",
        start_year=2016, end_year=2020, province=AdminUnit.objects.get(code="tth"),
    )
    for order, (code, low, high, nat, unit) in enumerate([
        ("I1", "0.90", None, "0.90", ""), ("I2", "0.50", None, "0.90", ""),
        ("I3", "0.50", None, "0.50", ""), ("I4", "0.08", "0.13", None, ""),
        ("I5", "1", None, "0.90", "người"), ("I6", "10", None, None, "cơ sở"),
        ("I7", "4", None, None, "tài liệu"),
    ]):
        Target.objects.create(
            plan=plan, code=f"t{order}", text=f"Mục tiêu {code}", indicator_code=code,
            value_min=Decimal(low), value_max=Decimal(high) if high else None,
            national_value_min=Decimal(nat) if nat else None, unit=unit, order=order,
        )
    return plan


@pytest.fixture
def attendances(facilities, officers) -> dict[str, Activity]:
    """The activities of the module docstring, on a small plan's task and line 1.3; Lan is a
    programme officer of Phòng KTAT&MT, untrained on her account."""
    lan = User.objects.create(username="lan", full_name="Nguyễn Thị Lan", role=Role.OFFICER,
                              agency=Agency.objects.get(code="phong-ktat-mt"))
    # Numbered after the seed plan (157/KH-UBND): of two plans of a period the first by
    # number is measured against, and the tests with ``plan`` mean the seed's.
    plan = Plan.objects.create(code="kh-hoat-dong", number="9/KH", title="Kế hoạch",
                               issuer=Agency.objects.get(code="ubnd-tinh"),
                               province=AdminUnit.objects.get(code="tth"),
                               issued_on="2016-10-31", start_year=2016, end_year=2020)
    group = plan.task_groups.create(code="1", title="Truyền thông")
    task = Task.objects.create(plan=plan, group=group, code="1.3", content="Tập huấn",
                               start_year=2016, end_year=2020)
    line = BudgetLine.objects.create(plan=plan, group=group, task=task, code="1.3",
                                     content="Tập huấn")

    def activity(code: str, kind: str, date: dt.date, *people) -> Activity:
        made = Activity.objects.create(code=code, kind=kind, task=task, budget_line=line,
                                       date=date, title=code)
        for name, facility, organisation, officer in people:
            Attendance.objects.create(activity=made, person_name=name, gender="female",
                                      facility=facility, organisation=organisation,
                                      officer=officer)
        return made

    f = facilities
    canbo, khuyencong = User.objects.get(username="canbo"), officers["khuyencong"]
    return {
        "W-2017": activity("W-2017", "workshop", dt.date(2017, 10, 10),
                           ("Lê Văn An", f["J"], "Cơ sở J", None)),
        "T-2018": activity("T-2018", "training", dt.date(2018, 5, 3),
                           ("Trần Thị Bình", f["G"], "Cơ sở G", None),
                           ("Nguyễn Thị Lan", None, "Phòng KTAT&MT", lan),
                           ("Hồ Văn Cường", None, "UBND xã Phú Thuận", None)),
        "W-2018": activity("W-2018", "workshop", dt.date(2018, 6, 20),
                           ("Cán bộ", None, "Phòng KTAT&MT", canbo)),
        "T-2019": activity("T-2019", "training", dt.date(2019, 3, 1),
                           ("Phan Văn Dũng", f["H"], "Cơ sở H", None),
                           ("Khuyến công", None, "TT Khuyến công và XTTM", khuyencong)),
    }

def make_assessment(facility: Facility, kind: str, started: str, *options: tuple[str, str | None]
                    ) -> Assessment:
    """An assessment and its options as (status, implemented_on)."""
    assessment = Assessment.objects.create(
        facility=facility, kind=kind, reference=f"{kind}-{started}",
        started_on=dt.date.fromisoformat(started))
    for n, (status, implemented) in enumerate(options, start=1):
        Option.objects.create(
            assessment=assessment, code=f"O{n}", category="good_housekeeping",
            description="Giải pháp", status=status,
            implemented_on=dt.date.fromisoformat(implemented) if implemented else None)
    return assessment


@pytest.fixture
def supports(facilities, plan) -> dict[str, Facility]:
    """The technical support of the module docstring; the facilities with K added."""
    f = {**facilities, "K": table_facility("K", "phu-vang", "10", "small", 2014)}
    make_report(f["K"], 2016, ACC, "TFF", 100, 10)
    make_report(f["K"], 2018, ACC, "TFF", 100, 9)
    make_assessment(f["K"], "quick", "2016-08-01")
    make_assessment(f["K"], "detailed", "2016-11-01", ("implemented", "2017-05-01"))
    make_assessment(f["B"], "quick", "2017-03-01", ("study", None))
    make_assessment(f["B"], "quick", "2018-04-01")
    make_assessment(f["E"], "quick", "2017-01-10")
    make_assessment(f["G"], "quick", "2018-05-10", ("implemented", "2018-09-01"))
    make_assessment(f["J"], "quick", "2015-03-01")
    make_assessment(f["J"], "pilot", "2017-06-01", ("implement_now", None))
    make_assessment(f["D"], "detailed", "2019-02-01", ("verified", "2019-06-01"))
    for order, (code, support, quantities) in enumerate([
        ("2.1", "", {2017: 1, 2018: 1, 2019: 1, 2020: 1}),
        ("2.2", "pilot", {2018: 1, 2019: 1}),
        ("2.3", "quick", {2017: 1, 2018: 2, 2019: 1, 2020: 1}),
        ("2.4", "detailed", {2018: 1, 2019: 1, 2020: 1}),
    ]):
        line = BudgetLine.objects.create(plan=plan, code=code, content=f"Dòng {code}",
                                         support=support, order=order)
        for year, quantity in quantities.items():
            BudgetAmount.objects.create(line=line, year=year, quantity=Decimal(quantity),
                                        amount_million_vnd=Decimal(50))
    return f
