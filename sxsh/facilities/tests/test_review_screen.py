"""The review screen: the whole report beside the previous one, the decision on the same
screen, the queue's filters and links, and the facility's read-only view of its report."""

import re
from decimal import Decimal

import pytest

from sxsh.core.audit import history
from sxsh.facilities.forms import ReportForm
from sxsh.facilities.models import Report

from .test_pages import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(make_facility, make_report, users):
    """2016 accepted, 2018 submitted with a warning explained (figures in the tests)."""
    facility = make_facility(name="Công ty Bia Phú Vang", admin_unit_code="phu-vang",
                             accounts=[users["doanhnghiep"]])
    make_report(facility, 2016, aware=True, cp_staff=False, cp_applied=False,
                product_unit="nghìn lít", production=Decimal(1000),
                electricity_kwh=Decimal(1_000_000), water_m3=Decimal(4000))
    current = make_report(
        facility, 2018, status=Report.Status.SUBMITTED, aware=True, cp_staff=True,
        cp_applied=True, cp_measures="Thu hồi nhiệt nồi hơi", product_unit="nghìn lít",
        production=Decimal(1250), electricity_kwh=Decimal(1_100_000), water_m3=Decimal(5000),
        lpg_t=Decimal("2.5"), quality_comment="Thêm dây chuyền chiết chai mới",
        quality_warnings=[{"code": "sec_change", "category": "water", "year": 2016,
                           "change": "0.600"}])
    return facility, current


