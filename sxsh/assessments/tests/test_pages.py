"""The assessment pages: a consultant works an assessment through, section by section;
who may see and change what; how many queries a page takes."""

import datetime as dt
import io

import pytest
from django.test import Client
from docx import Document

from sxsh.assessments import services
from sxsh.assessments.models import Assessment, Option

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_vietnamese")]


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def served(make_facility, users, centre):
    facility = make_facility(name="Nhà máy Bia Phú Vang", accounts=[users["doanhnghiep"]])
    services.assignment_create(facility=facility, agency=centre, user=users["canbo"],
                               since=dt.date(2019, 1, 2))
    return facility


def _post(client, url, data, expect=302):
    response = client.post(url, data)
    assert response.status_code == expect, response.content.decode()[-3000:]
    return response


def test_a_consultant_works_a_quick_assessment_through_to_a_verified_option(served, users):
    c = client_for(users["tuvan"])
    _post(c, "/assessments/new/", {"facility": served.pk, "kind": "quick",
                                   "reference": "ĐGN-2019-01", "started_on": "2019-03-04"})
    a = Assessment.objects.get()
    assert a.consultant_agency.code == "tt-khuyen-cong"  # its own agency, not chosen
    base = f"/assessments/{a.pk}/add"
    _post(c, f"{base}/team/", {"team-name": "Nguyễn Văn An", "team-position": "Quản đốc"})
    _post(c, f"{base}/step/", {"step-name": "Nấu", "step-order": "1", "step-is_focus": "on"})
    step = a.steps.get()
    for direction, kind, name, qty in [("input", "material", "Malt", "1.000"),
                                       ("output", "product", "Dịch đường", "850"),
                                       ("output", "waste", "Bã malt", "120")]:
        _post(c, f"{base}/flow/", {"flow-step": step.pk, "flow-direction": direction,
                                   "flow-kind": kind, "flow-name": name,
                                   "flow-quantity_per_year": qty, "flow-unit": "tấn"})
    _post(c, f"{base}/waste/", {"waste-name": "Bã malt", "waste-material_cost_mvnd_yr": "30",
                                "waste-treatment_cost_mvnd_yr": "12,5"})
    _post(c, f"{base}/option/", {
        "option-code": "PA-01", "option-category": "equipment_modification",
        "option-description": "Thay động cơ bơm hiệu suất cao", "option-investment_mvnd": "100",
        "option-annual_saving_mvnd": "40", "option-life_years": "5",
        "option-discount_rate": "0,10", "option-electricity_kwh_saved_yr": "100.000"})
    option = Option.objects.get()
    _post(c, f"/assessments/options/{option.pk}/step/", {"status": "implement_now"})
    _post(c, f"/assessments/options/{option.pk}/step/",
          {"step": "implement", "implemented_on": "2019-07-01"})
    _post(c, f"/assessments/options/{option.pk}/verify/", {
        "measured_on": "2020-05-01", "quantity": "electricity_kwh",
        "before_production": "1000", "before_use": "500000", "before_months": "12",
        "after_production": "1000", "after_use": "400000", "after_months": "12"})
    option.refresh_from_db()
    assert option.status == Option.Status.VERIFIED
    body = c.get(f"/assessments/{a.pk}/").content.decode()
    assert "Nấu" in body and "Nguyễn Văn An" in body
    # balance of Nấu in tấn: 1 000 in, 850 product, 120 waste → 30 unaccounted, lost 15,0 %
    assert "15,0 %" in body
    assert "42,5" in body          # waste cost 30 + 12,5
    assert "2,50" in body          # payback 100 ÷ 40
    assert "51,631" in body        # NPV −100 + 40 × 3,790787 at 10 % over 5 years
    assert "28,65 %" in body       # IRR: 40 × annuity(r, 5) = 100
    assert "84,58" in body         # 100 MWh × 0,8458 (2019)
    assert "100.000" in body       # the measured saving (500 000 − 400 000 kWh)
    assert "hạng B" in body


def test_an_officer_names_the_consulting_agency(served, users):
    c = client_for(users["canbo"])
    response = c.post("/assessments/new/", {"facility": served.pk, "kind": "quick",
                                            "reference": "ĐGN-1", "started_on": "2019-03-04"})
    assert response.status_code == 200
    assert "Hãy chọn đơn vị tư vấn." in response.content.decode()
    assert not Assessment.objects.exists()


