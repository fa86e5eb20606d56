"""Officers' scope per province: in an installation holding several provinces' records (the
ministry's, or a merged province's), a province-wide user reads its own province's records
and those of the provinces merged wholly into it; the ministry reads every province's; a
user whose organisation names no province reads as before provinces were told apart.

The data: Huế's facility in Phú Vang and Hà Nội's in a district of Hà Nội made up for the
test, each with an accepted report for 2024, an assessment and a plan for 2021–2025 (Hà
Nội's with an annual report for 2024). ``canbo`` (the demo officer) works for Thừa Thiên
Huế's department; ``canbo-hn`` for Hà Nội's.
"""

from __future__ import annotations

import datetime as dt

import pytest

from sxsh.activities.models import Activity
from sxsh.assessments.models import Assessment, Assignment
from sxsh.core.models import AdminUnit, Agency, User
from sxsh.core.scoping import Role
from sxsh.facilities.models import Facility
from sxsh.facilities.models import Report as FacilityReport
from sxsh.plans.models import BudgetLine, Plan, Task, TaskGroup, YearBudget
from sxsh.reports.models import Report, ReportVersion

pytestmark = pytest.mark.django_db


def _unit(code: str, name: str, parent: str) -> AdminUnit:
    return AdminUnit.objects.create(code=code, name=name, level=AdminUnit.Level.DISTRICT,
                                    parent=AdminUnit.objects.get(code=parent))


def _agency(code: str, province: str | None) -> Agency:
    return Agency.objects.create(
        code=code, name=f"Sở Công Thương ({code})", kind=Agency.Kind.DEPARTMENT,
        province=AdminUnit.objects.get(code=province) if province else None)


def _plan(code: str, province: str, issuer: Agency) -> Plan:
    return Plan.objects.create(code=code, number=f"{code}/KH-UBND", title="Kế hoạch SXSH",
                               issuer=issuer, issued_on="2021-03-01", start_year=2021,
                               end_year=2025, province=AdminUnit.objects.get(code=province))


def _records(make_facility, make_report, unit: str, tax: str, plan: Plan) -> dict:
    facility = make_facility(admin_unit_code=unit, tax_code=tax, name=f"Cơ sở {unit}")
    report = make_report(facility, 2024)
    assessment = Assessment.objects.create(
        facility=facility, kind=Assessment.Kind.QUICK, reference=f"ĐGN-{unit}",
        started_on=dt.date(2024, 3, 1))
    group = TaskGroup.objects.create(plan=plan, code="1", title="Truyền thông", order=1)
    task = Task.objects.create(plan=plan, group=group, code="1.1", content="Tập huấn",
                               lead_agency=plan.issuer, start_year=2021, end_year=2025)
    line = BudgetLine.objects.create(plan=plan, task=task, code="1.1", content="Tập huấn")
    activity = Activity.objects.create(code=f"hd-{unit}", task=task, budget_line=line,
                                       kind=Activity.Kind.MEDIA, title=f"Tin {unit}",
                                       date=dt.date(2024, 5, 1))
    YearBudget.objects.create(plan=plan, year=2024)
    return {"facility": facility, "report": report, "assessment": assessment,
            "activity": activity, "plan": plan}


@pytest.fixture
def two_provinces(users, make_facility, make_report):
    _unit("vn-01-ba-dinh", "Quận Ba Đình (thử)", "vn-01")
    hanoi_department = _agency("so-ct-ha-noi", "vn-01")
    hanoi_plan = _plan("99-kh-ha-noi", "vn-01", hanoi_department)
    hue_plan = _plan("99-kh-hue", "hue", Agency.objects.get(code="ubnd-tinh"))
    hanoi = _records(make_facility, make_report, "vn-01-ba-dinh", "0100000001", hanoi_plan)
    hue = _records(make_facility, make_report, "phu-vang", "3300000001", hue_plan)
    annual = Report.objects.create(plan=hanoi_plan, kind=Report.Kind.ANNUAL, year=2024)
    ReportVersion.objects.create(report=annual, number=1, status=ReportVersion.Status.ISSUED)
    hanoi["annual"] = annual
    officer = User.objects.create(username="canbo-hn", role=Role.OFFICER,
                                  agency=hanoi_department)
    return {"hanoi": hanoi, "hue": hue, "hanoi_officer": officer}


