"""The indicators of a scope use its province's plans: two provinces' plans in one period,
each dashboard with its own targets, whatever the order the plans were loaded in."""

from decimal import Decimal

import pytest

from sxsh.core.models import AdminUnit, Agency
from sxsh.indicators.engine import Scope, board, build_scope
from sxsh.plans.models import Plan, Target

pytestmark = pytest.mark.django_db


@pytest.fixture
def lam_dong_plan(plan) -> Plan:
    """A test plan of Lâm Đồng (before 1/7/2025) for the same years as Huế's, loaded after
    it: I3's target 30 % (made up), against Huế's 50 %."""
    old_lam_dong = AdminUnit.objects.get(code="vn-68")
    issuer = Agency.objects.create(code="ubnd-lam-dong", name="Ủy ban nhân dân tỉnh Lâm Đồng",
                                   kind=Agency.Kind.PROVINCE, province=old_lam_dong)
    other = Plan.objects.create(
        code="2645-qd-ubnd-2015-test", number="2645/QĐ-UBND", title="Thử", issuer=issuer,
        province=old_lam_dong, document_type=Plan.DocumentType.DECISION,
        issued_on="2015-12-10", start_year=2016, end_year=2020)
    Target.objects.create(plan=other, code="I3", text="30 % (thử)", indicator_code="I3",
                          value_min=Decimal("0.30"))
    return other


def test_the_installations_scope_keeps_hues_plan_when_another_province_loads_one(
        facilities, plan, lam_dong_plan):
    result = board(Scope(), 2018)
    assert result.plan == plan
    assert result.results["I3"].target.target.value_min == Decimal("0.5000")
    assert result.results["I1"].target.target.value_min == Decimal("0.9000")


def test_the_merged_lam_dong_measures_the_former_lam_dong_against_its_plan(
        facilities, plan, lam_dong_plan):
    # Lâm Đồng of 1/7/2025 took in Lâm Đồng, Đắk Nông and Bình Thuận: in 2018 the old Lâm
    # Đồng's area has its plan, with its own targets (I3 30 %, no I1 target); the others
    # have none, so the whole has no combined target and no one plan is picked for it.
    result = board(build_scope(admin_unit="vn-68-2025"), 2018)
    assert result.plan is None
    assert [(part.province.code, part.plan) for part in result.parts] == [
        ("vn-60", None), ("vn-68", lam_dong_plan), ("vn-67", None)]
    old_lam_dong = result.parts[1].series[2018]
    assert old_lam_dong["I3"].target.target.value_min == Decimal("0.3000")
    assert old_lam_dong["I1"].target is None
    assert result.results["I3"].target is None
    assert result.results["I3"].denominator == 0  # no facility of Lâm Đồng registered here


def test_a_scope_of_hue_city_reads_the_plan_of_thua_thien_hue_merged_into_it(
        facilities, plan, lam_dong_plan):
    assert board(build_scope(admin_unit="hue"), 2018).plan == plan
    assert board(build_scope(admin_unit="phu-vang"), 2018).plan == plan


def test_a_province_without_a_plan_has_no_targets(facilities, plan, lam_dong_plan):
    result = board(build_scope(admin_unit="vn-01"), 2018)  # Hà Nội
    assert result.plan is None
    assert result.results["I3"].target is None
