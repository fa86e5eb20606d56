"""'Waiting for me' on each role's home page: what waits, how many, and where to do it.

The clock stands on 1 March 2019: the reports due are those of 2018, the seed plan
157/KH-UBND (2016–2020) is the current plan, estimates are wanted for 2019 and 2020.
Tasks of the seed plan (Appendix I) that Sở TN&MT (the partner ``doitac``) joins: 1.2
(2017–2020), 1.3 (2017–2020), 1.4 (2018) and 3.2 (2017); that TT Khuyến công (the
consultant ``tuvan``) leads: 2.2 (2018–2019), 2.3 (2017–2020) and 2.4 (2018–2020).
"""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client

from sxsh.activities.models import LocalReport
from sxsh.core.models import AdminUnit
from sxsh.core.tests.clock import stopped_at
from sxsh.core.work import work_queue
from sxsh.facilities.models import Report
from sxsh.plans import models as pm
from sxsh.plans.tests.conftest import seed_plan  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.django_db, stopped_at(2019, 3, 1)]


def waiting(user) -> list[tuple[str, str]]:
    """The home page's work queue as (text, link) pairs."""
    c = Client()
    c.force_login(user)
    body = c.get("/work/").content.decode()
    section = re.search(r'<section class="card work-queue".*?</section>', body, re.S).group(0)
    return re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', section)


def plan_page(plan, tail: str) -> str:
    return f"/plans/{plan.code}/{tail}"


@pytest.fixture
def facilities(reference):
    """The facility factory (``FacilityFactory``: Phú Vang, open since 2010)."""
    from sxsh.facilities.tests.factories import FacilityFactory

    return FacilityFactory


def report(facility, year, status, **values) -> Report:
    from sxsh.facilities.services import report_derive

    made = Report(facility=facility, year=year, status=status, production=Decimal(10),
                  **values)
    report_derive(made)
    made.save()
    return made


def test_the_officer_is_waited_for_by_reports_budgets_and_local_reports(
        users, seed_plan, facilities):  # noqa: F811
    factory = facilities
    report(factory(), 2018, Report.Status.SUBMITTED)
    report(factory(), 2018, Report.Status.RETURNED)
    line, source = seed_plan.budget_lines.get(code="1.3"), seed_plan.funding_sources.first()
    pm.Estimate.objects.create(plan=seed_plan, year=2020, agency=users["doitac"].agency,
                               line=line, source=source, amount_million_vnd=Decimal(80))
    pm.YearBudget.objects.create(plan=seed_plan, year=2018, status="appraised")
    pm.YearBudget.objects.create(plan=seed_plan, year=2019, status="consolidated")
    LocalReport.objects.create(admin_unit=AdminUnit.objects.get(code="phu-vang"), year=2018,
                               status=LocalReport.Status.SUBMITTED)
    assert waiting(users["canbo"]) == [
        # the plan's budget: 2020 estimated, not yet consolidated; 2018 appraised. 2019 is
        # with finance: not the officer's step
        (plan_page(seed_plan, "budget/2020/"), "Dự toán năm 2020 cần tổng hợp"),
        (plan_page(seed_plan, "budget/2018/"),
         "Dự toán ngân sách năm 2018 chờ quyết định của tỉnh"),
        ("/facilities/review/?status=submitted", "1 báo cáo chờ duyệt"),
        ("/activities/network/?year=2018", "1 báo cáo địa phương chờ duyệt"),
    ]


def test_finance_is_waited_for_by_the_year_to_appraise_only(users, seed_plan):  # noqa: F811
    for year, status in ((2017, "approved"), (2018, "appraised"), (2019, "consolidated")):
        pm.YearBudget.objects.create(plan=seed_plan, year=year, status=status)
    assert waiting(users["taichinh"]) == [
        (plan_page(seed_plan, "budget/2019/"), "Dự toán ngân sách năm 2019 chờ thẩm định")]


def test_a_partner_is_waited_for_by_its_estimates_and_progress(users, seed_plan):  # noqa: F811
    agency = users["doitac"].agency
    tasks = {t.code: t for t in seed_plan.tasks.all()}
    pm.TaskProgress.objects.create(task=tasks["3.2"], agency=agency,
                                   reported_on=dt.date(2018, 1, 10), status="done",
                                   percent=100, narrative="Đã tổ chức tham quan")
    pm.TaskProgress.objects.create(task=tasks["1.2"], agency=agency,
                                   reported_on=dt.date(2019, 2, 1), status="in_progress",
                                   percent=50, narrative="Đang thực hiện")
    pm.TaskProgress.objects.create(task=tasks["1.3"], agency=agency,
                                   reported_on=dt.date(2018, 12, 1), status="in_progress",
                                   percent=40, narrative="Đang thực hiện")
    pm.Estimate.objects.create(plan=seed_plan, year=2019, agency=agency,
                               line=seed_plan.budget_lines.get(code="1.3"),
                               source=seed_plan.funding_sources.first(),
                               amount_million_vnd=Decimal(20))
    # 3.2 is done; 1.2 is reported in 2019; 1.3 (reported in 2018) and 1.4 are due
    assert waiting(users["doitac"]) == [
        (plan_page(seed_plan, "estimates/2020/"), "Dự toán năm 2020 cần lập"),
        (plan_page(seed_plan, "progress/"), "2 nhiệm vụ cần báo cáo tiến độ năm 2019"),
    ]


