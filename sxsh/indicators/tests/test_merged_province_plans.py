"""A province merged from several whole provinces measures each predecessor's former area
against that predecessor's plan, and the whole against the combined targets (the rule in
``sxsh.indicators.engine.targets``); its own plan, once issued, wins for its years.

The data, made up for the tests: provinces "Một" and "Hai" passed wholly into "Một Hai" on
1/7/2025. Each had a plan for 2021–2025 (targets for its last year, 2025):

=========  =====================================  ====================================
           Một (plan 1/KH-UBND)                    Hai (plan 2/KH-UBND)
=========  =====================================  ====================================
I1         80 %                                    –
I3         40 %                                    70 %
I4         8 % – 13 %                              8 % – 13 %
I5         1 người                                 2 người
=========  =====================================  ====================================

Facilities, all small, VSIC 10, open since 2010, each with an accepted report for 2024 and
none earlier: in Một, M1 applies CP (and is aware), M2 does not; in Hai, H1 and H2 apply CP,
H3 does not. So in 2024: I3 of Một = 1/2 = 50 %, of Hai = 2/3, of the whole 3/5 = 60 %.

The combined I3 target of 2024 (each predecessor's target of 2025, the nearest at or after
2024), weighted by the predecessors' I3 denominators: (40 % × 2 + 70 % × 3) / 5 = 2,9 / 5 =
58 %; the whole's 60 % reaches it: achieved. Một's 50 % reaches its 40 %: achieved. Hai's
2/3 = 66,7 % is under 70 % before 2025: on the straight line from 2021 (0/3 = 0 %, no report
yet) to 70 % in 2025 it should be at 0 + 70 % × 3/4 = 52,5 % in 2024: on track. I5
combined: 1 + 2 = 3 người. I1 has no combined target (Hai sets none); I4 neither (a band of
savings does not add up).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sxsh.core.models import AdminUnit, AdminUnitSuccession, Agency
from sxsh.facilities.models import Report
from sxsh.facilities.tests.factories import FacilityFactory
from sxsh.indicators.engine import Status, board, build_scope
from sxsh.indicators.engine.targets import combined_target, plan_for_year
from sxsh.plans.models import Plan, Target

pytestmark = pytest.mark.django_db

PROVINCE = AdminUnit.Level.PROVINCE


def _province(code: str, name: str, **dates) -> AdminUnit:
    return AdminUnit.objects.create(code=code, name=name, level=PROVINCE, **dates)


def _plan(number: int, province: AdminUnit, start: int, end: int,
          targets: dict[str, tuple[str, str, str]]) -> Plan:
    issuer = Agency.objects.create(code=f"ubnd-{province.code}", name=f"UBND {province.name}",
                                   kind=Agency.Kind.PROVINCE, province=province)
    plan = Plan.objects.create(code=f"{number}-kh-{province.code}", number=f"{number}/KH-UBND",
                               title="Kế hoạch SXSH", issuer=issuer, province=province,
                               issued_on=dt.date(start - 1, 12, 1), start_year=start,
                               end_year=end)
    for order, (code, (low, high, unit)) in enumerate(targets.items()):
        Target.objects.create(plan=plan, code=code, text=f"{code} {low}", indicator_code=code,
                              order=order, value_min=Decimal(low),
                              value_max=Decimal(high) if high else None, unit=unit)
    return plan


def _facility(tax_code: str, unit: AdminUnit, applies: bool) -> None:
    facility = FacilityFactory(tax_code=tax_code, name=f"Cơ sở {tax_code}",
                               admin_unit=unit, size="small")
    Report.objects.create(facility=facility, year=2024, status=Report.Status.ACCEPTED,
                          aware=applies, cp_staff=False, cp_applied=applies)


@pytest.fixture
def merged(reference) -> dict:
    one = _province("vn-t1", "Một", valid_to=dt.date(2025, 6, 30))
    two = _province("vn-t2", "Hai", valid_to=dt.date(2025, 6, 30))
    both = _province("vn-t12", "Một Hai", valid_from=dt.date(2025, 7, 1))
    for old in (one, two):
        AdminUnitSuccession.objects.create(predecessor=old, successor=both,
                                           effective_date=dt.date(2025, 7, 1), whole=True)
    band = ("0.08", "0.13", "")
    plans = {
        "one": _plan(1, one, 2021, 2025, {"I1": ("0.80", "", ""), "I3": ("0.40", "", ""),
                                          "I4": band, "I5": ("1", "", "người")}),
        "two": _plan(2, two, 2021, 2025, {"I3": ("0.70", "", ""), "I4": band,
                                          "I5": ("2", "", "người")}),
    }
    district = {old.code: AdminUnit.objects.create(
        code=f"{old.code}-a", name=f"Huyện A ({old.name})", level=AdminUnit.Level.DISTRICT,
        parent=old) for old in (one, two)}
    _facility("9100000001", district["vn-t1"], True)
    _facility("9100000002", district["vn-t1"], False)
    _facility("9200000001", district["vn-t2"], True)
    _facility("9200000002", district["vn-t2"], True)
    _facility("9200000003", district["vn-t2"], False)
    return {"plans": plans, "both": both}


def test_each_predecessors_area_is_measured_against_its_own_plan(merged):
    result = board(build_scope(admin_unit="vn-t12"), 2024, series=False)
    assert result.plan is None  # no one plan picked for all
    assert [(part.province.code, part.plan) for part in result.parts] == [
        ("vn-t2", merged["plans"]["two"]), ("vn-t1", merged["plans"]["one"])]  # by name
    hai, mot = (part.series[2024] for part in result.parts)
    assert (mot["I3"].numerator, mot["I3"].denominator) == (1, 2)
    assert mot["I3"].target.target.value_min == Decimal("0.4000")
    assert mot["I3"].status == Status.ACHIEVED
    assert (hai["I3"].numerator, hai["I3"].denominator) == (2, 3)
    assert hai["I3"].target.target.value_min == Decimal("0.7000")
    assert hai["I3"].status == Status.ON_TRACK
    assert mot["I1"].target.target.value_min == Decimal("0.8000")
    assert hai["I1"].target is None


def test_the_whole_merged_province_is_measured_against_the_combined_targets(merged):
    result = board(build_scope(admin_unit="vn-t12"), 2024, series=False)
    i3 = result.results["I3"]
    assert (i3.numerator, i3.denominator) == (3, 5)
    assert i3.target.target.value_min == Decimal("0.5800")
    assert i3.status == Status.ACHIEVED
    i5 = result.results["I5"].target.target
    assert (i5.value_min, i5.unit) == (Decimal("3"), "người")
    assert result.results["I1"].target is None
    assert result.results["I4"].target is None
    assert result.plans == [merged["plans"]["two"], merged["plans"]["one"]]


def test_the_combined_share_follows_the_weights_not_a_plain_mean(merged):
    # with Một's weight alone the combined target would be its own 40 %; a plain mean of
    # the two targets would be 55 %: the weights (2 and 3 facilities) give 58 %
    parts = board(build_scope(admin_unit="vn-t12"), 2024, series=False).parts
    assert combined_target("I3", 2024, parts).target.value_min == Decimal("0.5800")
    assert combined_target("I3", 2024, parts[1:]).target.value_min == Decimal("0.4000")


def test_the_merged_provinces_own_plan_wins_for_its_years(merged):
    own = _plan(3, merged["both"], 2026, 2030, {"I3": ("0.65", "", "")})
    scope = build_scope(admin_unit="vn-t12")
    later = board(scope, 2026, series=False)
    assert (later.plan, later.parts) == (own, [])
    assert later.results["I3"].target.target.value_min == Decimal("0.6500")
    assert board(scope, 2024, series=False).plan is None
    assert plan_for_year(2026, merged["both"].pk) == own
    assert plan_for_year(2024, merged["both"].pk) is None


def test_a_predecessors_own_scope_keeps_its_plan(merged):
    result = board(build_scope(admin_unit="vn-t1-a"), 2024, series=False)
    assert (result.plan, result.parts) == (merged["plans"]["one"], [])
    assert result.results["I3"].target.target.value_min == Decimal("0.4000")


def test_a_predecessor_without_a_plan_leaves_the_whole_without_combined_targets(plan):
    # today's Lâm Đồng: Lâm Đồng and Đắk Nông with a plan each, Bình Thuận without
    lam_dong = _plan(4, AdminUnit.objects.get(code="vn-68"), 2021, 2025,
                     {"I3": ("0.30", "", "")})
    dak_nong = _plan(5, AdminUnit.objects.get(code="vn-67"), 2021, 2025,
                     {"I3": ("0.50", "", "")})
    result = board(build_scope(admin_unit="vn-68-2025"), 2024, series=False)
    assert [(part.province.name, part.plan) for part in result.parts] == [
        ("Bình Thuận", None), ("Lâm Đồng", lam_dong), ("Đắk Nông", dak_nong)]
    assert result.parts[1].series[2024]["I3"].target.target.value_min == Decimal("0.3000")
    assert result.results["I3"].target is None
    assert result.plans == [lam_dong, dak_nong]


def test_hue_keeps_the_one_plan_of_thua_thien_hue(plan):
    result = board(build_scope(admin_unit="hue"), 2018, series=False)
    assert (result.plan, result.parts) == (plan, [])


def test_the_merged_dashboard_names_the_plans_the_targets_come_from(client, merged, settings):
    from sxsh.core.models import User
    from sxsh.core.scoping import Role

    settings.HOME_PROVINCE = "vn-t12"  # the merged province's own installation
    officer = User.objects.create(username="canbo-t12", role=Role.OFFICER,
                                  agency=Agency.objects.get(code="ubnd-vn-t1"))
    client.force_login(officer)
    page = client.get("/indicators/", {"year": 2024})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Kế hoạch 1/KH-UBND (2021–2025) · Một" in text
    assert "Kế hoạch 2/KH-UBND (2021–2025) · Hai" in text
    assert "58 %" in text  # the combined I3 target


def test_the_merged_provinces_package_carries_the_combined_targets(merged, settings):
    from sxsh.national.package import package_build, package_check, package_text

    settings.HOME_PROVINCE = "vn-t12"
    package = package_build(year=2024)
    assert package["plan"] is None
    assert [(t["indicator"], t["value_min"], t["unit"]) for t in package["targets"]] == [
        ("I3", 0.58, ""), ("I5", 3, "người")]
    assert package["targets"][0]["text"] == "Hai: I3 0.70; Một: I3 0.40"
    i3 = package["breakdowns"][0]["indicators"]["I3"]
    assert (i3["numerator"], i3["denominator"], i3["status"]) == (3, 5, "achieved")
    assert package_check(package_text(package)) == package
