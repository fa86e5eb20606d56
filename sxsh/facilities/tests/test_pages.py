"""The pages: who may see what, what they show, and how many queries they take."""

import csv
import io
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from sxsh.facilities.models import Report
from sxsh.facilities.tests.factories import FacilityFactory

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def two(make_facility, make_report, users):
    own = make_facility(name="Cơ sở Phú Vang", admin_unit_code="phu-vang",
                        accounts=[users["doanhnghiep"]])
    far = make_facility(name="Cơ sở A Lưới", admin_unit_code="a-luoi")
    make_report(own, 2016, production=Decimal(1000), electricity_kwh=Decimal(1_000_000))
    make_report(own, 2018, production=Decimal(1250), electricity_kwh=Decimal(1_100_000))
    return own, far


def test_the_list_shows_each_user_only_their_scope(two, users):
    own, far = two
    for name, seen in [("canbo", {own.name, far.name}), ("lanhdao", {own.name, far.name}),
                       ("diaphuong", {own.name}), ("doanhnghiep", {own.name})]:
        body = client_for(users[name]).get("/facilities/").content.decode()
        assert {n for n in (own.name, far.name) if n in body} == seen, name


@pytest.mark.parametrize("name", ["taichinh", "doitac"])
def test_roles_without_facilities_are_refused(two, users, name):
    assert client_for(users[name]).get("/facilities/").status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in(two):
    assert Client().get("/facilities/").status_code == 302


def test_the_detail_shows_size_reason_toe_co2e_and_savings(two, users):
    own, _ = two
    body = client_for(users["doanhnghiep"]).get(f"/facilities/{own.pk}/").content.decode()
    assert own.size_reason in body
    assert "154,30" in body       # 1 000 000 kWh × 0,0001543
    assert "918,50" in body       # 1 000 MWh × 0,9185 (2016)
    assert "12,0 %" in body       # energy saving 2018 vs 2016: 1 − 0,88


def test_other_facilities_are_not_found(two, users):
    own, far = two
    assert client_for(users["doanhnghiep"]).get(f"/facilities/{far.pk}/").status_code == 404
    assert client_for(users["diaphuong"]).get(f"/facilities/{far.pk}/").status_code == 404
    assert client_for(users["doanhnghiep"]).get(
        f"/facilities/{far.pk}/reports/2019/").status_code == 404
    assert client_for(users["diaphuong"]).get(
        f"/facilities/{far.pk}/edit/").status_code == 404
    assert client_for(users["doanhnghiep"]).get(
        f"/facilities/{own.pk}/edit/").status_code == 403
    assert client_for(users["lanhdao"]).get(
        f"/facilities/{own.pk}/reports/2019/").status_code == 403


def test_the_list_takes_a_fixed_number_of_queries(two, users, make_facility,
                                                  django_assert_num_queries):
    for _ in range(5):
        make_facility()
    c = client_for(users["canbo"])
    # session, user, count, page of facilities (with unit and VSIC), filter choices (2)
    with django_assert_num_queries(6):
        assert c.get("/facilities/").status_code == 200


def test_the_export_takes_a_fixed_number_of_queries_and_opens_in_openpyxl(
        two, users, django_assert_num_queries):
    c = client_for(users["canbo"])
    with django_assert_num_queries(3):
        response = c.get("/facilities/?format=xlsx")
        content = response.getvalue()
    ws = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][-1] == "Quy mô theo Nghị định 80/2021"
    assert rows[1][-1] == "size_class"
    assert len(rows) == 4
    with django_assert_num_queries(3):  # the rows are read as the response is sent
        content = c.get("/facilities/reports/export/?format=csv").getvalue()
    lines = content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Mã số thuế,")
    assert lines[1].startswith("tax_code,facility_name,year,baseline_year")
    assert len(lines) == 4


