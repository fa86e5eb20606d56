"""The read endpoints: the same figures as the pages and the command (worked out by hand in
the data sets named), each user's scope, and query counts that do not grow with the rows.

The indicators use the hand-built data set of ``sxsh/indicators/tests/conftest.py``; the
plan is the seed plan 157/KH-UBND (2016–2020).
"""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from sxsh.activities.models import Activity, Attendance
from sxsh.assessments import services as assessments
from sxsh.assessments.models import Assessment
from sxsh.core.models import Agency
from sxsh.facilities.tests.factories import FacilityFactory
from sxsh.indicators.tests import conftest as indicator_data
from sxsh.national.models import Package
from sxsh.plans.tests import conftest as plan_data
from sxsh.portal.models import Article

pytestmark = pytest.mark.django_db

# The data sets of the indicators and plans contexts, as fixtures of this module.
facilities = indicator_data.facilities
officers = indicator_data.officers
plan = indicator_data.plan
attendances = indicator_data.attendances
seed_plan = plan_data.seed_plan
second_plan = plan_data.second_plan


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def command(*args: str) -> dict:
    out = StringIO()
    with translation.override(settings.LANGUAGE_CODE):
        call_command("indicators", *args, stdout=out)
    return json.loads(out.getvalue())


# --- indicators ---------------------------------------------------------------------------


def test_it_gives_the_same_json_as_the_indicators_command(users, facilities, officers, plan):
    data = signed_in(users["canbo"]).get("/api/v1/indicators/?year=2018").json()
    assert data == command("--year", "2018")
    # Worked out in indicators/tests/test_engine.py: I1 3/7.
    assert (data["I1"]["numerator"], data["I1"]["denominator"]) == (3, 7)


def test_it_filters_by_unit_code_and_counts_submitted_reports_when_provisional(
        users, facilities):
    # Phú Lộc (with Nam Đông), provisional: D alone, aware from its submitted 2017 report.
    url = "/api/v1/indicators/?year=2018&unit=phu-loc&provisional=true"
    data = signed_in(users["canbo"]).get(url).json()
    assert (data["I1"]["numerator"], data["I1"]["denominator"]) == (1, 1)
    # Without "provisional", D's submitted report does not count: D, open in 2018, is not
    # known to be aware.
    data = signed_in(users["canbo"]).get(url.replace("&provisional=true", "")).json()
    assert (data["I1"]["numerator"], data["I1"]["denominator"]) == (0, 1)


def test_a_local_focal_point_stays_in_its_area(users, facilities):
    client = signed_in(users["diaphuong"])  # Phú Vang
    response = client.get("/api/v1/indicators/?year=2018&unit=huong-thuy")
    assert response.status_code == 400
    assert list(response.json()) == ["unit"]
    # Without a unit: Phú Vang's facilities, as the command counts them there.
    data = client.get("/api/v1/indicators/?year=2018").json()
    expected = command("--year", "2018", "--admin-unit", "phu-vang")
    assert data["I1"] == expected["I1"] and data["I3"] == expected["I3"]


def test_a_plan_other_than_the_one_the_figures_are_measured_against_is_refused(
        users, facilities, plan, second_plan):
    client = signed_in(users["canbo"])
    assert client.get(f"/api/v1/indicators/?year=2018&plan={plan.code}").status_code == 200
    response = client.get(f"/api/v1/indicators/?year=2018&plan={second_plan.code}")
    assert response.status_code == 400 and list(response.json()) == ["plan"]


def test_the_open_indicators_need_no_sign_in_and_hide_small_counts(facilities, plan):
    client = Client()
    data = client.get("/api/v1/indicators/public/?year=2018").json()
    assert (data["I1"]["numerator"], data["I1"]["denominator"]) == (3, 7)
    assert "hidden" not in data["I1"]
    # Hương Thủy in 2018: C and G are open, fewer than K = 5: not published.
    data = client.get("/api/v1/indicators/public/?year=2018&unit=huong-thuy").json()
    hidden = {k: data["I1"][k] for k in ("numerator", "denominator", "value", "hidden")}
    assert hidden == {"numerator": None, "denominator": None, "value": None, "hidden": True}
    assert data["I3"]["hidden"] is True and data["I3"]["value"] is None


def test_the_open_indicators_count_accepted_reports_only(facilities):
    # "provisional" is not a filter of the public page: D's submitted report (aware) never
    # counts — 3 of 7, not 4.
    data = Client().get("/api/v1/indicators/public/?year=2018&provisional=true").json()
    assert (data["I1"]["numerator"], data["I1"]["denominator"]) == (3, 7)