def test_a_figure_too_large_for_its_column_is_a_message_not_an_error(served, users,
                                                                     make_assessment):
    a = make_assessment(served)
    response = client_for(users["tuvan"]).post(f"/assessments/{a.pk}/add/option/", {
        "option-code": "PA-9", "option-category": "good_housekeeping",
        "option-description": "Quá lớn", "option-investment_mvnd": "1000000000000"})
    assert response.status_code == 422
    assert not Option.objects.exists()


def test_a_future_start_is_refused(served, users):
    tomorrow = dt.date.today() + dt.timedelta(days=2)
    response = client_for(users["tuvan"]).post("/assessments/new/", {
        "facility": served.pk, "kind": "quick", "reference": "ĐGN-X",
        "started_on": tomorrow.isoformat()})
    assert response.status_code == 200
    assert "sau ngày hôm nay" in response.content.decode()


def test_the_enterprise_reads_its_own_assessment_but_cannot_change_it(served, users,
                                                                      make_assessment):
    a = make_assessment(served)
    c = client_for(users["doanhnghiep"])
    assert c.get(f"/assessments/{a.pk}/").status_code == 200
    assert "ĐGN-" in c.get("/assessments/").content.decode()
    assert c.post(f"/assessments/{a.pk}/add/team/", {"team-name": "X"}).status_code == 403
    assert f"/assessments/?facility={served.pk}" in c.get(
        f"/facilities/{served.pk}/").content.decode()


def test_others_are_refused_or_do_not_find_it(served, users, make_assessment, other_agency,
                                              make_facility):
    a = make_assessment(served, agency=other_agency)  # another agency's assessment
    assert client_for(users["tuvan"]).get(f"/assessments/{a.pk}/").status_code == 404
    assert client_for(users["tuvan"]).post(
        f"/assessments/{a.pk}/add/team/", {"team-name": "X"}).status_code == 404
    assert client_for(users["taichinh"]).get("/assessments/").status_code == 403
    assert client_for(users["diaphuong"]).get("/assessments/new/").status_code == 403
    assert client_for(users["tuvan"]).get("/assessments/assign/").status_code == 403
    far = make_facility(name="Cơ sở A Lưới", admin_unit_code="a-luoi")
    b = make_assessment(far)
    assert client_for(users["diaphuong"]).get(f"/assessments/{b.pk}/").status_code == 404


def test_the_list_and_the_detail_take_a_fixed_number_of_queries(
        served, users, make_assessment, django_assert_num_queries):
    for n in range(4):
        a = make_assessment(served)
        services.team_member_add(assessment=a, user=users["canbo"], name=f"Thành viên {n}")
        step = services.step_save(assessment=a, user=users["canbo"], name="Bước", order=1)
        services.flow_add(step=step, user=users["canbo"], direction="input", kind="water",
                          name="Nước", quantity_per_year=10, unit="m³")
        services.option_save(assessment=a, user=users["canbo"], data={
            "code": f"PA-{n}", "category": "good_housekeeping", "description": "Tắt đèn"})
    for n in range(3):  # the last one has more of everything
        services.team_member_add(assessment=a, user=users["canbo"], name=f"Thêm {n}")
        services.option_save(assessment=a, user=users["canbo"], data={
            "code": f"PB-{n}", "category": "byproduct", "description": "Bán bã"})
    c = client_for(users["tuvan"])
    # session, user, count, page with facility and agency
    with django_assert_num_queries(4):
        assert c.get("/assessments/").status_code == 200
    # session, user, assessment; steps, flows, grid factors, options, measurements, team,
    # waste streams; the forms' choices (steps twice, waste streams); history; the options
    # library of its sector
    with django_assert_num_queries(15):
        assert c.get(f"/assessments/{a.pk}/").status_code == 200


def test_the_report_opens_with_its_headings_and_figures(served, users, make_assessment):
    a = make_assessment(served, title="Đánh giá nhanh")
    services.option_save(assessment=a, user=users["canbo"], data={
        "code": "PA-01", "category": "good_housekeeping", "description": "Tắt đèn",
        "investment_mvnd": 100, "annual_saving_mvnd": 40, "life_years": 5,
        "discount_rate": "0.10"})
    response = client_for(users["tuvan"]).get(f"/assessments/{a.pk}/report.docx")
    assert response.status_code == 200
    document = Document(io.BytesIO(b"".join(response.streaming_content)
                                   if response.streaming else response.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "1. Cơ sở sản xuất"
    options = document.tables[0]  # the only section with rows
    assert [c.text for c in options.rows[1].cells][6:9] == ["2,50", "51,631", "28,65 %"]
