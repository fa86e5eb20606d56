"""Verified savings pre-fill a facility's next yearly report: a figure offered with its
source, never a change to a report already filed."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from sxsh.assessments import services
from sxsh.assessments.measurement import Period
from sxsh.facilities.models import Report

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_vietnamese")]


@pytest.fixture
def verified(make_facility, make_report, make_assessment, users):
    """2018 report: 1 100 000 kWh. Option PA-01 implemented 01/07/2019, verified
    01/05/2020: 500 000 → 400 000 kWh for the same 1 000 t, 100 000 kWh a year saved."""
    officer = users["canbo"]
    facility = make_facility(name="Nhà máy Bia Phú Vang", accounts=[users["doanhnghiep"]])
    make_report(facility, 2018, production=Decimal(1250), electricity_kwh=Decimal(1_100_000))
    a = make_assessment(facility, reference="ĐGN-2019-01")
    option = services.option_save(assessment=a, user=officer, data={
        "code": "PA-01", "category": "equipment_modification", "description": "Bơm mới"})
    services.option_screen(option=option, user=officer, status="implement_now")
    services.option_implement(option=option, user=officer, implemented_on=dt.date(2019, 7, 1))
    services.option_verify(option=option, user=officer, measured_on=dt.date(2020, 5, 1),
                           before=Period(Decimal(1000), Decimal(500_000)),
                           after=Period(Decimal(1000), Decimal(400_000)))
    return facility


def _form(users, facility, year) -> str:
    client = Client()
    client.force_login(users["doanhnghiep"])
    return client.get(f"/facilities/{facility.pk}/reports/{year}/").content.decode()


def test_the_next_report_starts_from_the_last_less_the_verified_saving(verified, users):
    body = _form(users, verified, 2021)
    # 1 100 000 (2018) − 100 000 = 1 000 000 kWh, offered in the field and explained
    assert 'name="electricity_kwh" value="1.000.000"' in body
    assert ("Điện (kWh): 1.000.000 = 1.100.000 trong báo cáo năm 2018 − 100.000 tiết kiệm "
            "mỗi năm nhờ giải pháp PA-01 của đợt đánh giá ĐGN-2019-01 (kiểm chứng ngày "
            "01/05/2020)") in body


def test_a_report_of_the_year_of_the_measurement_is_not_prefilled(verified, users):
    assert "kiểm chứng ngày" not in _form(users, verified, 2020)


def test_a_report_already_filed_keeps_its_own_figures(verified, users, make_report):
    make_report(verified, 2021, status=Report.Status.DRAFT, electricity_kwh=Decimal(990_000))
    body = _form(users, verified, 2021)
    assert "kiểm chứng ngày" not in body
    assert 'value="990.000"' in body
