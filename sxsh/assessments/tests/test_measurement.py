"""Measured savings of an implemented option: the regression baseline and its validity
checks, the SEC method it falls back to, worked out by hand.

The baseline months used below: production Pᵢ = 100 + 10 i t (i = 0…11, 100…210 t) and
energy Eᵢ = 1 000 + 5 Pᵢ + eᵢ kWh with residuals eᵢ = ±r in the pattern +, −, −, + repeated
three times. That pattern sums to 0 and to 0 weighted by i (0 − 1 − 2 + 3 = 0 in each
block of four), so least squares gives back a = 1 000 and b = 5 exactly, and
    Sxx = Σ(Pᵢ − P̄)² = 100 × Σ(i − 5,5)² = 100 × 143 = 14 300,
    SSE = 12 r², SST = b² Sxx + SSE = 357 500 + 12 r²,
    R² = 357 500 ÷ (357 500 + 12 r²).
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sxsh.assessments.measurement import (
    Month,
    Period,
    measured_saving,
    regression_baseline,
    regularized_beta,
    sec_saving,
    student_t_cdf,
    two_sided_p_value,
)

D = Decimal
PATTERN = (1, -1, -1, 1)


def _baseline(*, residual: int, slope: int = 5) -> list[Month]:
    months = []
    for i in range(12):
        production = 100 + 10 * i
        energy = 1000 + slope * production + PATTERN[i % 4] * residual
        months.append(Month(D(production), D(energy)))
    return months


#: Six reporting months, each 100 kWh below what the baseline predicts (1 000 + 5 P):
#: predicted 1 600 + 1 700 + 1 800 + 1 900 + 2 000 + 2 000 = 11 000, consumed 10 400.
REPORTING = [Month(D(p), D(1000 + 5 * p - 100)) for p in (120, 140, 160, 180, 200, 200)]


def _checks(saving):
    return {c.code: c.passed for c in saving.checks}


def test_it_computes_student_t_from_the_incomplete_beta_function():
    """With 1 degree of freedom t is Cauchy: P(T ≤ 1) = ½ + atan(1) ÷ π = 0,75.
    With 2: P(T ≤ t) = ½ + t ÷ (2 √(2 + t²)); at t = 2, ½ + 2 ÷ (2 √6) = 0,9082483.
    Tables: two-sided 5 % at 10 degrees of freedom is t = 2,228; 10 % is 1,812."""
    assert student_t_cdf(1.0, 1) == pytest.approx(0.75, abs=1e-12)
    assert student_t_cdf(-1.0, 1) == pytest.approx(0.25, abs=1e-12)
    assert student_t_cdf(2.0, 2) == pytest.approx(0.9082483, abs=1e-7)
    assert two_sided_p_value(2.228, 10) == pytest.approx(0.05, abs=1e-4)
    assert two_sided_p_value(1.812, 10) == pytest.approx(0.10, abs=1e-4)
    # I_x(1, 1) = x; I_x(a, b) = 1 − I_{1−x}(b, a)
    assert regularized_beta(0.3, 1, 1) == pytest.approx(0.3, abs=1e-12)
    assert regularized_beta(0.3, 2.5, 4) == pytest.approx(1 - regularized_beta(0.7, 4, 2.5))


def test_it_accepts_a_valid_regression_baseline_with_grade_a():
    """r = 10: R² = 357 500 ÷ 358 700 = 0,996655; se(b) = √(1 200 ÷ 10 ÷ 14 300) = 0,091606,
    t = 5 ÷ 0,091606 = 54,58, p far below 0,05. Saved over the six months 11 000 − 10 400 =
    600 kWh, a year 600 × 12 ÷ 6 = 1 200 kWh, fraction 600 ÷ 11 000 = 0,054545."""
    baseline = regression_baseline(_baseline(residual=10))
    assert baseline.intercept == pytest.approx(1000)
    assert baseline.slope == pytest.approx(5)
    assert baseline.r2 == pytest.approx(357_500 / 358_700)
    assert baseline.p_value < 1e-12
    saving = measured_saving(_baseline(residual=10), REPORTING)
    assert (saving.method, saving.grade) == ("regression", "A")
    assert saving.saved_per_year == D("1200.000")
    assert saving.saving_fraction == D("0.054545")
    assert all(_checks(saving).values())


def _sec_fallback_figures(saving):
    """The SEC figures of the fallback for these baseline and reporting months:
    before ΣP = 1 860 t, ΣE = 12 × 1 000 + 5 × 1 860 = 21 300 kWh, SEC 11,451613;
    after ΣP = 1 000 t, ΣE = 10 400 kWh, SEC 10,4 over 6 months.
    Saved (21 300 ÷ 1 860 − 10,4) × 1 000 = 1 051,6129, a year × 2 = 2 103,226 kWh;
    fraction 1 − 10,4 × 1 860 ÷ 21 300 = 1 − 0,9081690 = 0,091831."""
    assert (saving.method, saving.grade) == ("sec", "B")
    assert saving.saved_per_year == D("2103.226")
    assert saving.saving_fraction == D("0.091831")


def test_it_refuses_a_baseline_of_fewer_than_twelve_months():
    """Eleven months (the last, 210 t, dropped) of a line that is otherwise valid: the point
    rule alone refuses it, and the SEC method is used on the eleven months' totals."""
    eleven = _baseline(residual=10)[:11]
    saving = measured_saving(eleven, REPORTING)
    assert _checks(saving) == {"points": False, "r2": True, "p_value": True, "range": True}
    assert (saving.method, saving.grade) == ("sec", "B")
    # before: ΣP = 1 650 t; ΣE = 11 × 1 000 + 5 × 1 650 + (+10 −10 −10 +10 +10 −10 −10 +10
    # +10 −10 −10) = 11 000 + 8 250 − 10 = 19 240; SEC 11,660606.
    # saved (19 240 ÷ 1 650 − 10,4) × 1 000 = 1 260,606 × 2 = 2 521,212 a year;
    # fraction 1 − 10,4 × 1 650 ÷ 19 240 = 1 − 0,891892 = 0,108108
    assert saving.saved_per_year == D("2521.212")
    assert saving.saving_fraction == D("0.108108")


