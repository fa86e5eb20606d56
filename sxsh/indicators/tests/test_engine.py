"""The indicators on the hand-built data set of conftest.py, worked out by hand."""

from __future__ import annotations

from fractions import Fraction

import pytest

from sxsh.facilities.models import Facility
from sxsh.facilities.tests.factories import FacilityFactory
from sxsh.indicators.engine import Scope, build_scope, compute_year, compute_years, population
from sxsh.indicators.engine.compute import _savings_series

pytestmark = pytest.mark.django_db


def figures(results: dict) -> dict[str, tuple]:
    return {code: (r.numerator, r.denominator) for code, r in results.items()
            if code in ("I1", "I2", "I3", "I4")}


def test_2018_counting_accepted_reports(facilities):
    # P(2018) = A B C D G H J: E closed in 2018, F opens in 2019, G's opening is unknown.
    # I1: A (2018 says aware), B (2016 said so), C → 3/7. D has only a submitted report,
    #     G only a returned one for 2018 and "not aware" in 2016, H and J never answered.
    # I2: medium/large open: A B D G H = 5 (C and J are small); staff: A (2018), B (its
    #     latest, 2017) → 2/5. G's latest counted report (2016) says no; H did not answer.
    # I3: A, B (2017), C, H, J (2018) → 5/7.
    # I4: 2018 reports with CP applied and production: A, C, H, J; J's baseline (2016) has
    #     production 0 → out; A (energy 10 %) and C (raw 8 %) reach 8 %, H saved 0 → 2/3.
    results = compute_year(Scope(), 2018)
    assert figures(results) == {"I1": (3, 7), "I2": (2, 5), "I3": (5, 7), "I4": (2, 3)}
    assert results["I1"].value == pytest.approx(3 / 7)
    assert results["I2"].value == pytest.approx(0.4)


def test_the_provisional_switch_also_counts_submitted_reports_but_never_drafts(facilities):
    # D's submitted 2017 report now counts: aware, staff, applied → I1 4/7, I2 3/5, I3 6/7.
    # D's 2018 report is a draft and G's a returned one: neither counts, so I4 stays 2/3.
    results = compute_year(Scope(provisional=True), 2018)
    assert figures(results) == {"I1": (4, 7), "I2": (3, 5), "I3": (6, 7), "I4": (2, 3)}


def test_savings_per_category_with_the_median(facilities):
    # A (baseline 2016, implied): energy 1 − 0.09/0.10 = 10 %, raw 1 − 0.48/0.50 = 4 %,
    #   aux 1 − 0.05/0.05 = 0, water 1 − 1.5/2.0 = 25 %.
    # C (baseline 2017, stated — 2016 would give energy 50 %): energy 1 − 0.1/0.1 = 0,
    #   raw 1 − 0.92/1.0 = 8 % (exactly the threshold: it counts), aux 1 − 0.08/0.10 = 20 %,
    #   water not reported.
    # H (baseline 2016): energy 1 − 0.05/0.05 = 0; nothing else reported.
    i4 = compute_year(Scope(), 2018)["I4"]
    by_key = {c.key: c for c in i4.categories}
    assert (by_key["energy"].numerator, by_key["energy"].denominator) == (1, 3)
    assert by_key["energy"].median_saving == pytest.approx(0.0)  # 0, 0, 10 %
    assert (by_key["raw"].numerator, by_key["raw"].denominator) == (1, 2)
    assert by_key["raw"].median_saving == pytest.approx(0.06)  # (4 % + 8 %) / 2
    assert (by_key["aux"].numerator, by_key["aux"].denominator) == (1, 2)
    assert by_key["aux"].median_saving == pytest.approx(0.10)  # (0 + 20 %) / 2
    assert (by_key["water"].numerator, by_key["water"].denominator) == (1, 1)
    assert by_key["water"].median_saving == pytest.approx(0.25)


def test_2017_with_a_facility_closing_later_and_an_implied_baseline(facilities):
    # P(2017) = A B C D E G H J = 8 (E closes in 2018, so it is open in 2017).
    # I1: B (2016), C, E → 3/8. I2: medium/large A B D E G H = 6; A (2016), B, E → 3/6.
    # I3: A (2016), B, C, E, H (2016) → 5/8.
    # I4: B's baseline (2016) has no production → out; C's baseline is implied (2016):
    #     energy 1 − 0.1/0.2 = 50 % → 1/1.
    results = compute_year(Scope(), 2017)
    assert figures(results) == {"I1": (3, 8), "I2": (3, 6), "I3": (5, 8), "I4": (1, 1)}
    energy = results["I4"].categories[0]
    assert energy.median_saving == pytest.approx(0.5)


