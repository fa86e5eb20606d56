"""The provinces of the country: 63 until 30/6/2025, 34 from 1/7/2025, and the mapping
between them (Resolution 202/2025/QH15), loaded from ``data/reference/provinces``."""

import datetime as dt

import pytest

from sxsh.core.models import AdminUnit, AdminUnitSuccession
from sxsh.core.services import reference_load

pytestmark = pytest.mark.django_db


def _on(day: dt.date) -> set[str]:
    return set(AdminUnit.objects.provinces().valid_on(day).values_list("name", flat=True))


def test_there_are_63_provinces_until_30_june_2025_and_34_from_1_july(reference):
    assert AdminUnit.objects.provinces().valid_on(dt.date(2025, 6, 30)).count() == 63
    assert AdminUnit.objects.provinces().valid_on(dt.date(2025, 7, 1)).count() == 34
    # Thừa Thiên Huế became the city of Huế on 1/1/2025 (NQ 175/2024/QH15).
    assert "Thừa Thiên Huế" in _on(dt.date(2024, 12, 31))
    assert "Huế" not in _on(dt.date(2024, 12, 31))
    assert "Huế" in _on(dt.date(2025, 7, 1))
    assert {"Đắk Nông", "Bình Thuận"} <= _on(dt.date(2025, 6, 30))
    assert not {"Đắk Nông", "Bình Thuận"} & _on(dt.date(2025, 7, 1))


def test_the_installations_units_are_the_versions_of_hue_in_the_national_list(reference):
    assert AdminUnit.objects.filter(gso_code="46").count() == 2
    assert AdminUnit.objects.get(code="hue").level == "city_centrally_run"
    assert AdminUnit.objects.get(code="tth").gso_code == "46"
    # Huế was not merged on 1/7/2025: nothing passed into it then.
    assert not AdminUnitSuccession.objects.filter(successor__code="hue",
                                                  effective_date=dt.date(2025, 7, 1)).exists()


def test_lam_dong_absorbed_dak_nong_and_binh_thuan(reference):
    lam_dong = AdminUnit.objects.get(code="vn-68-2025")
    assert (lam_dong.name, lam_dong.gso_code, lam_dong.valid_from) == (
        "Lâm Đồng", "68", dt.date(2025, 7, 1))
    predecessors = {(s.predecessor.code, s.predecessor.name, s.whole)
                    for s in lam_dong.predecessions.select_related("predecessor")}
    assert predecessors == {("vn-68", "Lâm Đồng", True), ("vn-67", "Đắk Nông", True),
                            ("vn-60", "Bình Thuận", True)}
    assert {"vn-68", "vn-67", "vn-60"} <= set(
        AdminUnit.objects.filter(pk__in=lam_dong.area_ids()).values_list("code", flat=True))


def test_a_code_changes_meaning_across_1_july_2025(reference):
    # 15 was Yên Bái; from 1/7/2025 it is Lào Cai (the code of the seat's province).
    assert _named(dt.date(2025, 6, 30), "15") == "Yên Bái"
    assert _named(dt.date(2025, 7, 1), "15") == "Lào Cai"


def _named(day: dt.date, code: str) -> str:
    return AdminUnit.objects.provinces().valid_on(day).get(gso_code=code).name


def test_every_province_row_carries_its_sources_and_verification(reference):
    national = AdminUnit.objects.filter(code__startswith="vn-")
    assert national.count() == 85  # 87 versions, Thừa Thiên Huế and Huế already present
    assert not national.filter(source="").exists()
    assert set(national.values_list("verified", flat=True)) == {"yes"}
    # 63 mappings, less the 11 provinces that map to themselves
    assert AdminUnitSuccession.objects.filter(effective_date=dt.date(2025, 7, 1),
                                              note__startswith="NQ 202/2025/QH15").count() == 52


def test_loading_the_reference_again_creates_no_province(reference):
    result = reference_load()
    assert result.created.get("provinces", 0) == 0
    assert result.created["province_successions"] == 0


def test_the_lists_of_units_people_pick_from_leave_the_other_provinces_out(reference):
    local = set(AdminUnit.objects.local().values_list("code", flat=True))
    assert {"tth", "hue", "phu-vang"} <= local
    assert not any(code.startswith("vn-") for code in local)