def row(body: str, field: str) -> list[str]:
    """The cells of the sheet's row of ``field``, as text."""
    match = re.search(rf'<tr class="sheet-{field}[^"]*">(.*?)</tr>', body, re.S)
    assert match, field
    return [re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", match.group(1), re.S)]


def test_the_screen_shows_every_answer_and_figure_beside_the_previous_report(pair, users):
    _facility, current = pair
    body = client_for(users["canbo"]).get(f"/facilities/review/{current.pk}/").content.decode()
    for name in ReportForm.base_fields:
        if name not in ("version", "quality_comment"):
            assert f'class="sheet-{name}' in body, name
    assert row(body, "aware") == ["Nhận thức được lợi ích của SXSH", "Có", "Có", ""]
    assert row(body, "cp_staff") == ["Có cán bộ chuyên trách SXSH", "Có", "Không", ""]
    assert row(body, "cp_applied") == ["Đang áp dụng SXSH", "Có", "Không", ""]
    assert row(body, "cp_measures")[1:3] == ["Thu hồi nhiệt nồi hơi", "–"]
    assert row(body, "production")[1:] == ["1.250", "1.000", "+25,0 %"]
    assert row(body, "electricity_kwh")[1:] == ["1.100.000", "1.000.000", "+10,0 %"]
    assert row(body, "water_m3")[1:] == ["5.000", "4.000", "+25,0 %"]
    assert row(body, "lpg_t")[1:] == ["2,5", "–", ""]
    # TOE: 1 100 000 × 0,0001543 + 2,5 t LPG; CO₂e of electricity 1 100 MWh × 0,9130 (2018)
    assert row(body, "energy_toe")[2] == "154,30"
    # SEC of energy without LPG would be 0,1358; 2016: 154,3 / 1 000 = 0,1543
    assert row(body, "sec_energy")[2] == "0,1543"
    assert row(body, "sec_water")[1:] == ["4,0000", "4,0000", "0,0 %"]
    assert "Thêm dây chuyền chiết chai mới" in body
    assert "Suất tiêu hao nước thay đổi +60 % so với năm 2016 (vượt ±50 %)." in body
    assert 'value="accept"' in body and 'value="return"' in body


def test_the_change_is_worked_out_from_the_exact_figures(pair, users):
    _facility, current = pair
    current.lpg_t = None
    from sxsh.facilities.services import report_derive
    report_derive(current)
    current.save()
    body = client_for(users["canbo"]).get(f"/facilities/review/{current.pk}/").content.decode()
    # 169,73 TOE against 154,30: +10,0 %; per unit 0,135784 against 0,1543: −12,0 %
    assert row(body, "energy_toe")[1:] == ["169,73", "154,30", "+10,0 %"]
    assert row(body, "sec_energy")[1:] == ["0,1358", "0,1543", "-12,0 %"]
    # 1 004,30 t against 918,50 t: 1 004,3 / 918,5 − 1 = 0,0934…
    assert row(body, "co2e_t")[1:] == ["1.004,30", "918,50", "+9,3 %"]


def test_a_report_without_an_earlier_one_shows_only_its_own_column(make_facility, make_report,
                                                                   users):
    facility = make_facility()
    report = make_report(facility, 2019, status=Report.Status.SUBMITTED, aware=False,
                         production=Decimal(10))
    body = client_for(users["canbo"]).get(f"/facilities/review/{report.pk}/").content.decode()
    assert row(body, "aware") == ["Nhận thức được lợi ích của SXSH", "Không"]
    assert "Cơ sở chưa có báo cáo năm trước để so sánh." in body


def test_returning_needs_a_comment_given_on_the_screen(pair, users):
    _facility, current = pair
    c = client_for(users["canbo"])
    response = c.post(f"/facilities/review/{current.pk}/", {"action": "return", "comment": " "})
    assert response.status_code == 200
    assert "Hãy ghi rõ cơ sở cần sửa gì." in response.content.decode()
    current.refresh_from_db()
    assert current.status == Report.Status.SUBMITTED
    response = c.post(f"/facilities/review/{current.pk}/",
                      {"action": "return", "comment": "Kiểm tra lại lượng nước"}, follow=True)
    assert ("Công ty Bia Phú Vang, năm 2018: báo cáo đã được trả lại cho cơ sở kèm nhận xét "
            "của bạn.") in response.content.decode()
    current.refresh_from_db()
    assert (current.status, current.review_comment) == (Report.Status.RETURNED,
                                                        "Kiểm tra lại lượng nước")
    step = history(current).last()
    assert (step.action_type, step.data) == ("facilities.report.returned", {
        "from": "submitted", "to": "returned", "comment": "Kiểm tra lại lượng nước"})


def test_accepting_says_accepted_and_goes_back_to_the_queue(pair, users):
    _facility, current = pair
    response = client_for(users["canbo"]).post(
        f"/facilities/review/{current.pk}/",
        {"action": "accept", "next": "/facilities/review/?year=2018"})
    assert response["Location"] == "/facilities/review/?year=2018"
    response = client_for(users["canbo"]).get("/facilities/review/?year=2018")
    current.refresh_from_db()
    assert current.status == Report.Status.ACCEPTED
    assert history(current).last().action_type == "facilities.report.accepted"


def test_the_accept_message_names_the_step(pair, users):
    _facility, current = pair
    response = client_for(users["canbo"]).post(
        f"/facilities/review/{current.pk}/", {"action": "accept"}, follow=True)
    assert "Công ty Bia Phú Vang, năm 2018: báo cáo đã được chấp nhận." in \
        response.content.decode()


@pytest.mark.parametrize("name", ["doanhnghiep", "diaphuong", "lanhdao", "tuvan", "taichinh"])
def test_only_reviewers_open_the_screen(pair, users, name):
    _facility, current = pair
    assert client_for(users[name]).get(f"/facilities/review/{current.pk}/").status_code == 403


def test_the_screen_pins_its_queries(pair, users, django_assert_num_queries):
    _facility, current = pair
    c = client_for(users["canbo"])
    # session, user, report with facility, unit and division, previous report, history
    # (audit entries with their actors)
    with django_assert_num_queries(5):
        assert c.get(f"/facilities/review/{current.pk}/").status_code == 200


def test_the_queue_links_to_the_screen_and_filters(pair, users, make_facility, make_report):
    _facility, current = pair
    far = make_facility(name="Cơ sở A Lưới", admin_unit_code="a-luoi")
    clean = make_report(far, 2019, status=Report.Status.SUBMITTED, production=Decimal(1))
    c = client_for(users["canbo"])
    body = c.get("/facilities/review/").content.decode()
    assert f'href="/facilities/review/{current.pk}/"' in body
    assert f'href="/facilities/review/{clean.pk}/"' in body

    def listed(query: str) -> set[str]:
        page = c.get(f"/facilities/review/?{query}").content.decode()
        return {n for n in ("Công ty Bia Phú Vang", "Cơ sở A Lưới") if n in page}

    assert listed("year=2018") == {"Công ty Bia Phú Vang"}
    assert listed("year=2019") == {"Cơ sở A Lưới"}
    phu_vang = c.get("/facilities/review/").context["form"].fields["admin_unit"].queryset.get(
        code="phu-vang")
    assert listed(f"admin_unit={phu_vang.pk}") == {"Công ty Bia Phú Vang"}
    assert listed("warnings=yes") == {"Công ty Bia Phú Vang"}
    assert listed("warnings=no") == {"Cơ sở A Lưới"}
    assert listed("status=accepted") == {"Công ty Bia Phú Vang"}  # its 2016 report
    assert listed("status=returned") == set()
    assert listed("status=submitted&warnings=no&year=2018") == set()


def test_the_queue_pins_its_queries_whatever_the_rows(pair, users, make_facility, make_report,
                                                      django_assert_num_queries):
    for n in range(4):
        make_report(make_facility(), 2019, status=Report.Status.SUBMITTED,
                    production=Decimal(n + 1))
    c = client_for(users["canbo"])
    # session, user, count, page of reports (with facility and unit), district choices
    with django_assert_num_queries(5):
        body = c.get("/facilities/review/?warnings=no").content.decode()
    assert body.count('class="btn" href="/facilities/review/') == 4


def test_the_enterprise_sees_what_it_submitted_and_the_comment(pair, users):
    facility, current = pair
    c = client_for(users["doanhnghiep"])
    body = c.get(f"/facilities/{facility.pk}/reports/2018/").content.decode()
    assert "Báo cáo như đã gửi" in body
    assert row(body, "cp_staff") == ["Có cán bộ chuyên trách SXSH", "Có", "Không", ""]
    assert row(body, "water_m3")[1:] == ["5.000", "4.000", "+25,0 %"]
    assert "<form method=\"post\" class=\"stacked\">" not in body
    client_for(users["canbo"]).post(f"/facilities/review/{current.pk}/",
                                    {"action": "return", "comment": "Kiểm tra lại lượng nước"})
    body = c.get(f"/facilities/{facility.pk}/reports/2018/").content.decode()
    assert "Ý kiến của người duyệt" in body and "Kiểm tra lại lượng nước" in body
    body = c.get(f"/facilities/{facility.pk}/").content.decode()
    assert "Ý kiến của người duyệt: Kiểm tra lại lượng nước" in body
    assert "Màn hình duyệt" not in body


def test_the_queue_shows_the_submitted_status_it_lists(pair, users):
    c = client_for(users["canbo"])
    for query in ("", "?year=2018"):
        body = c.get(f"/facilities/review/{query}").content.decode()
        assert '<option value="submitted" selected>' in body, query