def _names(qs) -> set[str]:
    return set(qs.values_list("name", flat=True))


def test_it_shows_an_officer_only_the_records_of_its_own_province(users, two_provinces):
    hue, hanoi = two_provinces["hue"], two_provinces["hanoi"]
    for name in ("canbo", "lanhdao"):
        user = users[name]
        assert list(Facility.objects.for_user(user)) == [hue["facility"]], name
        assert list(FacilityReport.objects.for_user(user)) == [hue["report"]], name
        assert list(Assessment.objects.for_user(user)) == [hue["assessment"]], name
        assert list(Activity.objects.for_user(user)) == [hue["activity"]], name
    officer = two_provinces["hanoi_officer"]
    assert list(Facility.objects.for_user(officer)) == [hanoi["facility"]]
    assert list(FacilityReport.objects.for_user(officer)) == [hanoi["report"]]
    assert list(Assessment.objects.for_user(officer)) == [hanoi["assessment"]]
    assert list(Activity.objects.for_user(officer)) == [hanoi["activity"]]
    assert list(Report.objects.for_user(officer)) == [hanoi["annual"]]
    assert list(Report.objects.for_user(users["canbo"])) == []
    assert list(YearBudget.objects.for_user(users["taichinh"])) == [
        YearBudget.objects.get(plan=hue["plan"])]
    assert list(Plan.carried_out.for_user(users["taichinh"])) == [hue["plan"]]


def test_it_answers_404_on_another_provinces_pages(client, users, two_provinces):
    hanoi = two_provinces["hanoi"]
    pages = [
        f"/facilities/{hanoi['facility'].pk}/",
        f"/facilities/{hanoi['facility'].pk}/reports/2024/",
        f"/assessments/{hanoi['assessment'].pk}/",
        f"/plans/{hanoi['plan'].code}/budget/2024/",
        f"/plans/{hanoi['plan'].code}/progress/",
        f"/reports/{hanoi['annual'].pk}/v1/",
    ]
    client.force_login(users["canbo"])
    assert [client.get(page).status_code for page in pages] == [404] * 6
    # the same pages open for Hà Nội's own officer: the refusal is the province's
    client.force_login(two_provinces["hanoi_officer"])
    assert [client.get(page).status_code for page in pages] == [200] * 6


def test_it_leaves_another_provinces_rows_out_of_the_lists_and_exports(
        client, users, two_provinces):
    client.force_login(users["canbo"])
    listing = client.get("/facilities/").content.decode()
    assert "Cơ sở phu-vang" in listing and "Cơ sở vn-01-ba-dinh" not in listing
    for export in ("/facilities/?format=csv", "/facilities/reports/export/?year=2024&format=csv"):
        response = client.get(export)
        assert response.status_code == 200, export
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        assert "3300000001" in text and "0100000001" not in text, export


def test_a_consultant_reads_only_the_facilities_it_serves_in_its_province(
        users, two_provinces):
    consultant = users["tuvan"]
    for side in ("hue", "hanoi"):
        Assignment.objects.create(facility=two_provinces[side]["facility"],
                                  agency=consultant.agency, since=dt.date(2024, 1, 1))
    assert list(Facility.objects.for_user(consultant)) == [two_provinces["hue"]["facility"]]
    assert Assignment.objects.for_user(consultant).get().facility.tax_code == "3300000001"


