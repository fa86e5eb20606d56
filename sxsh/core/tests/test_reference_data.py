from decimal import Decimal

import pytest

from sxsh.core.models import (
    AdminUnit,
    AdminUnitSuccession,
    Agency,
    EnergyConversionFactor,
    GridEmissionFactor,
    VsicDivision,
)
from sxsh.core.reference import MissingFactor, classify_size, grid_factor, toe_factor
from sxsh.core.services import reference_load

pytestmark = pytest.mark.django_db


def test_it_loads_the_province_units_and_their_successors(reference):
    assert AdminUnit.objects.filter(level="district").count() == 11
    city = AdminUnit.objects.get(code="tp-hue")
    assert {s.successor.name for s in city.successions.all()} == {"Quận Phú Xuân", "Quận Thuận Hóa"}
    assert AdminUnitSuccession.objects.get(predecessor__code="nam-dong").successor.code == "phu-loc"
    assert AdminUnit.objects.get(code="phong-dien").verified == "partly"


def test_units_valid_on_a_date_follow_the_2025_reforms(reference):
    import datetime as dt

    in_2016 = set(AdminUnit.objects.filter(level="district").valid_on(dt.date(2016, 10, 31))
                  .values_list("code", flat=True))
    assert len(in_2016) == 9 and "nam-dong" in in_2016 and "phu-xuan" not in in_2016
    in_2025 = set(AdminUnit.objects.filter(level="district").valid_on(dt.date(2025, 3, 1))
                  .values_list("code", flat=True))
    assert "phu-xuan" in in_2025 and "nam-dong" not in in_2025 and "tp-hue" not in in_2025


def test_it_loads_every_agency_named_in_the_seed(reference):
    names = set(Agency.objects.values_list("name", flat=True))
    for expected in [
        "Sở Công Thương", "Trung tâm Khuyến công và Xúc tiến thương mại", "Sở Tài chính",
        "Sở Khoa học và Công nghệ", "Sở Kế hoạch và Đầu tư", "Sở Thông tin và Truyền thông",
        "Sở Tài nguyên và Môi trường", "Ban quản lý Khu kinh tế, công nghiệp tỉnh",
        "Báo Thừa Thiên Huế", "Bộ Công Thương", "Ủy ban nhân dân tỉnh Thừa Thiên Huế",
    ]:
        assert expected in names
    assert Agency.objects.filter(kind="district").count() == 9
    assert Agency.objects.filter(kind="media").count() == 3


def test_loading_again_keeps_an_officers_correction(reference):
    factor = GridEmissionFactor.objects.get(year=2024)
    factor.tco2e_per_mwh = Decimal("0.7000")
    factor.save()
    result = reference_load()
    assert sum(result.created.values()) == 0
    assert GridEmissionFactor.objects.get(year=2024).tco2e_per_mwh == Decimal("0.7000")
    assert VsicDivision.objects.count() == 24


def test_factors_are_those_of_the_year_asked(reference):
    assert grid_factor(2018).tco2e_per_mwh == Decimal("0.9130")
    # No factor yet for 2026: the latest published one (2024) applies.
    assert grid_factor(2026).year == 2024
    with pytest.raises(MissingFactor):
        grid_factor(2010)
    assert toe_factor("electricity", "kWh", 2016).toe_per_unit == Decimal("0.0001543")
    assert toe_factor("coal", "t", 2016, grade="coal_3").toe_per_unit == Decimal("0.5")


def test_a_newer_factor_does_not_change_an_earlier_year(reference):
    EnergyConversionFactor.objects.create(
        carrier="electricity", unit="kWh", valid_from_year=2025,
        toe_per_unit=Decimal("0.0001500"), source="test",
    )
    assert toe_factor("electricity", "kWh", 2020).toe_per_unit == Decimal("0.0001543")
    assert toe_factor("electricity", "kWh", 2025).toe_per_unit == Decimal("0.0001500")


@pytest.mark.parametrize(
    ("employees", "revenue", "capital", "size"),
    [
        (10, "3", "100", "micro"),       # at every micro bound (revenue within)
        (10, "500", "3", "micro"),       # capital within the micro bound is enough
        (11, "3", "3", "small"),         # one employee above micro
        (10, "3.01", "3.01", "small"),   # revenue and capital both above micro
        (100, "50", "999", "small"),
        (101, "50", "20", "medium"),
        (100, "50.5", "20.5", "medium"),
        (200, "200", "999", "medium"),
        (200, "999", "100", "medium"),
        (201, "1", "1", "large"),        # employees above medium alone make it large
        (200, "200.1", "100.1", "large"),
    ],
)
def test_decree_80_size_class_at_each_threshold(reference, employees, revenue, capital, size):
    result = classify_size(
        employees=employees, revenue_bn_vnd=Decimal(revenue), capital_bn_vnd=Decimal(capital)
    )
    assert result is not None
    assert result.size == size


def test_size_class_gives_its_reason_in_vietnamese(reference):
    from django.utils import translation

    with translation.override("vi"):
        result = classify_size(employees=150, revenue_bn_vnd=Decimal("120"),
                               capital_bn_vnd=None)
    assert result is not None
    assert result.size == "medium"
    assert result.reason == (
        "Vừa: 150 ≤ 200 lao động và doanh thu 120 ≤ 200 tỷ đồng (Nghị định 80/2021)"
    )


def test_size_class_is_unknown_without_employees_or_money(reference):
    assert classify_size(employees=None, revenue_bn_vnd=Decimal(1), capital_bn_vnd=None) is None
    assert classify_size(employees=5, revenue_bn_vnd=None, capital_bn_vnd=None) is None