def test_an_enterprise_files_a_report_through_the_form(two, users):
    own, _ = two
    c = client_for(users["doanhnghiep"])
    data = {"production": "1000", "electricity_kwh": "950000", "aware": "true",
            "cp_applied": "true", "product_unit": "tấn"}
    response = c.post(f"/facilities/{own.pk}/reports/2017/", {**data, "submit": "1"})
    assert response.status_code == 302
    report = Report.objects.get(facility=own, year=2017)
    assert (report.status, report.aware, report.cp_staff) == ("submitted", True, None)
    # 950 000 × 0,0001543 = 146,585 TOE
    assert report.energy_toe == Decimal("146.5850")


def test_a_negative_figure_gives_a_message_and_writes_nothing(two, users):
    own, _ = two
    c = client_for(users["doanhnghiep"])
    response = c.post(f"/facilities/{own.pk}/reports/2017/",
                      {"production": "10", "water_m3": "-1", "save": "1"})
    assert response.status_code == 200
    assert "Số lượng không được âm." in response.content.decode()
    assert not Report.objects.filter(year=2017).exists()


def test_the_review_queue_is_for_officers_and_pins_its_queries(two, users, make_report,
                                                              django_assert_num_queries):
    own, far = two
    for year in (2019, 2020):
        make_report(far, year, status=Report.Status.SUBMITTED, production=Decimal(1))
    assert client_for(users["diaphuong"]).get("/facilities/review/").status_code == 403
    assert client_for(users["doanhnghiep"]).post(
        f"/facilities/review/{own.reports.first().pk}/", {"action": "reopen"}).status_code == 403
    c = client_for(users["canbo"])
    # session, user, count, page of reports, the districts of the filter
    with django_assert_num_queries(5):
        body = c.get("/facilities/review/").content.decode()
    assert body.count(">Duyệt</a>") == 2
    report = far.reports.get(year=2019)
    c.post(f"/facilities/review/{report.pk}/", {"action": "accept", "comment": ""})
    report.refresh_from_db()
    assert report.status == Report.Status.ACCEPTED


def test_completeness_counts_open_facilities_and_reports_by_unit(
        two, users, make_facility, django_assert_num_queries):
    make_facility(admin_unit_code="phu-vang", opened_year=2017)  # not open in 2016
    make_facility(admin_unit_code="phu-vang", name="Chưa báo cáo")
    c = client_for(users["canbo"])
    with django_assert_num_queries(6):
        body = c.get("/facilities/completeness/?year=2016").content.decode()
    # Phú Vang: 2 open (own, "Chưa báo cáo"), 1 reported → 50,0 %; A Lưới: 1 open, 0 → 0,0 %
    # total 3 open, 1 reported → 33,3 %
    assert "50,0 %" in body and "0,0 %" in body and "33,3 %" in body
    assert "Chưa báo cáo" in body
    assert client_for(users["doanhnghiep"]).get("/facilities/completeness/").status_code == 403


def test_the_upload_page_reports_errors_and_imports_a_good_file(two, users):
    own, far = two
    c = client_for(users["diaphuong"])
    header = ("tax_code,year,baseline_year,aware,cp_staff,cp_applied,product_unit,production,"
              "electricity_kwh,coal_t,coal_grade,do_t,fo_t,lpg_t,natural_gas_1000m3,biomass_t,"
              "raw_material_t,aux_material_t,water_m3\n")
    bad = header + f"{far.tax_code},2019,,1,0,1,t,10,,,,,,,,,,,\n"
    f = io.BytesIO(bad.encode())
    f.name = "bao-cao.csv"
    response = c.post("/facilities/upload/", {"kind": "reports", "file": f})
    body = response.content.decode()
    assert "bao-cao.csv, dòng 2, cột Mã số thuế" in body
    good = header + f"{own.tax_code},2019,,1,0,1,t,10,,,,,,,,,,,\n"
    f = io.BytesIO(good.encode())
    f.name = "bao-cao.csv"
    response = c.post("/facilities/upload/", {"kind": "reports", "file": f},
                      headers={"x-requested-with": "XMLHttpRequest"})
    assert response.json()["created"] == 1
    assert Report.objects.get(facility=own, year=2019).status == "submitted"
    assert client_for(users["lanhdao"]).get("/facilities/upload/").status_code == 403
    f.seek(0)
    # An enterprise is not offered the register, and a forged post is refused with a reason.
    enterprise = client_for(users["doanhnghiep"])
    assert 'value="facilities"' not in enterprise.get("/facilities/upload/").content.decode()
    refused = enterprise.post("/facilities/upload/", {"kind": "facilities", "file": f})
    assert refused.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in refused.content.decode()