def test_it_computes_i4_of_a_series_in_one_pass_with_each_years_own_baselines(
        facilities, django_assert_num_queries):
    # The figures of the two tests above, now from one query over both years: 2017 C
    # alone (implied baseline 2016, energy 50 %) → 1/1; 2018 A and C reach 8 %, H not → 2/3
    # (C's baseline is then its stated 2017, not 2016). 2016 has no earlier report → 0/0.
    with django_assert_num_queries(1):
        i4 = _savings_series(Scope(), [2016, 2017, 2018])
    assert {y: (r.numerator, r.denominator) for y, r in i4.items()} == {
        2016: (0, 0), 2017: (1, 1), 2018: (2, 3)}
    assert i4[2017].categories[0].median_saving == pytest.approx(0.5)
    assert i4[2018].categories[1].median_saving == pytest.approx(0.06)  # raw: (4 % + 8 %) / 2


def test_a_series_takes_as_many_queries_for_one_year_as_for_five(facilities,
                                                                 django_assert_num_queries):
    # I1–I3 of every year, I4 of every year, I5 of every year.
    with django_assert_num_queries(3):
        compute_years(Scope(), [2018])
    with django_assert_num_queries(3):
        compute_years(Scope(), range(2016, 2021))


def test_a_year_without_facilities_has_no_value(facilities):
    results = compute_year(Scope(), 1990)  # every facility with a known opening is later
    # Only G (opening unknown) is open; it has no report by 1990.
    assert figures(results) == {"I1": (0, 1), "I2": (0, 1), "I3": (0, 1), "I4": (0, 0)}
    assert results["I4"].value is None


def test_a_former_district_counts_in_the_unit_it_passed_into(facilities):
    # Nam Đông passed wholly into Phú Lộc: D is Phú Lộc's only facility. It has no counted
    # report (accepted only) → 0/1; provisionally its 2017 report makes every share 1/1.
    accepted = compute_year(build_scope(admin_unit="phu-loc"), 2018)
    assert figures(accepted) == {"I1": (0, 1), "I2": (0, 1), "I3": (0, 1), "I4": (0, 0)}
    provisional = compute_year(build_scope(admin_unit="Phú Lộc", provisional=True), 2018)
    assert figures(provisional) == {"I1": (1, 1), "I2": (1, 1), "I3": (1, 1), "I4": (0, 0)}


def test_todays_city_includes_the_former_provinces_districts(facilities):
    everyone = figures(compute_year(Scope(), 2018))
    assert figures(compute_year(build_scope(admin_unit="hue"), 2018)) == everyone
    assert figures(compute_year(build_scope(admin_unit="tth"), 2018)) == everyone


def test_a_vsic_division_and_a_size_class_narrow_the_scope(facilities):
    # VSIC 23 open in 2018: C, H. I1: C → 1/2; I2: H (medium) did not answer → 0/1;
    # I3: C, H → 2/2; I4: C reached, H did not → 1/2.
    assert figures(compute_year(build_scope(vsic="23"), 2018)) == {
        "I1": (1, 2), "I2": (0, 1), "I3": (2, 2), "I4": (1, 2)}
    # Medium open in 2018: B, D, H. I1: B → 1/3; I2: B → 1/3; I3: B, H → 2/3; I4: H → 0/1.
    assert figures(compute_year(build_scope(size="medium"), 2018)) == {
        "I1": (1, 3), "I2": (1, 3), "I3": (2, 3), "I4": (0, 1)}


def test_a_user_scoped_base_sees_only_its_area(facilities, users):
    # The local focal point of Phú Vang: A B H J open in 2018 (E closed).
    # I1: A, B → 2/4; I2: A, B, H → 2/3; I3: A B H J → 4/4; I4: A reached, H not → 1/2.
    scope = Scope(base=Facility.objects.for_user(users["diaphuong"]))
    assert figures(compute_year(scope, 2018)) == {
        "I1": (2, 4), "I2": (2, 3), "I3": (4, 4), "I4": (1, 2)}


def test_department_staff_counts_active_officers_of_the_department_tree(facilities, officers):
    # canbo (Phòng KTAT&MT, untrained) and khuyencong (TT Khuyến công, trained) count; the
    # Sở TN&MT officer, the consultant and the inactive officer do not → 1 of 2.
    i5 = compute_year(Scope(), 2018)["I5"]
    assert (i5.numerator, i5.denominator, i5.value) == (1, 2, 0.5)


