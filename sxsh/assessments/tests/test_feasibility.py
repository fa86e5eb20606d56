"""Payback, NPV, IRR and CO₂e of a CP option, worked out by hand."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import translation

from sxsh.assessments.feasibility import (
    Irr,
    co2e_t_yr,
    grid_factor_for,
    grid_factors,
    irr,
    npv,
    option_figures,
    payback_years,
)

D = Decimal


@pytest.fixture(autouse=True)
def vietnamese():
    """The reasons in the language users read them in."""
    with translation.override("vi"):
        yield


def _option(**values):
    fields = {"investment_mvnd": D(0), "annual_saving_mvnd": D(0), "life_years": None,
              "discount_rate": None, "electricity_kwh_saved_yr": None, "implemented_on": None,
              "assessment": SimpleNamespace(started_on=dt.date(2019, 3, 1))}
    return SimpleNamespace(**{**fields, **values})


def test_it_works_out_a_normal_option():
    """Investment 100, saving 30 a year for 5 years at 10 %.

    Payback 100 ÷ 30 = 3,33333… → 3,3333 years.
    1,1⁵ = 1,61051; 1 ÷ 1,61051 = 0,6209213; Σ (1,1)⁻ᵗ = (1 − 0,6209213) ÷ 0,1 = 3,7907868;
    NPV = −100 + 30 × 3,7907868 = 13,723603 → 13,724.
    """
    assert payback_years(D(100), D(30)) == D("3.3333")
    assert npv(D(100), D(30), 5, D("0.10")) == D("13.724")


def test_it_finds_the_rate_that_makes_the_npv_zero():
    """Investment 210, saving 121 a year for 2 years: at 10 %, 121 ÷ 1,1 + 121 ÷ 1,21 =
    110 + 100 = 210, so the NPV is 0 and the IRR is 0,1000."""
    assert irr(D(210), D(121), 2) == Irr(D("0.1000"))
    assert npv(D(210), D(121), 2, D("0.1")) == D("0.000")


def test_it_gives_a_negative_rate_when_the_savings_over_the_life_are_less_than_the_investment():
    """Investment 45, saving 16 a year for 2 years (32 in all, less than 45).
    At −20 %: 1 ÷ 0,8 = 1,25 and 1 ÷ 0,64 = 1,5625; 16 × (1,25 + 1,5625) = 16 × 2,8125 = 45,
    so the IRR is −0,2000. At 0 % the NPV is −45 + 32 = −13."""
    assert irr(D(45), D(16), 2) == Irr(D("-0.2000"))
    assert npv(D(45), D(16), 2, D(0)) == D("-13.000")


def test_it_has_no_rate_and_no_payback_when_nothing_is_saved():
    """Investment 100, saving 0: never repaid; NPV at 10 % over 5 years = −100."""
    assert payback_years(D(100), D(0)) is None
    assert payback_years(D(100), D(-5)) is None
    result = irr(D(100), D(0), 5)
    assert result.rate is None
    assert result.reason == ("Khoản tiết kiệm hằng năm bằng 0 hoặc âm: không có tỷ suất nào "
                             "giúp hoàn lại vốn đầu tư.")
    assert npv(D(100), D(0), 5, D("0.1")) == D("-100.000")


def test_it_pays_back_at_once_and_has_no_rate_when_nothing_is_invested():
    """Investment 0, saving 10 a year for 5 years at 10 %: payback 0;
    NPV = 10 × 3,7907868 = 37,907868 → 37,908."""
    assert payback_years(D(0), D(10)) == D("0.0000")
    result = irr(D(0), D(10), 5)
    assert result.rate is None
    assert result.reason.startswith("Không có vốn đầu tư")
    assert npv(D(0), D(10), 5, D("0.10")) == D("37.908")


def test_it_rounds_half_up():
    """1 ÷ 32 = 0,03125: half up to 0,0313 (half to even would give 0,0312)."""
    assert payback_years(D(1), D(32)) == D("0.0313")


def test_it_widens_the_bracket_above_ten():
    """Investment 1, saving 20 after one year: 20 ÷ (1 + r) = 1 at r = 19 (1 900 %)."""
    assert irr(D(1), D(20), 1) == Irr(D("19.0000"))


def test_it_widens_the_bracket_towards_minus_one():
    """Investment 1 000, saving 1 after one year: 1 ÷ (1 + r) = 1 000 at r = −0,999."""
    assert irr(D(1000), D(1), 1) == Irr(D("-0.9990"))


def test_it_says_plainly_when_no_rate_lies_within_reach():
    """Investment 10⁹, saving 1 after one year: r = 10⁻⁹ − 1, below −99,9999 %."""
    result = irr(D(10) ** 9, D(1), 1)
    assert result.rate is None
    assert result.reason.endswith("không có tỷ suất hoàn vốn nội bộ.")


def test_it_weighs_the_electricity_saved_with_the_grid_factor():
    """100 MWh × 0,8458 t/MWh (2019) = 84,58 t CO₂e."""
    assert co2e_t_yr(D(100_000), D("0.8458")) == D("84.5800")
    assert co2e_t_yr(None, D("0.8458")) is None
    assert co2e_t_yr(D(100_000), None) is None


@pytest.mark.django_db
def test_it_takes_the_grid_factor_of_the_year_implemented_else_the_year_started(reference):
    factors = grid_factors()
    implemented_2019 = _option(implemented_on=dt.date(2019, 6, 1),
                               assessment=SimpleNamespace(started_on=dt.date(2016, 5, 1)))
    assert grid_factor_for(implemented_2019, factors) == D("0.8458")
    started_2016 = _option(assessment=SimpleNamespace(started_on=dt.date(2016, 5, 1)))
    assert grid_factor_for(started_2016, factors) == D("0.9185")
    # after the last published year (2024) the latest factor applies; before 2014 none
    later = _option(implemented_on=dt.date(2031, 1, 1))
    assert grid_factor_for(later, factors) == D("0.6811")
    earlier = _option(assessment=SimpleNamespace(started_on=dt.date(2010, 1, 1)))
    assert grid_factor_for(earlier, factors) is None


def test_it_computes_every_figure_of_an_option():
    """Investment 100, saving 30, 5 years at 10 %, 100 000 kWh saved, factor 0,8458.
    The IRR: NPV(15 %) = −100 + 30 × 3,3521551 = 0,5647 > 0; NPV(16 %) = −100 + 30 ×
    3,2742937 = −1,7712 < 0, so the rate lies between; NPV(15,235 %) = +0,008 and
    NPV(15,245 %) = −0,016, so it rounds to 0,1524."""
    option = _option(investment_mvnd=D(100), annual_saving_mvnd=D(30), life_years=5,
                     discount_rate=D("0.10"), electricity_kwh_saved_yr=D(100_000))
    figures = option_figures(option, D("0.8458"))
    assert figures.payback_years == D("3.3333")
    assert figures.npv_mvnd == D("13.724")
    assert figures.irr == Irr(D("0.1524"))
    assert npv(D(100), D(30), 5, D("0.15")) == D("0.565")
    assert npv(D(100), D(30), 5, D("0.16")) == D("-1.771")
    assert npv(D(100), D(30), 5, D("0.15235")) == D("0.008")
    assert npv(D(100), D(30), 5, D("0.15245")) == D("-0.016")
    assert figures.co2e_t_yr == D("84.5800")


def test_it_leaves_the_npv_and_irr_empty_without_a_life_or_a_rate():
    option = _option(investment_mvnd=D(100), annual_saving_mvnd=D(30))
    figures = option_figures(option, None)
    assert figures.payback_years == D("3.3333")
    assert figures.npv_mvnd is None
    assert figures.irr.rate is None
    assert figures.irr.reason == "Chưa biết tuổi thọ."
    assert figures.co2e_t_yr is None