def test_the_consultant_is_waited_for_by_the_tasks_its_agency_leads(users, seed_plan):  # noqa: F811
    items = waiting(users["tuvan"])
    assert (plan_page(seed_plan, "progress/"), "3 nhiệm vụ cần báo cáo tiến độ năm 2019") \
        in items


def test_a_local_focal_point_is_waited_for_by_its_area_and_its_local_report(users, facilities):
    factory = facilities
    returned = report(factory(admin_unit_code="phu-vang"), 2018, Report.Status.RETURNED)
    report(factory(admin_unit_code="phu-vang"), 2018, Report.Status.ACCEPTED)
    report(factory(admin_unit_code="phu-vang"), 2018, Report.Status.DRAFT)  # not sent
    factory(admin_unit_code="phu-vang", opened_year=2019)  # not open in 2018
    factory(admin_unit_code="a-luoi")  # not its area
    report(factory(admin_unit_code="a-luoi"), 2018, Report.Status.RETURNED)
    assert waiting(users["diaphuong"]) == [
        (f"/facilities/{returned.facility_id}/reports/2018/",
         "1 báo cáo bị trả lại để sửa"),
        # the draft is not sent (the returned one was: it waits for correction above)
        ("/facilities/reminders/?year=2018", "1 cơ sở chưa gửi báo cáo năm 2018"),
        ("/activities/network/phu-vang/2018/",
         "Báo cáo địa phương năm 2018 của Huyện Phú Vang cần gửi"),
    ]
    LocalReport.objects.create(admin_unit=users["diaphuong"].admin_unit, year=2018,
                               status=LocalReport.Status.SUBMITTED)
    assert len(waiting(users["diaphuong"])) == 2


def test_an_enterprise_is_waited_for_by_its_reports(users, facilities):
    factory = facilities
    own = factory(accounts=[users["doanhnghiep"]])
    report(own, 2017, Report.Status.RETURNED)
    report(factory(), 2017, Report.Status.RETURNED)  # another facility's
    assert waiting(users["doanhnghiep"]) == [
        (f"/facilities/{own.pk}/reports/2017/", "1 báo cáo bị trả lại để sửa"),
        (f"/facilities/{own.pk}/reports/2018/", "1 cơ sở chưa gửi báo cáo năm 2018"),
    ]
    report(own, 2018, Report.Status.SUBMITTED)
    assert waiting(users["doanhnghiep"]) == [
        (f"/facilities/{own.pk}/reports/2017/", "1 báo cáo bị trả lại để sửa")]


def test_the_leadership_has_nothing_waiting(users, seed_plan):  # noqa: F811
    c = Client()
    c.force_login(users["lanhdao"])
    assert "Hiện không có việc nào chờ bạn." in c.get("/work/").content.decode()
    assert work_queue(users["lanhdao"]) == []


def test_a_visitor_sees_no_work_queue(reference):
    assert "work-queue" not in Client().get("/").content.decode()


# Session and user; the plan's home block (plan, sources, lines, amounts, source amounts,
# groups, tasks: 7); the register's count for those who read it (1); then the work queue:
# the current plan (1) and a query per kind of work the role may have (budget statuses,
# estimates, lines, progress, reports, facilities not reported, the local report).
# Counts and EXISTS only: the same numbers with 3 facilities or 3 000.
@pytest.mark.parametrize(("name", "queries"), [
    ("canbo", 15), ("taichinh", 11), ("doitac", 13), ("tuvan", 14), ("diaphuong", 17),
    ("doanhnghiep", 13), ("lanhdao", 11),
])
def test_the_home_page_pins_its_queries_per_role(users, seed_plan, facilities, name, queries,  # noqa: F811
                                                django_assert_num_queries):
    factory = facilities
    for _ in range(3):
        own = factory(accounts=[users["doanhnghiep"]], admin_unit_code="phu-vang")
        report(own, 2017, Report.Status.RETURNED)
        report(own, 2016, Report.Status.SUBMITTED)
    pm.YearBudget.objects.create(plan=seed_plan, year=2019, status="consolidated")
    c = Client()
    c.force_login(users[name])
    with django_assert_num_queries(queries):
        assert c.get("/work/").status_code == 200


def test_the_public_home_is_for_everyone_and_the_work_page_asks_to_log_in(users):
    assert Client().get("/").status_code == 200
    response = Client().get("/work/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/work/"
    c = Client()
    c.force_login(users["canbo"])
    public = c.get("/").content.decode()
    assert "work-queue" not in public
    assert 'href="/work/">Việc của tôi</a>' in public
