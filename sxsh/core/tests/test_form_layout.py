"""Forms read as Vietnamese forms: figures shown as typed, one note on the number format,
every error at the top, no "---------", the language switch in words, "Lịch sử" for History,
and auditlog's administration pages in Vietnamese (issue 12, findings 13 and 14)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django import forms
from django.test import Client
from django.utils import translation

from sxsh.core.fields import LocalizedDecimalField, LocalizedIntegerField
from sxsh.core.models import AdminUnit, VsicDivision
from sxsh.facilities.tests.factories import FacilityFactory


class Figures(forms.Form):
    amount = LocalizedDecimalField(max_digits=14, decimal_places=3)
    people = LocalizedIntegerField()


@pytest.fixture
def vi():
    with translation.override("vi"):
        yield


def test_a_stored_figure_is_shown_grouped_without_trailing_zeros(vi):
    form = Figures(initial={"amount": Decimal("5000000.000"), "people": 1234567})
    assert 'value="5.000.000"' in str(form["amount"])
    assert 'value="1.234.567"' in str(form["people"])
    assert 'value="0,05"' in str(Figures(initial={"amount": Decimal("0.0500")})["amount"])


def test_a_figure_shown_reads_back_as_the_same_value(vi):
    shown = Figures(initial={"amount": Decimal("1234567.500"), "people": 2016})
    amount = re.search(r'value="([^"]+)"', str(shown["amount"])).group(1)
    people = re.search(r'value="([^"]+)"', str(shown["people"])).group(1)
    assert (amount, people) == ("1.234.567,5", "2.016")
    typed = Figures(data={"amount": amount, "people": people})
    assert typed.is_valid(), typed.errors
    assert typed.cleaned_data == {"amount": Decimal("1234567.5"), "people": 2016}


def test_text_typed_in_is_shown_back_as_typed(vi):
    form = Figures(data={"amount": "12,5abc", "people": "x"})
    assert not form.is_valid()
    assert 'value="12,5abc"' in str(form["amount"])


def test_a_figure_box_brings_up_the_number_keyboard(vi):
    form = Figures()
    assert 'type="text"' in str(form["amount"])
    assert 'inputmode="decimal"' in str(form["amount"])
    assert 'inputmode="numeric"' in str(form["people"])


def test_the_number_note_is_said_once_and_errors_are_listed_at_the_top(users):
    client = Client()
    client.force_login(users["canbo"])
    body = client.post("/facilities/new/", {
        "tax_code": "12", "name": "", "admin_unit": AdminUnit.objects.get(code="huong-thuy").pk,
        "vsic": VsicDivision.objects.get(code="11").pk, "employees": "nhiều",
        "revenue_bn_vnd": "500", "capital_bn_vnd": "300"}).content.decode()
    assert body.count("Viết theo kiểu Việt Nam") == 1
    summary = body[body.index('class="error-summary"'):body.index("</div>",
                                                                   body.index("error-summary"))]
    assert "Chưa lưu gì" in summary
    assert '<a href="#id_name">Tên</a>' in summary
    assert '<a href="#id_employees">' in summary
    assert '<a href="#id_tax_code">' in summary


def test_no_select_offers_dashes(users):
    facility = FacilityFactory()
    client = Client()
    client.force_login(users["canbo"])
    for path in ["/facilities/new/", f"/facilities/{facility.pk}/edit/",
                 f"/facilities/{facility.pk}/reports/2018/", "/facilities/"]:
        body = client.get(path).content.decode()
        assert "---------" not in body, path
    assert "<option value=\"\" selected>— chọn —</option>" in \
        client.get("/facilities/new/").content.decode()


def test_the_language_switch_names_the_languages(users):
    body = Client().get("/").content.decode()
    assert '<span class="current" lang="vi">Tiếng Việt</span>' in body
    assert 'value="en" lang="en" class="linkish">English</button>' in body
    assert ">VI<" not in body and ">EN<" not in body


def test_history_reads_lich_su_wherever_it_is_said(vi):
    assert translation.gettext("History") == "Lịch sử"


def test_the_administrations_audit_pages_speak_vietnamese(users):
    client = Client()
    client.force_login(users["admin"])
    FacilityFactory(name="Nhà máy A")
    body = client.get("/admin/auditlog/logentry/").content.decode()
    assert "Nhật ký thay đổi" in body
    assert "Bản ghi" in body
    for english in ("Resource", "Changes", "log entries"):
        assert f">{english}<" not in body, english