def test_it_refuses_a_baseline_whose_r2_is_below_three_quarters():
    """r = 100: R² = 357 500 ÷ (357 500 + 120 000) = 0,748691 < 0,75, refused.
    r = 99: R² = 357 500 ÷ (357 500 + 117 612) = 0,752455, accepted.
    The residuals sum to 0, so the SEC totals are those of r = 0."""
    refused = measured_saving(_baseline(residual=100), REPORTING)
    assert _checks(refused) == {"points": True, "r2": False, "p_value": True, "range": True}
    assert [c.value for c in refused.checks if c.code == "r2"] == [
        pytest.approx(357_500 / 477_500)]
    _sec_fallback_figures(refused)
    accepted = measured_saving(_baseline(residual=99), REPORTING)
    assert accepted.grade == "A"
    assert accepted.checks[1].value == pytest.approx(357_500 / 475_112)


def test_it_refuses_a_baseline_whose_slope_is_not_significant():
    """b = 0, r = 100: energy does not follow production; t = 0 and p = 1 ≥ 0,05
    (and R² = 0). Before ΣE = 12 000; SEC 12 000 ÷ 1 860 = 6,451613 — the reporting months
    consumed more per tonne (10,4), so the 'saving' is negative:
    (6,451613 − 10,4) × 1 000 × 2 = −7 896,774; fraction 1 − 10,4 × 1 860 ÷ 12 000 = −0,612."""
    months = _baseline(residual=100, slope=0)
    baseline = regression_baseline(months)
    assert baseline.slope == pytest.approx(0, abs=1e-9)
    assert baseline.p_value == pytest.approx(1.0)
    saving = measured_saving(months, REPORTING)
    assert _checks(saving)["p_value"] is False
    assert (saving.method, saving.grade) == ("sec", "B")
    assert saving.saved_per_year == D("-7896.774")
    assert saving.saving_fraction == D("-0.612000")


def test_it_refuses_a_baseline_when_a_reporting_month_produced_outside_its_range():
    """The baseline spans 100–210 t; a reporting month of 220 t lies outside. Reporting
    (220 instead of the last 200): ΣP = 1 020, ΣE = 10 400 + 100 = 10 500, SEC 10,294118;
    saved (21 300 ÷ 1 860 − 10 500 ÷ 1 020) × 1 020 = 11 680,645 − 10 500 = 1 180,645,
    a year × 2 = 2 361,290; fraction 1 180,645 ÷ 11 680,645 = 0,101077."""
    reporting = [*REPORTING[:5], Month(D(220), D(1000 + 5 * 220 - 100))]
    saving = measured_saving(_baseline(residual=10), reporting)
    assert _checks(saving) == {"points": True, "r2": True, "p_value": True, "range": False}
    assert saving.checks[3].value == 1
    assert (saving.method, saving.grade) == ("sec", "B")
    assert saving.saved_per_year == D("2361.290")
    assert saving.saving_fraction == D("0.101077")


def test_it_grades_an_estimated_sec_saving_c():
    """Before 1 000 t for 500 000 kWh (SEC 500), after 1 200 t for 540 000 kWh (SEC 450)
    over 12 months: saved (500 − 450) × 1 200 = 60 000 kWh, fraction 50 ÷ 500 = 0,1."""
    before = Period(D(1000), D(500_000))
    after = Period(D(1200), D(540_000))
    measured = sec_saving(before, after)
    estimated = sec_saving(before, after, estimated=True)
    assert (measured.grade, estimated.grade) == ("B", "C")
    assert estimated.saved_per_year == D("60000.000")
    assert estimated.saving_fraction == D("0.100000")
    assert estimated.measurement_fields()["data"]["sec_before"] == "500.000000"


def test_it_refuses_a_period_without_production():
    with pytest.raises(ValidationError):
        sec_saving(Period(D(0), D(100)), Period(D(10), D(50)))


def test_it_keeps_the_checks_with_the_measurement_fields():
    fields = measured_saving(_baseline(residual=100), REPORTING).measurement_fields()
    assert fields["method"] == "sec"
    assert [c["code"] for c in fields["data"]["checks"]] == ["points", "r2", "p_value", "range"]
    assert [c["passed"] for c in fields["data"]["checks"]] == [True, False, True, True]
