"""What each card's headline means (issue 12, finding 7): I4's saving against its band,
I5's number of people per year, the area's name in the subtitle; and the charts.

Figures from ``conftest.py``. I4 in 2018 (test_engine.py): A, C and H, savings by category

          energy  raw   aux   water
    A     10 %    4 %   0 %   25 %
    C      0 %    8 %  20 %    –
    H      0 %    –     –      –

medians: energy 0 %, raw 6 %, aux 10 % → the saving is 10 % (auxiliary materials), inside
the 8–13 % band: achieved; A (energy) and C (raw) save at least 8 %: 2 of 3 = 66,7 %.
"""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

DASHBOARD = "/indicators/"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def cards_of(response) -> dict:
    return {card.code: card for card in response.context["cards"]}


def test_i4s_headline_is_the_saving_with_the_share_of_facilities_beside_it(users, facilities,
                                                                          plan):
    response = client_for(users["canbo"]).get(DASHBOARD, {"year": 2018})
    i4 = cards_of(response)["I4"]
    assert i4.headline == pytest.approx(0.10) and i4.saving_category == "Vật liệu phụ"
    assert i4.result.status == "achieved"
    section = response.content.decode().split('id="I4"')[1].split("</section>")[0]
    assert '<strong class="value">10,0 %</strong>' in section
    assert "mức tiết kiệm trung vị trên đơn vị sản phẩm (Vật liệu phụ)" in section
    assert "Tỷ lệ cơ sở tiết kiệm từ 8 % trở lên:" in section and "66,7 %" in section
    assert 'href="/indicators/I4/numerator/?year=2018">2</a>' in section
    assert "Đạt" in section


def test_i4s_chart_draws_the_saving_against_the_band(users, facilities, plan):
    body = client_for(users["canbo"]).get(DASHBOARD, {"year": 2018}).content.decode()
    section = body.split('id="I4"')[1].split("</section>")[0]
    # The axis goes to 50 %, 2017's saving (C's energy, 1 − 0,1 / 0,2); the 2018 point
    # reads 10,0 %; the band is labelled.
    assert ">50 %</text>" in section and ">25 %</text>" in section
    assert ">10,0 %</text>" in section and ">50,0 %</text>" in section
    assert re.search(r'<text class="target-label"[^>]*><tspan[^>]*>Mục tiêu</tspan>'
                     r'<tspan[^>]*>8 % – 13 %</tspan></text>', section)


def test_i5_counts_people_per_year_and_says_no_filter_applies(users, attendances, plan):
    # Officers: canbo (untrained), khuyencong (trained on the account), Lan (trained at
    # T-2018 on 3/5/2018): 1 in 2016 and 2017, 2 from 2018, of 3.
    client = client_for(users["canbo"])
    response = client.get(DASHBOARD, {"year": 2017})
    i5 = cards_of(response)["I5"]
    assert (i5.headline, i5.unit, i5.result.denominator) == (1, "người", 3)
    assert i5.per_year == [(2016, 1), (2017, 1), (2018, 2), (2019, 2), (2020, 2)]
    section = response.content.decode().split('id="I5"')[1].split("</section>")[0]
    assert '<strong class="value">1 người</strong>' in section
    assert "trên tổng số 3 cán bộ" in section and "100,0 %" not in section
    assert "Bộ lọc không áp dụng" not in section
    filtered = client.get(DASHBOARD, {"year": 2017, "admin_unit": "phu-vang"})
    assert cards_of(filtered)["I5"].headline == 1
    assert "Bộ lọc không áp dụng cho I5" in filtered.content.decode()


def test_the_subtitle_names_the_area(users, facilities, plan):
    officer = client_for(users["canbo"]).get(DASHBOARD, {"year": 2018})
    assert "năm 2018 · Toàn tỉnh</p>" in " ".join(officer.content.decode().split())
    local = client_for(users["diaphuong"]).get(DASHBOARD, {"year": 2018})
    body = local.content.decode()
    # A local focal point's figures are its district's, named as such everywhere.
    assert local.context["area"] == "Huyện Phú Vang" and "Toàn tỉnh" not in body
    assert "năm 2018 · Huyện Phú Vang</p>" in " ".join(body.split())


