"""The status survey: the XLSForm pyxform converts, a Kobo export matched to the register
(one facility by a confirmed name suggestion, one whose answers differ from the register
and update it only after review), the pages and who may open them."""

from __future__ import annotations

import io
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook
from pyxform.xls2xform import convert

from sxsh.activities import services
from sxsh.activities.models import Question, Response, Survey
from sxsh.activities.surveys import answer_value, xlsform
from sxsh.core.models import VsicDivision

from .conftest import csv_file, opener

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(users) -> Survey:
    officer = users["canbo"]
    survey = services.survey_create(data={"code": "khao-sat-2018", "title": "Khảo sát 2018",
                                          "year": 2018, "repeat_name": "products",
                                          "repeat_label": "Sản phẩm"}, user=officer)
    for data in (
        {"name": "employees", "label": "Số lao động", "type": "integer",
         "register_field": "employees"},
        {"name": "vsic", "label": "Ngành (VSIC)", "type": "text", "register_field": "vsic"},
        {"name": "aware", "label": "Đã biết SXSH?", "type": "select_one",
         "choices": "yes = Có\nno = Không", "required": True},
        {"name": "measures", "label": "Giải pháp", "type": "select_multiple",
         "choices": "light = Chiếu sáng\nboiler = Lò hơi", "relevance": "${aware} = 'yes'"},
        {"name": "surveyed_on", "label": "Ngày khảo sát", "type": "date"},
        {"name": "product", "label": "Sản phẩm", "type": "text", "in_repeat": True},
        {"name": "output_t", "label": "Sản lượng (tấn)", "type": "decimal", "in_repeat": True},
    ):
        services.question_add(survey=survey, data=data, user=officer)
    return survey


def test_it_exports_an_xlsform_that_pyxform_converts(survey):
    content = xlsform(survey, list(survey.questions.all()))
    warnings: list[str] = []
    result = convert(xlsform=io.BytesIO(content), file_type=".xlsx", warnings=warnings)
    xml = result.xform
    assert "<h:title>Khảo sát 2018</h:title>" in xml
    assert '<data id="khao-sat-2018" version="2018">' in xml
    assert '<repeat nodeset="/data/products">' in xml
    assert '<bind nodeset="/data/measures" type="string" relevant=" /data/aware  = \'yes\'"/>' \
        in xml
    assert '<bind nodeset="/data/employees" type="int"/>' in xml
    assert "<item><name>boiler</name><label>Lò hơi</label></item>" in xml
    assert '<input ref="/data/tax_code"><label>Mã số thuế</label></input>' in xml


KOBO = csv_file(
    "start;tax_code;facility_name;employees;group_a/vsic;aware;measures;surveyed_on;"
    "products[1]/product;products[1]/output_t;products[2]/product;products[2]/output_t;"
    "_uuid;_index",
    # Công ty A: its tax code, 120 employees where the register has none, VSIC 11 not 10.
    "2018-06-01;3300000001;Công ty A;120;11;yes;light boiler;2018-06-01;Bia;12.5;Nước;3;"
    "u-1;1",
    # A wrong tax code, a name close to "Công ty B".
    "2018-06-02;3300009999;Cong ty B;;;no;;2018-06-02;;;;;u-2;2",
)


def test_a_kobo_export_is_matched_reviewed_and_updates_the_register(survey, users,
                                                                    facilities):
    officer = users["canbo"]
    result = services.responses_import(survey=survey, opener=opener(KOBO),
                                       file_name="kobo.csv", user=officer)
    assert (result.errors, result.created, result.updated, result.unmatched) == ([], 2, 0, 1)
    a = Response.objects.get(external_id="u-1")
    assert a.facility == facilities["A"]
    assert (a.tax_code, a.facility_name) == ("3300000001", "Công ty A")
    assert a.answers == {"employees": 120, "vsic": "11", "aware": "yes",
                         "measures": "light boiler", "surveyed_on": "2018-06-01"}
    assert a.repeats == [{"product": "Bia", "output_t": "12.5"},
                         {"product": "Nước", "output_t": "3"}]
    b = Response.objects.get(external_id="u-2")
    assert (b.facility, b.suggested) == (None, facilities["B"])
    # The officer confirms the suggestion.
    services.response_match(response=b, facility=b.suggested, user=officer)
    assert Response.objects.get(pk=b.pk).facility == facilities["B"]
    # The differences are shown, the register untouched until the officer applies them.
    questions = list(survey.questions.all())
    assert [(q.name, c, n) for q, c, n in services.response_differences(a, questions)] == [
        ("employees", "", "120"), ("vsic", "10", "11")]
    facilities["A"].refresh_from_db()
    assert (facilities["A"].employees, facilities["A"].vsic.code) == (None, "10")
    services.response_apply(response=a, user=officer)
    facilities["A"].refresh_from_db()
    assert (facilities["A"].employees, facilities["A"].vsic.code) == (120, "11")
    # The same export again changes the answers' count by nothing.
    again = services.responses_import(survey=survey, opener=opener(KOBO),
                                      file_name="kobo.csv", user=officer)
    assert (again.created, again.updated, again.unmatched) == (0, 2, 0)
    assert Response.objects.get(pk=b.pk).facility == facilities["B"]