def test_the_templates_download_with_codes_and_labels(users, django_assert_num_queries):
    c = client_for(users["diaphuong"])
    with django_assert_num_queries(2):  # session, user
        content = c.get("/facilities/template/reports.csv").getvalue()
    assert content.startswith(b"\xef\xbb\xbf")
    lines = content.decode("utf-8-sig").splitlines()
    # labels first, then the codes the import reads (issue 12)
    assert lines[0].startswith("Mã số thuế,")
    assert lines[1].split(",")[:4] == ["tax_code", "facility_name", "year", "baseline_year"]
    assert client_for(users["diaphuong"]).get("/facilities/template/x.csv").status_code == 404


def test_an_officer_registers_a_facility_through_the_form(users):
    from sxsh.core.models import AdminUnit, VsicDivision

    c = client_for(users["canbo"])
    response = c.post("/facilities/new/", {
        "tax_code": "3300100009", "name": "Nhà máy bia", "admin_unit":
        AdminUnit.objects.get(code="huong-thuy").pk, "vsic": VsicDivision.objects.get(code="11").pk,
        "employees": "300", "revenue_bn_vnd": "500", "capital_bn_vnd": "300"})
    assert response.status_code == 302
    body = c.get(response["Location"]).content.decode()
    assert "Lớn" in body


def test_the_detail_takes_a_fixed_number_of_queries(two, users, make_report,
                                                    django_assert_num_queries):
    own, _ = two
    make_report(own, 2019, production=Decimal(1300), water_m3=Decimal(10))
    c = client_for(users["canbo"])
    # session, user, facility with unit and VSIC, its reports
    with django_assert_num_queries(4):
        assert c.get(f"/facilities/{own.pk}/").status_code == 200


def test_the_year_box_opens_the_report_of_that_year(two, users):
    own, _ = two
    response = client_for(users["doanhnghiep"]).get(f"/facilities/{own.pk}/?year=2019")
    assert response["Location"] == f"/facilities/{own.pk}/reports/2019/"


def test_a_year_out_of_range_is_not_found(two, users):
    own, _ = two
    assert client_for(users["canbo"]).get(f"/facilities/{own.pk}/reports/99999/").status_code \
        == 404


def test_the_home_page_counts_the_register_and_the_queue(two, users, make_report):
    own, far = two
    make_report(far, 2019, status=Report.Status.SUBMITTED, production=Decimal(1))
    body = client_for(users["canbo"]).get("/work/").content.decode()
    assert "<strong>2</strong> cơ sở trong danh sách" in body
    assert '<a href="/facilities/review/?status=submitted">1 báo cáo chờ duyệt</a>' in body
    body = client_for(users["doanhnghiep"]).get("/work/").content.decode()
    assert "<strong>1</strong> cơ sở trong danh sách" in body
    assert "chờ duyệt" not in body
    finance = client_for(users["taichinh"]).get("/work/").content.decode()
    assert "cơ sở trong danh sách" not in finance


@pytest.mark.parametrize(("name", "url"), [
    ("doanhnghiep", "/facilities/new/"),
    ("lanhdao", "/facilities/new/"),
    ("lanhdao", "/facilities/template/reports.xlsx"),
    ("taichinh", "/facilities/template/reports.xlsx"),
    ("taichinh", "/facilities/reports/export/"),
    ("doitac", "/facilities/reports/export/"),
    ("tuvan", "/facilities/review/"),
    ("tuvan", "/facilities/upload/"),
])
def test_other_roles_are_refused(users, name, url):
    assert client_for(users[name]).get(url).status_code == 403