# --- plans, budget, progress ----------------------------------------------------------------


def test_the_plan_gives_its_appendices_with_the_seed_figures(seed_plan):
    data = Client().get(f"/api/v1/plans/{seed_plan.code}/").json()
    assert (data["number"], data["start_year"], data["end_year"]) == ("157/KH-UBND", 2016, 2020)
    line = next(row for row in data["budget"]["lines"] if row["code"] == "2.2")
    assert line["years"] == [
        {"year": 2018, "quantity": "1.000", "amount_million_vnd": "1000.000"},
        {"year": 2019, "quantity": "1.000", "amount_million_vnd": "1000.000"}]
    assert line["sources"] == [
        {"funding_source": "central", "amount_million_vnd": "400.000"},
        {"funding_source": "local", "amount_million_vnd": "600.000"},
        {"funding_source": "enterprise", "amount_million_vnd": "1000.000"}]
    # The plan page's total: 315 + 1 375 + 1 365 + 305.
    assert data["budget"]["total_million_vnd"] == "3360.000"
    task = next(t for g in data["task_groups"] for t in g["tasks"] if t["code"] == "2.2")
    assert task["lead_agency"] == "tt-khuyen-cong"


def test_the_plan_list_reads_in_a_fixed_number_of_queries(seed_plan, second_plan,
                                                          django_assert_num_queries):
    # the count, the page of plans with their issuer and province
    with django_assert_num_queries(2):
        data = Client().get("/api/v1/plans/").json()
    assert data["count"] == 2


def test_the_budget_year_splits_a_line_by_source_as_the_page_does(users, seed_plan):
    data = signed_in(users["taichinh"]).get(f"/api/v1/plans/{seed_plan.code}/budget/2018/").json()
    assert data["status"] == "collecting"
    planned = {(r["line"], r["funding_source"]): r["planned"] for r in data["rows"]}
    # Line 2.2: 1 000 in 2018, its sources 400 / 600 / 1 000 of 2 000 → 200 / 300 / 500.
    assert planned[("2.2", "central")] == "200.000"
    assert planned[("2.2", "local")] == "300.000"
    assert planned[("2.2", "enterprise")] == "500.000"
    assert signed_in(users["taichinh"]).get(
        f"/api/v1/plans/{seed_plan.code}/budget/2031/").status_code == 404


def test_a_partner_reads_the_progress_of_its_own_tasks_only(users, seed_plan):
    from sxsh.plans.services import task_progress_report

    for code, user in (("1.2", users["doitac"]), ("1.1", users["canbo"])):
        task_progress_report(task=seed_plan.tasks.get(code=code), status="in_progress",
                             percent=40, narrative="Đã làm", reported_on=dt.date(2018, 7, 1),
                             user=user, evidence=None)
    rows = signed_in(users["doitac"]).get(f"/api/v1/plans/{seed_plan.code}/progress/").json()
    latest = {row["task"]: row["latest"] for row in rows}
    assert latest["1.2"]["percent"] == 40 and latest["1.2"]["agency"] == "so-tnmt"
    assert latest["1.1"] is None  # Sở TN&MT neither leads nor joins 1.1
    rows = signed_in(users["canbo"]).get(f"/api/v1/plans/{seed_plan.code}/progress/").json()
    assert {row["task"] for row in rows if row["latest"]} == {"1.1", "1.2"}


# --- assessments, activities, national packages, portal: scope and query counts -----------


def _queries(client: Client, url: str) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured), response.json()


def _assessment(users, unit: str, agency: str, n: int) -> Assessment:
    facility = FacilityFactory(admin_unit_code=unit)
    a = assessments.assessment_start(
        user=users["canbo"], facility=facility, kind=Assessment.Kind.QUICK,
        reference=f"DG-{n}", started_on=dt.date(2019, 3, n),
        consultant_agency=Agency.objects.get(code=agency))
    assessments.option_save(assessment=a, user=users["canbo"], data={
        "code": "GP1", "category": "good_housekeeping", "description": "Tắt đèn"})
    return a