def test_a_kobo_xlsx_export_brings_the_repeat_group_from_its_own_sheet(survey, users,
                                                                       facilities):
    wb = Workbook()
    main = wb.active
    main.title = "Khảo sát 2018"
    main.append(["tax_code", "facility_name", "employees", "aware", "_uuid", "_index"])
    main.append(["3300000002", "Công ty B", 40, "no", "x-1", 1])
    products = wb.create_sheet("products")
    products.append(["products/product", "products/output_t", "_parent_index"])
    products.append(["Gạch", 100, 1])
    products.append(["Ngói", 20.5, 1])
    out = io.BytesIO()
    wb.save(out)
    result = services.responses_import(survey=survey, opener=opener(out.getvalue()),
                                       file_name="kobo.xlsx", user=users["canbo"])
    assert result.errors == []
    response = Response.objects.get(external_id="x-1")
    assert response.facility == facilities["B"]
    assert response.repeats == [{"product": "Gạch", "output_t": "100"},
                                {"product": "Ngói", "output_t": "20.5"}]


def test_an_export_with_a_wrong_answer_writes_nothing(survey, users, facilities):
    bad = csv_file("tax_code,facility_name,employees,aware,_uuid",
                   "3300000001,Công ty A,12,yes,u-1",
                   "3300000002,Công ty B,nhiều,maybe,u-2")
    result = services.responses_import(survey=survey, opener=opener(bad),
                                       file_name="kobo.csv", user=users["canbo"])
    assert result.errors == [
        "kobo.csv, dòng 3, cột employees: Hãy ghi một số nguyên.",
        "kobo.csv, dòng 3, cột aware: Không thuộc các lựa chọn: maybe."]
    assert Response.objects.count() == 0


def test_only_an_officer_designs_and_imports(survey, users):
    with pytest.raises(PermissionDenied):
        services.question_add(survey=survey, data={"name": "x", "label": "x", "type": "text"},
                              user=users["lanhdao"])
    with pytest.raises(PermissionDenied):
        services.responses_import(survey=survey, opener=opener(KOBO), file_name="kobo.csv",
                                  user=users["diaphuong"])
    assert VsicDivision.objects.filter(code="11").exists()


def test_the_officer_confirms_a_match_and_applies_the_differences_on_the_pages(
        client, users, survey, facilities, django_assert_num_queries):
    client.force_login(users["canbo"])
    page = client.post(reverse("activities:survey_import", args=[survey.code]),
                       {"file": SimpleUploadedFile("kobo.csv", KOBO)})
    assert page.status_code == 302
    # session, user; survey; questions; answers with facilities
    with django_assert_num_queries(5):
        html = client.get(reverse("activities:survey", args=[survey.code])).content.decode()
    assert "đề xuất: Công ty B" in html
    b = Response.objects.get(external_id="u-2")
    url = reverse("activities:response", args=[survey.code, b.pk])
    assert "Tên gần nhất là Công ty B (3300000002)." in client.get(url).content.decode()
    client.post(url, {"action": "match", "tax_code": "3300000002"})
    assert Response.objects.get(pk=b.pk).facility == facilities["B"]
    a = Response.objects.get(external_id="u-1")
    url = reverse("activities:response", args=[survey.code, a.pk])
    html = client.get(url).content.decode()
    assert 'id="differences"' in html and "<td>10</td><td>11</td>" in html
    client.post(url, {"action": "apply"})
    facilities["A"].refresh_from_db()
    assert (facilities["A"].employees, facilities["A"].vsic.code) == (120, "11")
    xlsx = client.get(reverse("activities:survey_xlsform", args=[survey.code]))
    assert xlsx["Content-Disposition"].endswith('khao-sat-2018.xlsx"')