def test_the_report_export_of_a_local_focal_point_holds_only_its_area(two, users, make_report):
    own, far = two
    make_report(far, 2016, production=Decimal(5))
    body = client_for(users["diaphuong"]).get("/facilities/reports/export/").getvalue().decode()
    assert own.tax_code in body and far.tax_code not in body


def test_the_reports_download_holds_the_reports_sent_never_drafts(two, users, make_report):
    own, far = two
    make_report(own, 2020, status=Report.Status.DRAFT, production=Decimal(7))
    make_report(own, 2021, status=Report.Status.SUBMITTED, production=Decimal(8))
    make_report(far, 2021, status=Report.Status.ACCEPTED, production=Decimal(9))
    make_report(far, 2022, status=Report.Status.RETURNED, production=Decimal(10))
    c = client_for(users["canbo"])

    def years(query: str) -> list[tuple[str, str]]:
        rows = list(csv.reader(io.StringIO(
            c.get("/facilities/reports/export/" + query).getvalue().decode("utf-8-sig"))))
        return [(r[2], r[-1]) for r in rows[2:]]

    sent = [y for y in years("?format=csv") if y[0] >= "2020"]
    assert sorted(sent) == [("2021", "Đã chấp nhận"), ("2021", "Đã gửi")]
    assert years("?format=csv&status=returned") == [("2022", "Trả lại")]
    assert sorted(years("?format=csv&status=draft")) == sorted(years("?format=csv"))
    body = c.get("/facilities/").content.decode()
    assert 'href="/facilities/reports/export/?format=xlsx"' in body


def test_the_register_sorts_by_a_column_keeping_its_filters(users):
    for tax, name, employees in (("3300100011", "Cơ sở Bê", 40), ("3300100012", "Cơ sở An", 300),
                                 ("3300100013", "Cơ sở Cê", 7)):
        FacilityFactory(tax_code=tax, name=name, employees=employees)
    c = client_for(users["canbo"])

    def names(query: str) -> list[str]:
        return [f.name for f in c.get("/facilities/" + query).context["page"].object_list]

    assert names("") == ["Cơ sở An", "Cơ sở Bê", "Cơ sở Cê"]          # by name
    assert names("?sort=-employees") == ["Cơ sở An", "Cơ sở Bê", "Cơ sở Cê"]
    assert names("?sort=employees") == ["Cơ sở Cê", "Cơ sở Bê", "Cơ sở An"]
    assert names("?sort=password") == names("")                           # unknown: default
    body = c.get("/facilities/?q=C%C6%A1+s%E1%BB%9F&sort=employees").content.decode()
    # the header of the sorted column sorts the other way, the others their own, filters kept
    assert ('<th class="num" aria-sort="ascending"><a class="sort" '
            'href="?q=C%C6%A1+s%E1%BB%9F&amp;sort=-employees"') in body
    assert 'href="?q=C%C6%A1+s%E1%BB%9F&amp;sort=name"' in body


def test_the_page_of_data_quality_warnings_holds_every_report_sent_with_one(
        two, users, make_report):
    own, far = two
    warned = [{"code": "sec_change", "category": "energy", "change": "0.6", "year": 2016}]
    make_report(own, 2020, status=Report.Status.ACCEPTED, quality_warnings=warned)
    make_report(own, 2021, status=Report.Status.RETURNED, quality_warnings=warned)
    make_report(far, 2021, status=Report.Status.DRAFT, quality_warnings=warned)
    make_report(far, 2022, status=Report.Status.SUBMITTED)
    c = client_for(users["canbo"])
    page = c.get("/facilities/review/?status=sent&warnings=yes").context["page"]
    assert sorted((r.facility_id, r.year) for r in page.object_list) == [
        (own.pk, 2020), (own.pk, 2021)]
    assert 'href="/facilities/review/?status=sent&amp;warnings=yes"' in c.get(
        "/facilities/").content.decode()
