"""The feasibility of a CP option: payback, NPV, IRR and CO₂e, in ``Decimal``.

The one place for this arithmetic: the option's page, the assessment report, the options
register export and the options library all call :func:`option_figures`. Plain values in,
plain values out; the option is read through its attributes only, so these functions need
no database.

- Payback = investment ÷ yearly saving, in years; 0 when nothing is invested; none when
  something is invested and the saving is 0 or less.
- NPV = −investment + saving × Σₜ₌₁…ₙ (1 + r)⁻ᵗ: the investment at year 0, equal yearly
  savings at the end of years 1…n (the option's life) discounted at r.
- IRR = the rate at which that NPV is zero, found by bisection on a bracket that starts at
  [−0,99; 10] and is widened until the NPV changes sign. It may be negative (the savings
  over the life are less than the investment). There is none when the saving is 0 or less
  or nothing is invested, and the reason says so.
- CO₂e = electricity saved (kWh) ÷ 1000 × the grid emission factor (tCO₂e/MWh) of the year
  of ``implemented_on``, else of the assessment's ``started_on``.

Rounded half up (``core.formatting.round_half_up``): years and rates to 4 decimals, money
(million VND) to 3, tonnes of CO₂e to 4 as a yearly report's emissions (``facilities.energy``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Any

from django.utils.translation import gettext as _

from sxsh.core.formatting import round_half_up

YEARS_PLACES = 4
RATE_PLACES = 4
MONEY_PLACES = 3
TONNE_PLACES = 4

ZERO = Decimal(0)
ONE = Decimal(1)
#: The bracket the IRR search starts from, and how far it may be widened.
LOWEST_START = Decimal("-0.99")
HIGHEST_START = Decimal(10)
LOWEST_RATE = Decimal("-0.999999")
HIGHEST_RATE = Decimal(10_000)
#: Bisection stops when the bracket is narrower than this (far below the 4 decimals shown).
TOLERANCE = Decimal("1e-12")


def payback_years(investment: Decimal, annual_saving: Decimal) -> Decimal | None:
    """Years for the yearly saving to repay the investment; 0 when nothing is invested,
    ``None`` when the saving is 0 or less."""
    investment, annual_saving = Decimal(investment), Decimal(annual_saving)
    if investment == 0:
        return round_half_up(ZERO, YEARS_PLACES)
    if annual_saving <= 0:
        return None
    return round_half_up(investment / annual_saving, YEARS_PLACES)


def _annuity(rate: Decimal, life_years: int) -> Decimal:
    """Σₜ₌₁…ₙ (1 + r)⁻ᵗ, the present value of 1 a year for n years (r > −1)."""
    if rate == 0:
        return Decimal(life_years)
    return (ONE - (ONE + rate) ** -life_years) / rate


def _npv(investment: Decimal, annual_saving: Decimal, life_years: int, rate: Decimal) -> Decimal:
    return -investment + annual_saving * _annuity(rate, life_years)


def npv(investment: Decimal, annual_saving: Decimal, life_years: int, rate: Decimal) -> Decimal:
    """Net present value in million VND: the investment at year 0, the yearly saving at the
    end of each year of the life, discounted at ``rate`` (a fraction)."""
    with localcontext() as ctx:
        ctx.prec = 34
        value = _npv(Decimal(investment), Decimal(annual_saving), int(life_years), Decimal(rate))
    return round_half_up(value, MONEY_PLACES)


@dataclass(frozen=True)
class Irr:
    """The internal rate of return, or ``None`` with the reason there is none."""

    rate: Decimal | None
    reason: str = ""


def irr(investment: Decimal, annual_saving: Decimal, life_years: int) -> Irr:
    """The rate at which the NPV is zero, by bisection on a widened bracket.

    With a positive investment and a positive saving the NPV falls steadily as the rate
    rises, from +∞ near −100 % to −investment at +∞, so there is exactly one rate; the
    search says so plainly when it lies beyond the bracket it may widen to.
    """
    investment, annual_saving = Decimal(investment), Decimal(annual_saving)
    if investment == 0:
        return Irr(None, _("Nothing is invested: there is no rate of return to compute."))
    if annual_saving <= 0:
        return Irr(None, _("The yearly saving is zero or less: no rate of return makes it "
                           "repay the investment."))
    if not life_years or life_years < 1:
        return Irr(None, _("The lifetime is not known."))
    with localcontext() as ctx:
        ctx.prec = 34
        return _bisect(investment, annual_saving, int(life_years))


def _bisect(investment: Decimal, annual_saving: Decimal, life_years: int) -> Irr:
    def f(rate: Decimal) -> Decimal:
        return _npv(investment, annual_saving, life_years, rate)

    low, high = LOWEST_START, HIGHEST_START
    while f(low) < 0:
        if low <= LOWEST_RATE:
            return Irr(None, _("The savings do not repay the investment even at a rate of "
                               "−99.9999 %: there is no rate of return."))
        low = -ONE + (ONE + low) / 10
    while f(high) > 0:
        if high >= HIGHEST_RATE:
            return Irr(None, _("The rate of return is above 1,000,000 %: too high to be "
                               "a real figure."))
        high *= 10
    while high - low > TOLERANCE:
        middle = (low + high) / 2
        if f(middle) > 0:
            low = middle
        else:
            high = middle
    return Irr(round_half_up((low + high) / 2, RATE_PLACES))


def co2e_t_yr(electricity_kwh_saved_yr: Decimal | None,
              grid_t_per_mwh: Decimal | None) -> Decimal | None:
    """Tonnes of CO₂e avoided a year by the electricity saved; ``None`` when either is
    unknown (100 000 kWh × 0,8458 t/MWh = 84,5800 t)."""
    if electricity_kwh_saved_yr is None or grid_t_per_mwh is None:
        return None
    mwh = Decimal(electricity_kwh_saved_yr) / 1000
    return round_half_up(mwh * Decimal(grid_t_per_mwh), TONNE_PLACES)


@dataclass(frozen=True)
class Figures:
    """What the system computes for an option; ``None`` where an input is missing."""

    payback_years: Decimal | None
    npv_mvnd: Decimal | None
    irr: Irr
    co2e_t_yr: Decimal | None


def option_figures(option: Any, grid_t_per_mwh: Decimal | None) -> Figures:
    """Payback, NPV, IRR and CO₂e of an option (anything with the Option's fields).

    NPV needs the life and the discount rate, IRR the life: without them they are none.
    """
    investment = Decimal(option.investment_mvnd or 0)
    saving = Decimal(option.annual_saving_mvnd or 0)
    life = option.life_years
    rate = option.discount_rate
    return Figures(
        payback_years=payback_years(investment, saving),
        npv_mvnd=npv(investment, saving, life, rate) if life and rate is not None else None,
        irr=irr(investment, saving, life or 0),
        co2e_t_yr=co2e_t_yr(option.electricity_kwh_saved_yr, grid_t_per_mwh),
    )


def grid_factor_for(option: Any, factors: Mapping[int, Decimal]) -> Decimal | None:
    """The grid factor (tCO₂e/MWh) of the year the option was implemented, else of the year
    its assessment started: the factor published for that year, else the latest before it
    (as ``core.reference.grid_factor``); ``None`` when none was published by then.

    ``factors`` maps a year to its factor: :func:`grid_factors` reads them in one query.
    """
    when = option.implemented_on or option.assessment.started_on
    if when is None:
        return None
    years = [year for year in factors if year <= when.year]
    return factors[max(years)] if years else None


def grid_factors() -> dict[int, Decimal]:
    """Every published grid emission factor by year (one query)."""
    from sxsh.core.models import GridEmissionFactor

    return dict(GridEmissionFactor.objects.values_list("year", "tco2e_per_mwh"))
