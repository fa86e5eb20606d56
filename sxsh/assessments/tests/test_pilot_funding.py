"""A pilot model's page (line 2.2): its funding by source beside its budget line's, the link
to that line, and its results (a text and its options' figures summed)."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client

from sxsh.assessments import services
from sxsh.assessments.models import Assessment, Option
from sxsh.plans.tests.conftest import lines, seed_plan, sources

__all__ = ["lines", "seed_plan", "sources"]

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_vietnamese")]


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _option(assessment, code, investment, saving, kwh, status="proposed", implemented_on=None):
    return Option.objects.create(
        assessment=assessment, code=code, category="equipment_modification",
        description=f"Giải pháp {code}", investment_mvnd=Decimal(investment),
        annual_saving_mvnd=Decimal(saving), electricity_kwh_saved_yr=Decimal(kwh),
        status=status, implemented_on=implemented_on)


@pytest.fixture
def pilot(make_facility, make_assessment, lines, sources, users):
    """A pilot model of line 2.2 (central 400, local 600, enterprise 1 000 in the plan)
    funded central 200, local 300, enterprise 600; O1 implemented in 2019, O2 proposed."""
    a = make_assessment(make_facility(name="Nhà máy Bia Phú Vang"), kind="pilot",
                        reference="MH-2019-01", budget_line=lines["2.2"])
    services.pilot_funding_set(assessment=a, user=users["canbo"], amounts={
        sources["central"].pk: Decimal(200), sources["local"].pk: Decimal(300),
        sources["enterprise"].pk: Decimal(600)})
    _option(a, "O1", 100, 40, 100_000, "implemented", dt.date(2019, 7, 1))
    _option(a, "O2", 50, 10, 20_000)
    return a


def _cells(body: str, marker: str) -> list[str]:
    row = body[body.index(marker):]
    row = row[:row.index("</tr>")]
    cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row)
    return [re.sub(r"<[^>]+>", "", cell) for cell in cells]


def test_the_funding_stands_beside_the_budget_lines_sources(pilot, users):
    body = client_for(users["tuvan"]).get(f"/assessments/{pilot.pk}/funding/").content.decode()
    # this pilot | line 2.2 | share: 200 of 400, 300 of 600, 600 of 1 000; 1 100 of 2 000
    assert _cells(body, 'data-source="central"') == [
        "Ngân sách TW", "200", "400", "50,0 %"]
    assert _cells(body, 'data-source="local"')[1:] == ["300", "600", "50,0 %"]
    assert _cells(body, 'data-source="enterprise"')[1:] == ["600", "1.000", "60,0 %"]
    assert _cells(body, '<tr class="total">') == ["Tổng", "1.100", "2.000", "55,0 %"]
    assert 'href="/plans/157-kh-ubnd-2016/#line-2.2"' in body
    assert "Dòng này dự kiến 2 dự án" in body   # the line plans 1 in 2018, 1 in 2019


def test_the_results_sum_the_options_figures(pilot, users):
    body = client_for(users["tuvan"]).get(f"/assessments/{pilot.pk}/funding/").content.decode()
    # all: 100 + 50 invested, 40 + 10 saved, (100 + 20) MWh × 0,8458 (2019) = 101,496 t
    assert _cells(body, 'data-which="all"')[1:] == ["2", "150", "50", "101,50"]
    # implemented: O1 only, 100 MWh × 0,8458 = 84,58 t
    assert _cells(body, 'data-which="implemented"')[1:] == ["1", "100", "40", "84,58"]


def test_a_consultant_writes_the_results_text(pilot, users):
    c = client_for(users["tuvan"])
    response = c.post(f"/assessments/{pilot.pk}/results/",
                      {"summary": "Giảm 20 % điện năng ở khâu nấu."})
    assert response.status_code == 302
    assert "Giảm 20 % điện năng ở khâu nấu." in c.get(
        f"/assessments/{pilot.pk}/funding/").content.decode()
    assert Assessment.objects.get(pk=pilot.pk).summary == "Giảm 20 % điện năng ở khâu nấu."


def test_results_too_long_or_of_a_closed_pilot_are_refused_with_a_message(pilot, users):
    c = client_for(users["tuvan"])
    response = c.post(f"/assessments/{pilot.pk}/results/", {"summary": "x" * 5001},
                      follow=True)
    assert "Hãy viết kết quả trong tối đa 5.000 ký tự." in response.content.decode()
    services.assessment_close(assessment=pilot, user=users["tuvan"],
                              finished_on=dt.date(2020, 1, 6), summary="Đạt mục tiêu.")
    response = c.post(f"/assessments/{pilot.pk}/results/", {"summary": "Sửa sau"},
                      follow=True)
    body = response.content.decode()
    assert "Đánh giá này đã kết thúc: không thể thay đổi hồ sơ nữa." in body
    assert "Đạt mục tiêu." in body
    assert f'action="/assessments/{pilot.pk}/results/"' not in body   # no form any more
    assert Assessment.objects.get(pk=pilot.pk).summary == "Đạt mục tiêu."


def test_a_pilot_naming_no_line_is_compared_with_the_plans_pilot_line(
        make_facility, make_assessment, users, seed_plan):
    a = make_assessment(make_facility(), kind="pilot", reference="MH-2018-02",
                        started_on=dt.date(2018, 4, 2))
    body = client_for(users["canbo"]).get(f"/assessments/{a.pk}/funding/").content.decode()
    assert 'href="/plans/157-kh-ubnd-2016/#line-2.2"' in body
    assert "không gắn dòng kinh phí nào" in body
    assert _cells(body, 'data-source="local"')[1:] == ["–", "600", "–"]


def test_others_are_refused(pilot, users, make_assessment, make_facility, other_agency):
    assert client_for(users["doanhnghiep"]).post(
        f"/assessments/{pilot.pk}/results/", {"summary": "x"}).status_code == 403
    quick = make_assessment(make_facility(), reference="ĐGN-9")
    assert client_for(users["tuvan"]).get(f"/assessments/{quick.pk}/funding/").status_code == 404
    assert client_for(users["tuvan"]).post(
        f"/assessments/{quick.pk}/results/", {"summary": "x"}).status_code == 404
    theirs = make_assessment(make_facility(), kind="pilot", reference="MH-9",
                             agency=other_agency)
    assert client_for(users["tuvan"]).post(
        f"/assessments/{theirs.pk}/results/", {"summary": "x"}).status_code == 404
    assert Assessment.objects.get(pk=theirs.pk).summary == ""


def test_the_page_takes_a_fixed_number_of_queries(pilot, users, django_assert_num_queries):
    c = client_for(users["tuvan"])
    # session, user, assessment; sources, line's sources, line's quantities, funding;
    # the view: steps, grid factors, options, measurements, team, waste streams, funding
    # (the form's values and token come from the funding read for the table)
    with django_assert_num_queries(14):
        assert c.get(f"/assessments/{pilot.pk}/funding/").status_code == 200
    for n in range(5):
        _option(pilot, f"N{n}", 10, 5, 1000, "implemented", dt.date(2019, 8, 1))
    with django_assert_num_queries(14):
        assert c.get(f"/assessments/{pilot.pk}/funding/").status_code == 200


def _opened(client: Client, pilot, form: str) -> dict[str, str]:
    """The values of the ``form`` (funding or results) as the page opened it."""
    page = client.get(f"/assessments/{pilot.pk}/funding/")
    bound = page.context[form]
    return {f.name: f.field.widget.format_value(f.value()) or "" for f in bound}


def test_a_second_save_of_the_funding_is_refused_naming_what_changed(pilot, users, sources):
    officer, consultant = client_for(users["canbo"]), client_for(users["tuvan"])
    first, second = _opened(officer, pilot, "form"), _opened(consultant, pilot, "form")
    central, local = f"source_{sources['central'].pk}", f"source_{sources['local'].pk}"
    assert first[central] == "200" and first["version"]
    assert officer.post(f"/assessments/{pilot.pk}/funding/",
                        {**first, central: "250"}).status_code == 302

    refused = consultant.post(f"/assessments/{pilot.pk}/funding/", {**second, local: "350"})

    assert refused.status_code == 422
    assert refused.context["form"].non_field_errors() == [
        "Người khác đã lưu bản ghi này sau khi bạn mở nó, nên các thay đổi của bạn chưa "
        "được lưu. Đã thay đổi: Ngân sách TW: 250. Hãy kiểm tra dữ liệu của bạn và lưu lại "
        "để giữ nó."]
    assert refused.context["form"][local].value() == "350"   # the input is kept
    amounts = dict(pilot.funding.values_list("source__code", "amount_million_vnd"))
    assert amounts == {"central": Decimal(250), "local": Decimal(300),
                       "enterprise": Decimal(600)}
    # saving the refused form again, after seeing the change, is a deliberate choice
    again = {f.name: f.field.widget.format_value(f.value()) or ""
             for f in refused.context["form"]}
    assert consultant.post(f"/assessments/{pilot.pk}/funding/", again).status_code == 302
    assert pilot.funding.get(source__code="local").amount_million_vnd == Decimal(350)


def test_a_second_save_of_the_results_is_refused_and_keeps_the_text(pilot, users):
    officer, consultant = client_for(users["canbo"]), client_for(users["tuvan"])
    first = _opened(officer, pilot, "results_form")
    second = _opened(consultant, pilot, "results_form")
    assert officer.post(f"/assessments/{pilot.pk}/results/",
                        {**first, "summary": "Giảm 20 % điện."}).status_code == 302

    refused = consultant.post(f"/assessments/{pilot.pk}/results/",
                              {**second, "summary": "Giảm 15 % nước."})

    assert refused.status_code == 422
    form = refused.context["results_form"]
    assert form.non_field_errors() == [
        "Người khác đã lưu bản ghi này sau khi bạn mở nó, nên các thay đổi của bạn chưa "
        "được lưu. Đã thay đổi: Tóm tắt: Giảm 20 % điện.. Hãy kiểm tra dữ liệu của bạn "
        "và lưu lại để giữ nó."]
    assert form["summary"].value() == "Giảm 15 % nước."
    pilot.refresh_from_db()
    assert pilot.summary == "Giảm 20 % điện."