def test_the_status_report_counts_the_matched_answers(client, users, survey, facilities):
    services.responses_import(survey=survey, opener=opener(KOBO), file_name="kobo.csv",
                              user=users["canbo"])
    client.force_login(users["lanhdao"])
    html = client.get(reverse("activities:survey", args=[survey.code])).content.decode()
    # Two answers, one matched (A): aware yes 1, no 0; employees 1 answer, sum and mean 120;
    # products: 12.5 + 3 = 15.5 over 2, mean 7.75.
    assert ('<td class="num">2</td><td class="num">1</td><td class="num">1</td>'
            '<td class="num">0</td>') in html
    assert "<td>Có</td><td class=\"num\">1</td>" in html
    assert '<td class="num">1</td><td class="num">120</td><td class="num">120</td>' in html
    assert '<td class="num">2</td><td class="num">15,5</td><td class="num">7,75</td>' in html
    assert 'id="kobo-form"' not in html and 'id="question-form"' not in html


def test_the_officer_designs_and_enters_answers_on_the_pages(client, users, facilities):
    client.force_login(users["canbo"])
    client.post(reverse("activities:surveys"), {"code": "ks", "title": "KS", "year": 2018})
    client.post(reverse("activities:survey", args=["ks"]),
                {"name": "employees", "label": "Số lao động", "type": "integer",
                 "register_field": "employees"})
    page = client.post(reverse("activities:response_enter", args=["ks"]),
                       {"tax_code": "3300000001", "employees": "nhiều"}).content.decode()
    assert "Hãy ghi một số nguyên." in page
    client.post(reverse("activities:response_enter", args=["ks"]),
                {"tax_code": "3300000001", "employees": "35"})
    response = Response.objects.get(survey__code="ks")
    assert (response.facility, response.answers) == (facilities["A"], {"employees": 35})


def test_the_wrong_user_is_refused_the_survey_pages(client, users, survey):
    client.force_login(users["doitac"])
    assert client.get(reverse("activities:surveys")).status_code == 403
    assert client.get(reverse("activities:survey", args=[survey.code])).status_code == 403
    client.force_login(users["lanhdao"])
    assert client.post(reverse("activities:survey_import", args=[survey.code]),
                       {"file": SimpleUploadedFile("kobo.csv", KOBO)}).status_code == 403
    assert client.get(reverse("activities:response_enter", args=[survey.code])
                      ).status_code == 403


def test_it_draws_one_bar_per_choice_with_its_count(client, users, survey, facilities):
    services.responses_import(survey=survey, opener=opener(KOBO), file_name="kobo.csv",
                              user=users["canbo"])
    more = csv_file(
        "start;tax_code;facility_name;employees;group_a/vsic;aware;measures;surveyed_on;"
        "_uuid;_index",
        "2018-06-03;3300000002;Công ty B;40;10;yes;light;2018-06-03;u-3;3",
    )
    services.responses_import(survey=survey, opener=opener(more), file_name="them.csv",
                              user=users["canbo"])
    # Matched: A (yes; light boiler) and B (yes; light). aware: Có 2, Không 0;
    # measures: Chiếu sáng 2, Lò hơi 1. The unmatched "Cong ty B" answer is not counted.
    client.force_login(users["lanhdao"])
    html = client.get(reverse("activities:survey", args=[survey.code])).content.decode()
    charts = re.findall(r'<svg class="bar-chart".*?</svg>', html, re.S)
    assert len(charts) == 2
    bars = [re.findall(r'<title>([^<]*)</title></rect><text class="count"[^>]*>([^<]*)</text>',
                       chart) for chart in charts]
    assert bars == [[("Có: 2", "2"), ("Không: 0", "0")],
                    [("Chiếu sáng: 2", "2"), ("Lò hơi: 1", "1")]]
    # The largest count spans 480 − 4 − 56 = 420 px; half of it 210 px; none 0 px.
    widths = [re.findall(r'<rect x="4" y="[^"]*" width="([^"]*)"', chart) for chart in charts]
    assert widths == [["420.0", "0.0"], ["420.0", "210.0"]]
    assert all('font-size="12"' in chart and "<script" not in chart for chart in charts)


@pytest.mark.parametrize(("kind", "typed", "stored"), [
    (Question.Type.INTEGER, "120", (120, None)),
    (Question.Type.INTEGER, "1e3", (None, "Hãy ghi một số nguyên.")),      # not 1000
    (Question.Type.INTEGER, "١٢٠", (None, "Hãy ghi một số nguyên.")),      # Arabic-Indic
    (Question.Type.DECIMAL, "12,5", ("12.5", None)),
    (Question.Type.DECIMAL, "1.234,5", ("1234.5", None)),
    (Question.Type.DECIMAL, "100.000", ("100", None)),
    (Question.Type.DECIMAL, "１２", (None, "Hãy ghi một số.")),             # fullwidth
])
def test_a_number_answer_is_read_by_the_importers_one_rule(kind, typed, stored):
    question = Question(name="q", label="Q", type=kind, required=False)
    assert answer_value(question, typed) == stored