def test_indicators_without_a_source_say_so_and_invent_nothing(facilities):
    results = compute_year(Scope(), 2018, planned={"I6": 10, "I7": 4})
    for code, planned in (("I6", 10), ("I7", 4)):
        r = results[code]
        assert (r.numerator, r.denominator, r.value) == (None, planned, None)
        assert r.note
    assert "đánh giá SXSH" in results["I6"].note and "tài liệu hướng dẫn" in results["I7"].note


def test_population_follows_opening_and_closing_years(facilities):
    open_2018 = set(population(Scope(), 2018).values_list("name", flat=True))
    assert open_2018 == {f"Cơ sở {k}" for k in "ABCDGHJ"}
    open_2019 = set(population(Scope(), 2019).values_list("name", flat=True))
    # D closes in 2019, F opens: A B C F G H J.
    assert open_2019 == {f"Cơ sở {k}" for k in "ABCFGHJ"}


@pytest.mark.parametrize("year", [1990, 2016, 2017, 2018, 2019, 2021])
def test_the_population_is_the_registers_open_in(facilities, year):
    assert set(population(Scope(), year)) == set(Facility.objects.open_in(year))


def test_the_query_count_does_not_grow_with_the_number_of_facilities(
    facilities, django_assert_num_queries
):
    # One aggregate for I1–I3, one fetch for I4, one count for I5.
    with django_assert_num_queries(3):
        before = compute_year(Scope(), 2018)
    FacilityFactory.create_batch(40, admin_unit_code="a-luoi", opened_year=2000)
    with django_assert_num_queries(3):
        after = compute_year(Scope(), 2018)
    assert after["I1"].denominator == before["I1"].denominator + 40
    assert Fraction(after["I1"].numerator, after["I1"].denominator) == Fraction(3, 47)


@pytest.mark.parametrize("provisional", [False, True])
def test_the_reports_summary_counts_the_same_statuses_as_the_registry(facilities, provisional):
    from sxsh.facilities.models import Report
    from sxsh.indicators.engine import summary

    by_rule = set(Report.objects.counted(provisional).values_list("pk", flat=True))
    by_summary = set(Report.objects.filter(status__in=summary.RULES[int(provisional)])
                     .values_list("pk", flat=True))
    assert by_rule == by_summary


def test_a_facility_that_attended_an_activity_by_the_end_of_the_year_is_aware(
        facilities, officers, attendances):
    # 2017: P = A B C D E G H J; aware by reports B, C, E; J attended W-2017 → 4/8.
    #       G's training (2018) and H's (2019) are later.
    # 2018: P = A B C D G H J; aware by reports A, B, C; G (T-2018) and J (W-2017) → 5/7.
    # 2019: P = A B C F G H J (D and E closed); by reports A B C F, by activities G J H → 7/7.
    assert {y: figures(r)["I1"] for y, r in compute_years(Scope(), [2017, 2018, 2019]).items()
            } == {2017: (4, 8), 2018: (5, 7), 2019: (7, 7)}


def test_an_attendee_without_a_facility_or_outside_the_scope_changes_nothing(
        facilities, officers, attendances):
    # Huong Thủy open in 2018: C, G. C aware by its reports, G by T-2018 → 2/2; the commune
    # official of T-2018 has no facility. Phú Vang (A B H J): A, B by reports, J → 3/4.
    assert figures(compute_year(build_scope(admin_unit="huong-thuy"), 2018))["I1"] == (2, 2)
    assert figures(compute_year(build_scope(admin_unit="phu-vang"), 2018))["I1"] == (3, 4)


def test_an_officer_who_attended_a_cp_training_can_guide_cp_from_that_year(
        facilities, officers, attendances):
    # Officers: canbo, khuyencong (trained on the account), Lan → 3 every year.
    # 2017: khuyencong → 1/3. 2018: + Lan (T-2018); canbo attended a workshop only → 2/3.
    # 2019: khuyencong's T-2019 adds no one → 2/3.
    i5 = {y: (r["I5"].numerator, r["I5"].denominator)
          for y, r in compute_years(Scope(), [2017, 2018, 2019]).items()}
    assert i5 == {2017: (1, 3), 2018: (2, 3), 2019: (2, 3)}


def test_the_activities_add_no_query_per_year(facilities, officers, attendances,
                                               django_assert_num_queries):
    # I1–I3 of every year, I4 of every year, I5 of every year.
    with django_assert_num_queries(3):
        compute_years(Scope(), [2016, 2017, 2018])
    with django_assert_num_queries(3):
        compute_year(Scope(), 2018)
