"""The dashboard, the drill-down lists and their exports, the public page."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.cache import cache
from django.test import Client
from openpyxl import load_workbook

from sxsh.core.tests.clock import stopped_at
from sxsh.facilities.models import Facility
from sxsh.facilities.tests.factories import FacilityFactory

pytestmark = pytest.mark.django_db

DASHBOARD = "/indicators/"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("username", ["canbo", "lanhdao", "tuvan", "diaphuong", "admin"])
def test_officers_viewers_consultants_and_local_focal_points_see_the_dashboard(
    users, facilities, plan, username
):
    response = client_for(users[username]).get(DASHBOARD, {"year": 2018})
    assert response.status_code == 200
    assert "Chỉ số" in response.content.decode()


@pytest.mark.parametrize("username", ["doanhnghiep", "doitac", "taichinh"])
def test_enterprises_partners_and_finance_are_refused(users, facilities, username):
    client = client_for(users[username])
    assert client.get(DASHBOARD).status_code == 403
    assert client.get("/indicators/I1/numerator/", {"year": 2018}).status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login_page(facilities):
    response = Client().get(DASHBOARD)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_dashboard_shows_figures_targets_status_and_a_chart(users, facilities, officers,
                                                                plan):
    body = client_for(users["canbo"]).get(DASHBOARD, {"year": 2018}).content.decode()
    # I1 3/7 = 42,9 % (worked out in test_engine.py), behind the line to 90 %.
    assert "42,9 %" in body and "Chậm tiến độ" in body
    # I3 5/7 = 71,4 %, achieved against 50 %.
    assert "71,4 %" in body and "Đạt" in body
    # The I4 band and I5's count target are written as the plan writes them.
    assert "8 % – 13 %" in body and "1 người" in body
    assert body.count("<svg") == 4  # I1–I4 over 2016–2020
    assert 'href="/indicators/I1/numerator/?year=2018"' in body


def test_the_dashboard_query_count_does_not_grow_with_facilities(
    users, facilities, officers, plan, django_assert_num_queries
):
    client = client_for(users["canbo"])
    # session, user, the inputs' version, unit and VSIC choices, plan, targets, the writes
    # noted by year, I5, I6's planned support (none marked in this plan), I1–I3 and I4 of
    # every year (the year is asked for: no default year is computed).
    with django_assert_num_queries(14):
        client.get(DASHBOARD, {"year": 2018})
    # Again with no change: session, user, version, unit and VSIC choices (figures cached).
    with django_assert_num_queries(5):
        client.get(DASHBOARD, {"year": 2018})
    FacilityFactory.create_batch(30, admin_unit_code="a-luoi", opened_year=2000)
    with django_assert_num_queries(14):
        client.get(DASHBOARD, {"year": 2018})
    with django_assert_num_queries(5):
        client.get(DASHBOARD, {"year": 2018})
    # The menu's link names no year: the default year too (its accepted reports by year, the
    # facilities open in the years that have some); the board of that year is kept.
    cache.clear()
    with django_assert_num_queries(16):
        client.get(DASHBOARD)


def test_a_local_focal_point_sees_only_its_area(users, facilities, plan):
    # Phú Vang, 2018: A B H J; I1 A, B → 2/4 = 50,0 %.
    body = client_for(users["diaphuong"]).get(DASHBOARD, {"year": 2018}).content.decode()
    assert "50,0 %" in body
    listing = client_for(users["diaphuong"]).get("/indicators/I1/denominator/", {"year": 2018})
    names = {cells[1][1] for _f, cells in listing.context["rows"]}
    assert names == {"Cơ sở A", "Cơ sở B", "Cơ sở H", "Cơ sở J"}


def test_bad_filters_give_a_vietnamese_message_not_an_error(users, facilities):
    response = client_for(users["canbo"]).get(DASHBOARD, {"year": "abc", "vsic": "99"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Hãy chọn một lựa chọn hợp lệ" in body


def test_the_numerator_list_holds_the_facilities_counted(users, facilities, plan):
    client = client_for(users["canbo"])
    # I2 2018: numerator A, B; denominator A B D G H (medium or large, open).
    numerator = client.get("/indicators/I2/numerator/", {"year": 2018})
    assert [cells[1][1] for _f, cells in numerator.context["rows"]] == ["Cơ sở A", "Cơ sở B"]
    denominator = client.get("/indicators/I2/denominator/", {"year": 2018})
    assert [cells[1][1] for _f, cells in denominator.context["rows"]] == [
        "Cơ sở A", "Cơ sở B", "Cơ sở D", "Cơ sở G", "Cơ sở H"]
    # Provisionally D's submitted 2017 report counts.
    provisional = client.get("/indicators/I2/numerator/", {"year": 2018, "provisional": "on"})
    assert [cells[1][1] for _f, cells in provisional.context["rows"]] == [
        "Cơ sở A", "Cơ sở B", "Cơ sở D"]


def test_the_savings_list_shows_each_facilitys_savings(users, facilities):
    client = client_for(users["canbo"])
    # I4 2018: denominator A, C, H; numerator A (energy 10 %) and C (raw 8 %).
    response = client.get("/indicators/I4/denominator/", {"year": 2018})
    rows = {cells[1][1]: [value for _kind, value in cells[8:]]
            for _f, cells in response.context["rows"]}
    assert list(rows) == ["Cơ sở A", "Cơ sở C", "Cơ sở H"]
    assert rows["Cơ sở A"] == pytest.approx([0.10, 0.04, 0.0, 0.25])
    assert rows["Cơ sở C"][:3] == pytest.approx([0.0, 0.08, 0.20]) and rows["Cơ sở C"][3] is None
    numerator = client.get("/indicators/I4/numerator/", {"year": 2018})
    assert [cells[1][1] for _f, cells in numerator.context["rows"]] == ["Cơ sở A", "Cơ sở C"]


def test_unknown_indicators_and_parts_are_not_found(users, facilities):
    client = client_for(users["canbo"])
    assert client.get("/indicators/I9/numerator/").status_code == 404
    assert client.get("/indicators/I5/numerator/").status_code == 404
    assert client.get("/indicators/I1/everything/").status_code == 404


def test_the_list_paginates_and_has_an_empty_state(users, facilities, django_assert_num_queries):
    FacilityFactory.create_batch(60, admin_unit_code="a-luoi", opened_year=2000)
    client = client_for(users["canbo"])
    # session, user, the inputs' version, unit and VSIC choices, the unit and its area
    # (1 + 2), count, page.
    with django_assert_num_queries(10):
        response = client.get("/indicators/I1/denominator/",
                              {"year": 2018, "admin_unit": "a-luoi", "page": 2})
    assert len(response.context["rows"]) == 10  # 60 facilities, 50 a page
    assert "Trang 2/2" in response.content.decode()
    # The list's rows are kept under the inputs' version: the first page reads its own 50
    # facilities only (session, user, version, unit and VSIC choices, the unit and its
    # area, the page's facilities), however many the list has.
    with django_assert_num_queries(9):
        response = client.get("/indicators/I1/denominator/",
                              {"year": 2018, "admin_unit": "a-luoi"})
    assert len(response.context["rows"]) == 50
    assert [row[0].name for row in response.context["rows"][:1]] == [
        Facility.objects.filter(admin_unit__code="a-luoi").order_by("name", "pk")[0].name]
    empty = client.get("/indicators/I1/numerator/", {"year": 2018, "admin_unit": "a-luoi"})
    assert "Không có cơ sở nào" in empty.content.decode()


def test_the_csv_and_xlsx_exports_hold_the_same_rows(users, facilities,
                                                     django_assert_num_queries):
    client = client_for(users["canbo"])
    # session, user, the inputs' version, unit and VSIC choices, the rows, their facilities
    # (one pass over the scope's, however many).
    with django_assert_num_queries(7):  # the facilities are read as the response is sent
        content = client.get("/indicators/I4/denominator/",
                             {"year": 2018, "format": "csv"}).getvalue()
    text = content.decode("utf-8-sig")
    # The filters in a comment line, in Vietnamese labels, above the header.
    lines = text.splitlines()
    assert lines[0] == ("# Danh sách: I4 Tiết kiệm trên đơn vị sản phẩm · mẫu số; Năm: 2018; "
                        "Đơn vị hành chính: Toàn tỉnh; ngành VSIC cấp 2: Tất cả ngành; "
                        "Quy mô: Mọi quy mô; Báo cáo được tính: đã chấp nhận")
    rows = list(csv.reader(io.StringIO("\n".join(lines[1:]))))
    assert rows[0][:2] == ["Mã số thuế", "Tên"] and rows[0][7] == "Năm cơ sở"
    assert [r[1] for r in rows[1:]] == ["Cơ sở A", "Cơ sở C", "Cơ sở H"]
    # A's baseline is its 2016 report; its energy saving 10 %.
    assert rows[1][7] == "2016" and float(rows[1][8]) == pytest.approx(0.10)
    with django_assert_num_queries(6):
        content = client.get("/indicators/I4/denominator/",
                             {"year": 2018, "format": "xlsx"}).getvalue()
    sheet = load_workbook(io.BytesIO(content)).active
    values = list(sheet.values)
    # Six filter rows, an empty row, the header, the rows.
    assert [v[:2] for v in values[:6]] == [
        ("Danh sách", "I4 Tiết kiệm trên đơn vị sản phẩm · mẫu số"), ("Năm", "2018"),
        ("Đơn vị hành chính", "Toàn tỉnh"), ("ngành VSIC cấp 2", "Tất cả ngành"),
        ("Quy mô", "Mọi quy mô"), ("Báo cáo được tính", "đã chấp nhận")]
    assert values[7][:2] == ("Mã số thuế", "Tên")
    assert [v[1] for v in values[8:]] == ["Cơ sở A", "Cơ sở C", "Cơ sở H"]
    assert values[8][7:9] == (2016, pytest.approx(0.10))
    assert sheet.cell(row=9, column=9).number_format == "0.0%"


def test_the_public_page_needs_no_login_and_names_only_published_facilities(
    facilities, plan, django_assert_num_queries
):
    # C (published) applied CP in 2018; A, B, H, J did too but are not published.
    # the inputs' version, unit and VSIC choices, the plan's provinces (2), plan, targets, the
    # writes noted by year, I5, I6's planned support, I1–I3 and I4 of every year, the
    # published names (2: I3's rows, their facilities; a repeat: test_cache.py).
    with django_assert_num_queries(14):
        response = Client().get("/indicators/public/", {"year": 2018})
    body = response.content.decode()
    assert response.status_code == 200
    assert "42,9 %" in body  # I1 province-wide, accepted reports only
    assert "Cơ sở C" in body
    for hidden in ("Cơ sở A", "Cơ sở B", "Cơ sở H", "Cơ sở J", "/indicators/I1/"):
        assert hidden not in body
    # The public never sees provisional figures: I1 stays 3/7 (4/7 provisionally).
    provisional = Client().get("/indicators/public/", {"year": 2018, "provisional": "on"})
    assert "42,9 %" in provisional.content.decode()


def test_the_home_page_points_to_the_open_indicators_and_the_dashboard(users):
    anonymous = Client().get("/").content.decode()
    assert 'href="/indicators/public/"' in anonymous and 'href="/indicators/"' not in anonymous
    # The navigation offers the dashboard to its users only, and so does the button.
    assert "Mở bảng chỉ số" not in anonymous
    assert "Mở bảng chỉ số" in client_for(users["lanhdao"]).get("/").content.decode()
    assert "Mở bảng chỉ số" not in client_for(users["doanhnghiep"]).get("/").content.decode()


def test_a_local_focal_point_cannot_filter_outside_its_area(users, facilities):
    response = client_for(users["diaphuong"]).get(DASHBOARD, {"year": 2018,
                                                              "admin_unit": "huong-thuy"})
    assert response.status_code == 200
    assert response.context["board"] is None
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    listing = client_for(users["diaphuong"]).get("/indicators/I1/denominator/",
                                                 {"year": 2018, "admin_unit": "huong-thuy"})
    assert listing.status_code == 400 and "Cơ sở C" not in listing.content.decode()


def test_the_charts_are_inline_svg_with_plain_coordinates(users, facilities, plan):
    import re

    body = client_for(users["canbo"]).get(DASHBOARD, {"year": 2018}).content.decode()
    # Vietnamese number formatting must not reach the SVG: 38.0, never 38,0.
    coordinates = re.findall(r'c[xy]="([^"]+)"', body)
    assert coordinates and all(re.fullmatch(r"\d+\.\d", c) for c in coordinates)
    # I3 in 2018: 5/7 → the point's tooltip reads 71,4 %.
    assert "<title>2018: 71,4 %</title>" in body
    assert "<script" not in body and "http" not in body.split("<main>")[1].split("</main>")[0]


def test_libreoffice_opens_the_xlsx_export(users, facilities, tmp_path):
    import shutil
    import subprocess

    # `make test` installs LibreOffice (tools/system-deps.sh): a missing one is a failure.
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice is not None, "LibreOffice is not installed"
    response = client_for(users["canbo"]).get("/indicators/I3/numerator/",
                                              {"year": 2018, "format": "xlsx"})
    xlsx = tmp_path / "i3.xlsx"
    xlsx.write_bytes(response.getvalue())
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir",
                    str(tmp_path), str(xlsx)], check=True, capture_output=True, timeout=120)
    rows = list(csv.reader(io.StringIO((tmp_path / "i3.csv").read_text(encoding="utf-8"))))
    # I3 2018: A, B, C, H, J (test_engine.py), under the six filter rows, a gap and the header.
    assert rows[1][:2] == ["Năm", "2018"] and rows[7][1] == "Tên"
    assert [r[1] for r in rows[8:]] == ["Cơ sở A", "Cơ sở B", "Cơ sở C", "Cơ sở H", "Cơ sở J"]


def test_a_year_outside_the_plan_shows_figures_without_targets(users, facilities, plan):
    body = client_for(users["canbo"]).get(DASHBOARD, {"year": 2023}).content.decode()
    assert "Không có kế hoạch nào cho năm 2023" in body
    assert "Chưa có mục tiêu" in body and "<svg" not in body


def test_a_name_that_looks_like_a_formula_stays_text_in_the_exports(users, facilities):
    Facility.objects.filter(pk=facilities["A"].pk).update(name="=HYPERLINK(\"x\")")
    Facility.objects.filter(pk=facilities["B"].pk).update(name="\tCơ sở B")
    client = client_for(users["canbo"])
    response = client.get("/indicators/I1/numerator/", {"year": 2018, "format": "csv"})
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"] == 'attachment; filename="I1-numerator-2018.csv"'
    data = response.getvalue()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n", 1)[1]  # after the filters' comment line
    names = [r[1] for r in csv.reader(io.StringIO(lines))][1:]
    assert '\'=HYPERLINK("x")' in names and "'\tCơ sở B" in names
    response = client.get("/indicators/I1/numerator/", {"year": 2018, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    cell = next(c for c in sheet["B"] if c.value and "HYPERLINK" in str(c.value))
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("x")'


@stopped_at(2026, 6, 15)
def test_a_report_dated_in_the_future_does_not_break_the_pages(users, facilities):
    from sxsh.facilities.models import Report
    from sxsh.indicators.tests.conftest import make_report

    # A wrongly dated accepted report (the reviewer's 2100) must not become the default year,
    # which the year selector cannot offer: the pages would show a form error and no figure.
    make_report(facilities["A"], 2100, Report.Status.ACCEPTED, "TTT", 1, 1, 1, 1, 1)
    for client, url in ((Client(), "/indicators/public/"),
                        (client_for(users["lanhdao"]), "/indicators/")):
        response = client.get(url)
        assert response.status_code == 200
        assert response.context["board"] is not None, url
        # the latest year up to 2026 in which half the open facilities reported: 2018
        # (4 of 7); 2019 has F's report only (1 of 7)
        assert response.context["board"].year == 2018
        assert "Hãy chọn một lựa chọn hợp lệ" not in response.content.decode()


def test_the_rows_sent_after_the_view_returns_keep_the_language_of_the_request(users,
                                                                               facilities):
    from django.utils import translation

    client = client_for(users["canbo"])
    url, query = "/indicators/I1/denominator/", {"year": 2018, "format": "csv"}
    sent_at_once = client.get(url, query).getvalue().decode("utf-8-sig")
    response = client.get(url, query)
    translation.activate("en")  # as a server thread may be when it sends the rows
    try:
        sent_later = response.getvalue().decode("utf-8-sig")
    finally:
        translation.activate("vi")
    sizes = {row[4] for row in csv.reader(io.StringIO(sent_later)) if len(row) > 4}
    assert sent_later == sent_at_once
    assert sizes == {"Quy mô", "Nhỏ", "Vừa", "Lớn"}
