"""Drill-down lists lead somewhere (issue 12, finding 12): names link to the facility's page,
and the year of the report each facility is counted by is shown."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def column(response, key: str) -> dict[str, object]:
    """The facility name → value of column ``key`` on the list's page."""
    index = [k for k, _label in response.context["drill"].columns].index(key)
    return {cells[1][1]: cells[index][1] for _f, cells in response.context["rows"]}


def test_names_link_to_the_facility_page(users, facilities):
    client = client_for(users["canbo"])
    body = client.get("/indicators/I2/numerator/", {"year": 2018}).content.decode()
    a, b = facilities["A"], facilities["B"]
    assert f'<a href="/facilities/{a.pk}/">Cơ sở A</a>' in body
    assert f'<a href="/facilities/{b.pk}/">Cơ sở B</a>' in body
    assert client.get(f"/facilities/{a.pk}/").status_code == 200


def test_a_local_focal_point_follows_the_link_to_a_facility_of_its_area(users, facilities):
    client = client_for(users["diaphuong"])
    body = client.get("/indicators/I1/denominator/", {"year": 2018}).content.decode()
    h = facilities["H"]
    assert f'<a href="/facilities/{h.pk}/">Cơ sở H</a>' in body
    assert client.get(f"/facilities/{h.pk}/").status_code == 200
    # and a facility outside it is neither listed nor readable
    assert "Cơ sở C" not in body
    assert client.get(f"/facilities/{facilities['C'].pk}/").status_code == 404


def test_the_year_of_the_report_used_is_shown_carried_forward_or_not(users, facilities):
    client = client_for(users["canbo"])
    response = client.get("/indicators/I2/denominator/", {"year": 2018})
    # A 2018; B's latest before 2018 is 2017; D's 2017 report is only submitted and its 2018
    # a draft; G's 2018 was returned, so its 2016 report is used; H 2018.
    assert column(response, "report_year") == {
        "Cơ sở A": 2018, "Cơ sở B": 2017, "Cơ sở D": None, "Cơ sở G": 2016, "Cơ sở H": 2018}
    body = response.content.decode()
    assert body.count('<span class="muted">(chuyển tiếp)</span>') == 2  # B and G
    # Provisionally D's submitted 2017 report is the one used.
    provisional = client.get("/indicators/I2/denominator/", {"year": 2018, "provisional": "on"})
    assert column(provisional, "report_year")["Cơ sở D"] == 2017


def test_the_savings_list_shows_each_facilitys_baseline_year(users, facilities):
    response = client_for(users["canbo"]).get("/indicators/I4/denominator/", {"year": 2018})
    # A and H compare with their earliest report (2016), C with its stated baseline 2017.
    assert column(response, "base_year") == {"Cơ sở A": 2016, "Cơ sở C": 2017, "Cơ sở H": 2016}


def test_the_list_files_write_labels_not_codes(users, facilities):
    response = client_for(users["canbo"]).get("/indicators/I2/denominator/", {
        "year": 2018, "admin_unit": "phu-vang", "size": "medium", "format": "csv"})
    first = response.getvalue().decode("utf-8-sig").splitlines()[0]
    assert first == ("# Danh sách: I2 Doanh nghiệp vừa và lớn có cán bộ chuyên trách SXSH · "
                     "mẫu số; Năm: 2018; Đơn vị hành chính: Huyện Phú Vang (đến 30/06/2025); "
                     "ngành VSIC cấp 2: Tất cả ngành; Quy mô: Vừa; Báo cáo được tính: đã chấp nhận")
    assert "phu-vang" not in first and "medium" not in first