def test_a_local_focal_points_dashboard_has_a_pinned_query_count(
    users, facilities, plan, django_assert_num_queries
):
    from sxsh.facilities.tests.factories import FacilityFactory

    client = client_for(users["diaphuong"])
    # session, user, the user's unit and its area (1 + 2), the inputs' version, unit and VSIC
    # choices, the plan's provinces (2), plan, targets, the writes noted by year, I5, I6's
    # planned support, I1–I3 and I4 of every year.
    with django_assert_num_queries(17):
        client.get(DASHBOARD, {"year": 2018})
    FacilityFactory.create_batch(30, admin_unit_code="phu-vang", opened_year=2000)
    with django_assert_num_queries(17):
        client.get(DASHBOARD, {"year": 2018})


def test_the_charts_have_values_on_points_a_legend_and_a_labelled_target(users, facilities,
                                                                         plan):
    body = client_for(users["canbo"]).get(DASHBOARD, {"year": 2018}).content.decode()
    section = body.split('id="I3"')[1].split("</section>")[0]
    # I3 2016–2019 (test_engine.py): 2018 is 5 of 7.
    assert re.search(r'<text class="point-value"[^>]*>71,4 %</text>', section)
    assert re.search(r'<text class="target-label"[^>]*><tspan[^>]*>Mục tiêu</tspan>'
                     r'<tspan[^>]*>50 %</tspan></text>', section)
    legend = section.split('class="chart-legend"')[1].split("</ul>")[0]
    assert "Tỷ lệ" in legend and "Mục tiêu 50 %" in legend
    assert 'style=' not in section and "font-size=" not in section


def test_the_dashboard_file_holds_the_filters_and_every_indicator(users, facilities, plan,
                                                                 django_assert_num_queries):
    client = client_for(users["canbo"])
    query = {"year": 2018, "size": "medium", "format": "xlsx"}
    # session, user, the inputs' version, unit and VSIC choices, plan, targets, the writes
    # noted by year, I5, I6's planned support, I1–I3 and I4 of every year — the same as the
    # page.
    with django_assert_num_queries(14):
        response = client.get(DASHBOARD, query)
    assert response["Content-Disposition"] == 'attachment; filename="chi-so-2018.xlsx"'
    rows = list(load_workbook(io.BytesIO(response.getvalue())).active.values)
    assert rows[0][0] == "Các chỉ số của kế hoạch"
    assert [r[:2] for r in rows[1:6]] == [
        ("Năm", "2018"), ("Đơn vị hành chính", "Toàn tỉnh"),
        ("ngành VSIC cấp 2", "Tất cả ngành"), ("Quy mô", "Vừa"),
        ("Báo cáo được tính", "đã chấp nhận")]
    assert rows[7][:3] == ("Mã", "Chỉ số", "Số liệu năm 2018")
    by_code = {r[0]: r for r in rows[8:] if r[0] and re.fullmatch(r"I\d", r[0])}
    assert list(by_code) == ["I1", "I2", "I3", "I4", "I5", "I6", "I7"]
    # Medium facilities open in 2018: B, D, H. I1: B aware (2016) → 1/3; I3: B (2017
    # carried forward) and H → 2/3; I4: H alone, energy 0 % → saving 0.
    assert by_code["I1"][2:5] == (pytest.approx(1 / 3), 1, 3)
    assert by_code["I3"][2:5] == (pytest.approx(2 / 3), 2, 3)
    assert by_code["I4"][2:5] == (0.0, 0, 1)
    # The plan's years 2016–2020 follow: in 2016 B and H are open, B aware → 1/2.
    assert by_code["I1"][6] == "90 %" and rows[7][8:] == ("2016", "2017", "2018", "2019", "2020")
    assert by_code["I1"][8] == 0.5 and by_code["I1"][10] == pytest.approx(1 / 3)