def test_the_ministry_reads_every_province(users, two_provinces):
    ministry = users["bocongthuong"]
    assert _names(Facility.objects.for_user(ministry)) == {"Cơ sở phu-vang",
                                                           "Cơ sở vn-01-ba-dinh"}
    assert FacilityReport.objects.for_user(ministry).count() == 2


def test_a_user_whose_organisation_names_no_province_reads_every_record(
        users, two_provinces):
    unbound = User.objects.create(username="canbo-x", role=Role.OFFICER,
                                  agency=_agency("so-khong-tinh", None))
    assert _names(Facility.objects.for_user(unbound)) == {"Cơ sở phu-vang",
                                                          "Cơ sở vn-01-ba-dinh"}
    no_agency = User.objects.create(username="canbo-y", role=Role.VIEWER)
    assert Assessment.objects.for_user(no_agency).count() == 2


def test_an_officer_of_a_merged_province_reads_its_predecessors_records(
        users, make_facility):
    # Lâm Đồng of 1/7/2025 took in Lâm Đồng, Đắk Nông and Bình Thuận (Resolution 202)
    _unit("vn-67-gia-nghia", "Thành phố Gia Nghĩa (thử)", "vn-67")  # Đắk Nông
    _unit("vn-68-2025-da-lat", "Phường Đà Lạt (thử)", "vn-68-2025")  # today's Lâm Đồng
    old = make_facility(admin_unit_code="vn-67-gia-nghia", tax_code="6400000001")
    new = make_facility(admin_unit_code="vn-68-2025-da-lat", tax_code="5800000001")
    make_facility(tax_code="3300000002")  # Huế's, Phú Vang
    today = User.objects.create(username="canbo-ld", role=Role.OFFICER,
                                agency=_agency("so-ct-lam-dong", "vn-68-2025"))
    former = User.objects.create(username="lanhdao-dn", role=Role.VIEWER,
                                 agency=_agency("so-ct-dak-nong", "vn-67"))
    assert set(Facility.objects.for_user(today)) == {old, new}
    # Đắk Nông's department is today's Lâm Đồng's: it reads the whole merged province
    assert set(Facility.objects.for_user(former)) == {old, new}
    assert Facility.objects.for_user(users["canbo"]).get().tax_code == "3300000002"


def test_the_scope_adds_no_query_to_a_list(users, two_provinces, make_facility,
                                           django_assert_num_queries):
    for n in range(3):
        make_facility(tax_code=f"33000001{n:02d}")
    with django_assert_num_queries(1):
        assert len(list(Facility.objects.for_user(users["canbo"]))) == 4
    with django_assert_num_queries(1):
        assert len(list(Assessment.objects.for_user(users["canbo"]))) == 1


def test_each_officers_dashboard_measures_against_its_own_provinces_plan(client, users,
                                                                       two_provinces):
    hanoi_plan, hue_plan = two_provinces["hanoi"]["plan"], two_provinces["hue"]["plan"]
    for user, own, other in ((two_provinces["hanoi_officer"], hanoi_plan, hue_plan),
                             (users["canbo"], hue_plan, hanoi_plan)):
        client.force_login(user)
        page = client.get("/indicators/", {"year": 2024}).content.decode()
        assert own.number in page, user.username
        assert other.number not in page, user.username


def test_an_officer_opens_the_annual_report_of_its_own_provinces_plan_only(users,
                                                                        two_provinces):
    from django.core.exceptions import ValidationError

    from sxsh.reports import services

    hanoi_plan, hue_plan = two_provinces["hanoi"]["plan"], two_provinces["hue"]["plan"]
    officer = two_provinces["hanoi_officer"]
    version = services.report_open(plan=hanoi_plan, kind="annual", year=2023, user=officer)
    assert version.report.plan == hanoi_plan
    with pytest.raises(ValidationError):
        services.report_open(plan=hue_plan, kind="annual", year=2023, user=officer)
    with pytest.raises(ValidationError):
        services.report_open(plan=hanoi_plan, kind="annual", year=2023, user=users["canbo"])