def test_the_assessments_and_options_are_read_in_the_users_scope_in_fixed_queries(users):
    own = _assessment(users, "phu-vang", "tt-khuyen-cong", 1)
    other = _assessment(users, "huong-thuy", "so-khcn", 2)
    consultant = signed_in(users["tuvan"])  # TT Khuyến công
    first, data = _queries(consultant, "/api/v1/assessments/")
    assert [row["reference"] for row in data["results"]] == ["DG-1"]
    assert data["results"][0]["option_count"] == 1
    assert consultant.get(f"/api/v1/assessments/{other.pk}/").status_code == 404
    assert consultant.get(f"/api/v1/assessments/{own.pk}/").status_code == 200
    options_first, options = _queries(consultant, "/api/v1/options/")
    assert [o["assessment"] for o in options["results"]] == [own.pk]
    for n in (3, 4, 5):
        _assessment(users, "phu-vang", "tt-khuyen-cong", n)
    again, data = _queries(consultant, "/api/v1/assessments/")
    assert data["count"] == 4 and again == first
    options_again, options = _queries(consultant, "/api/v1/options/")
    assert options["count"] == 4 and options_again == options_first


def test_a_local_focal_point_reads_the_attendees_of_its_area_in_fixed_queries(
        users, attendances):
    # T-2018: G (Hương Thủy), an officer and a commune official — none of Phú Vang's.
    local = signed_in(users["diaphuong"])
    assert local.get("/api/v1/activities/T-2018/attendance/").json()["count"] == 0
    # W-2017: J, of Phú Vang.
    first, data = _queries(local, "/api/v1/activities/W-2017/attendance/")
    assert [row["person_name"] for row in data["results"]] == [
        Attendance.objects.get(activity__code="W-2017").person_name]
    j = Attendance.objects.get(activity__code="W-2017").facility
    for name in ("Lê Thị Mai", "Phan Văn Tú"):
        Attendance.objects.create(activity=attendances["W-2017"], facility=j,
                                  person_name=name, gender="female")
    again, data = _queries(local, "/api/v1/activities/W-2017/attendance/")
    assert data["count"] == 3 and again == first


def test_the_activity_list_reads_in_a_fixed_number_of_queries(users, attendances):
    client = signed_in(users["canbo"])
    first, data = _queries(client, "/api/v1/activities/?year=2018")
    assert [row["code"] for row in data["results"]] == ["W-2018", "T-2018"]
    assert [row["attendees"] for row in data["results"]] == [1, 3]
    model = attendances["T-2018"]
    for n in range(3):
        Activity.objects.create(code=f"X-{n}", kind="workshop", task=model.task,
                                budget_line=model.budget_line, date=dt.date(2018, 9, 1 + n),
                                title="Hội thảo")
    again, data = _queries(client, "/api/v1/activities/?year=2018")
    assert data["count"] == 5 and again == first


def test_the_ministry_reads_every_package_in_a_fixed_number_of_queries(users):
    def package(code: str, year: int) -> Package:
        return Package.objects.create(
            province_code=code, province_name=code.title(), year=year, version=1,
            schema_version="1", software_version="1", generated_at=timezone.now(),
            checksum="0" * 64, content={"figures": {"I1": 0.5}})

    first_package = package("hue", 2023)
    ministry = signed_in(users["bocongthuong"])
    first, data = _queries(ministry, "/api/v1/national-packages/")
    assert "content" not in data["results"][0]
    for code in ("lam-dong", "da-nang"):
        package(code, 2023)
    again, data = _queries(ministry, "/api/v1/national-packages/?year=2023")
    assert data["count"] == 3 and again == first
    detail = ministry.get(f"/api/v1/national-packages/{first_package.pk}/").json()
    assert detail["content"] == {"figures": {"I1": 0.5}}


def test_the_public_reads_published_articles_only_in_a_fixed_number_of_queries(reference):
    def article(slug: str, status: str = "published", hours: int = -1) -> Article:
        return Article.objects.create(title=slug, slug=slug, summary="Tóm tắt", body="Nội dung",
                                      status=status,
                                      published_at=timezone.now() + dt.timedelta(hours=hours))

    article("da-dang")
    article("ban-nhap", status="draft")
    article("hen-gio", hours=5)  # scheduled: not yet public
    first, data = _queries(Client(), "/api/v1/articles/")
    assert [row["slug"] for row in data["results"]] == ["da-dang"]
    assert Client().get("/api/v1/articles/ban-nhap/").status_code == 404
    for n in range(3):
        article(f"tin-{n}")
    again, data = _queries(Client(), "/api/v1/articles/")
    assert data["count"] == 4 and again == first


def test_a_bad_library_filter_is_a_400_by_field(reference):
    response = Client().get("/api/v1/documents/?kind=poster")
    assert response.status_code == 400 and list(response.json()) == ["kind"]


def test_the_documentation_page_loads_swagger_ui_from_our_own_static_files(client):
    page = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "/static/api/docs.js" in page
    assert 'data-schema-url="/api/schema/"' in page
    assert "<script>" not in page and "Bearer" in page
    assert "Tài liệu API" in page and "Phân trang kết quả" in page
