"""The measured saving of an implemented CP option, with its method and quality grade.

Two methods, one grade each (``Measurement.Method`` and ``Measurement.Grade``):

- **Regression baseline (grade A).** Monthly points of the baseline year give
  energy = a + b × production by least squares; the saving of the reporting months is what
  the baseline predicts for their production minus what was consumed. The baseline is used
  only when it passes every check below; otherwise the SEC method is used and the checks
  that failed are kept with the figure.
- **Specific consumption before and after (grade B, or C when the figures are estimates).**
  SEC = energy ÷ production of each period; the saving of the reporting period is
  (SEC before − SEC after) × production after.

A saving over the reporting months is scaled to a year (× 12 ÷ months). The fraction saved
is the saving over what would have been consumed without the option.

The validity checks of a regression baseline (IPMVP option C practice, kept plain):

1. at least 12 monthly points;
2. R² ≥ 0,75;
3. the p-value of b < 0,05, from Student's t with n − 2 degrees of freedom (the t
   distribution through the regularized incomplete beta function, no SciPy). With one
   regressor t² = R² (n − 2) ÷ (1 − R²), so with 12 points and R² ≥ 0,75 it always holds;
   it is checked and shown all the same, as the method states it;
4. the production of every reporting month inside the baseline's range (a line fitted on
   100–200 t a month says nothing of 300 t).

Statistics are computed in binary floating point (they are not money); the figures kept
are ``Decimal``: quantities to 3 decimals, fractions to 6, as ``Measurement`` stores them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sxsh.core.formatting import round_half_up

from .models import Measurement

MIN_POINTS = 12
MIN_R2 = 0.75
MAX_P_VALUE = 0.05
QUANTITY_PLACES = 3
FRACTION_PLACES = 6
MONTHS_A_YEAR = 12


class Month(NamedTuple):
    """One month's production and energy (in the unit the saving is stated in)."""

    production: Decimal
    energy: Decimal


@dataclass(frozen=True)
class Period:
    """A period's totals and its length in months."""

    production: Decimal
    energy: Decimal
    months: int = MONTHS_A_YEAR


@dataclass(frozen=True)
class Check:
    """One validity check of a regression baseline: its code, what it says, the value
    found and whether it passed."""

    code: str
    label: str
    value: float | int | None
    passed: bool


@dataclass(frozen=True)
class Baseline:
    """energy = intercept + slope × production over ``points`` months."""

    intercept: float
    slope: float
    r2: float | None
    p_value: float | None
    points: int
    production_min: float
    production_max: float

    def predict(self, production: Decimal) -> float:
        return self.intercept + self.slope * float(production)


@dataclass(frozen=True)
class Saving:
    """A measured (or estimated) saving, ready to be stored as a ``Measurement``."""

    method: str
    grade: str
    saved_per_year: Decimal
    saving_fraction: Decimal | None
    checks: tuple[Check, ...] = ()
    data: dict[str, Any] = field(default_factory=dict)

    def measurement_fields(self) -> dict[str, Any]:
        """The fields of a ``Measurement`` (add ``option``, ``quantity``, ``measured_on``)."""
        data = dict(self.data)
        if self.checks:
            data["checks"] = [{"code": c.code, "value": c.value, "passed": c.passed}
                              for c in self.checks]
        return {"method": self.method, "grade": self.grade,
                "saved_per_year": self.saved_per_year,
                "saving_fraction": self.saving_fraction, "data": data}


# --- Student's t through the regularized incomplete beta function ---------------------

def _beta_continued_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of I_x(a, b) by Lentz's method (Numerical Recipes, betacf)."""
    tiny, eps = 1e-300, 1e-15
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        for numerator in (m * (b - m) * x / ((qam + m2) * (a + m2)),
                          -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c
            c = c if abs(c) > tiny else tiny
            delta = d * c
            h *= delta
        if abs(delta - 1.0) < eps:
            break
    return h


def regularized_beta(x: float, a: float, b: float) -> float:
    """I_x(a, b), the regularized incomplete beta function, for 0 ≤ x ≤ 1."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
                 + a * math.log(x) + b * math.log1p(-x))
    front = math.exp(log_front)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _beta_continued_fraction(a, b, x) / a
    return 1.0 - front * _beta_continued_fraction(b, a, 1.0 - x) / b


def student_t_cdf(t: float, df: float) -> float:
    """P(T ≤ t) for Student's t with ``df`` degrees of freedom."""
    tail = 0.5 * regularized_beta(df / (df + t * t), df / 2.0, 0.5)
    return 1.0 - tail if t > 0 else tail


def two_sided_p_value(t: float, df: float) -> float:
    """P(|T| ≥ |t|) = I_{df/(df+t²)}(df/2, 1/2)."""
    return regularized_beta(df / (df + t * t), df / 2.0, 0.5)


# --- the regression baseline ---------------------------------------------------------

def regression_baseline(months: Sequence[Month]) -> Baseline:
    """Least squares energy = a + b × production over the baseline months, with R² and the
    two-sided p-value of b (``None`` where they cannot be computed)."""
    n = len(months)
    if n < 2:
        raise ValidationError(_("A regression baseline needs at least two months."))
    xs = [float(m.production) for m in months]
    ys = [float(m.energy) for m in months]
    x_mean, y_mean = sum(xs) / n, sum(ys) / n
    sxx = sum((x - x_mean) ** 2 for x in xs)
    sxy = sum((x - x_mean) * (y - y_mean) for x, y in zip(xs, ys, strict=True))
    syy = sum((y - y_mean) ** 2 for y in ys)
    if sxx == 0:
        # every month produced the same: no slope can be told from the data
        return Baseline(y_mean, 0.0, None, None, n, min(xs), max(xs))
    slope = sxy / sxx
    intercept = y_mean - slope * x_mean
    sse = sum((y - intercept - slope * x) ** 2 for x, y in zip(xs, ys, strict=True))
    r2 = 1.0 - sse / syy if syy > 0 else None
    p_value = None
    if n > 2:
        if sse == 0:
            p_value = 0.0
        else:
            t = slope / math.sqrt(sse / (n - 2) / sxx)
            p_value = two_sided_p_value(t, n - 2)
    return Baseline(intercept, slope, r2, p_value, n, min(xs), max(xs))


def baseline_checks(baseline: Baseline, reporting: Sequence[Month]) -> tuple[Check, ...]:
    """The four validity checks, in the order the method states them."""
    outside = [float(m.production) for m in reporting
               if not baseline.production_min <= float(m.production) <= baseline.production_max]
    return (
        Check("points", _("At least %(n)s monthly points") % {"n": MIN_POINTS},
              baseline.points, baseline.points >= MIN_POINTS),
        Check("r2", _("R² at least %(r2)s") % {"r2": "0,75"},
              baseline.r2, baseline.r2 is not None and baseline.r2 >= MIN_R2),
        Check("p_value", _("p-value of the slope below %(p)s") % {"p": "0,05"},
              baseline.p_value, baseline.p_value is not None and baseline.p_value < MAX_P_VALUE),
        Check("range", _("Production of every reporting month inside the baseline's range"),
              len(outside), bool(reporting) and not outside),
    )


# --- the savings ---------------------------------------------------------------------

def _quantity(value: Decimal | float) -> Decimal:
    return round_half_up(Decimal(str(value)), QUANTITY_PLACES)


def _fraction(saved: Decimal | float, expected: Decimal | float) -> Decimal | None:
    if not expected:
        return None
    return round_half_up(Decimal(str(saved)) / Decimal(str(expected)), FRACTION_PLACES)


def sec_saving(before: Period, after: Period, *, estimated: bool = False) -> Saving:
    """The saving by specific consumption before and after; grade B, or C for estimates."""
    if before.production <= 0 or after.production <= 0 or after.months < 1:
        raise ValidationError(_("Both periods need a production above zero."))
    sec_before = Decimal(before.energy) / Decimal(before.production)
    sec_after = Decimal(after.energy) / Decimal(after.production)
    saved = (sec_before - sec_after) * Decimal(after.production)
    expected = sec_before * Decimal(after.production)
    return Saving(
        method=Measurement.Method.SEC,
        grade=Measurement.Grade.C if estimated else Measurement.Grade.B,
        saved_per_year=_quantity(saved * MONTHS_A_YEAR / after.months),
        saving_fraction=_fraction(saved, expected),
        data={"sec_before": str(round_half_up(sec_before, 6)),
              "sec_after": str(round_half_up(sec_after, 6)),
              "before": {"production": str(before.production), "energy": str(before.energy),
                         "months": before.months},
              "after": {"production": str(after.production), "energy": str(after.energy),
                        "months": after.months}},
    )


def _total(months: Sequence[Month]) -> Period:
    return Period(production=sum((Decimal(m.production) for m in months), Decimal(0)),
                  energy=sum((Decimal(m.energy) for m in months), Decimal(0)),
                  months=len(months))


def measured_saving(baseline_months: Sequence[Month], reporting_months: Sequence[Month]) -> Saving:
    """The saving of the reporting months against the baseline months: by the regression
    baseline when it passes every check (grade A), else by specific consumption over the
    two periods' totals (grade B), with the checks that decided."""
    if not baseline_months or not reporting_months:
        raise ValidationError(_("Give the months of the baseline and of the reporting period."))
    baseline = regression_baseline(baseline_months) if len(baseline_months) >= 2 else None
    checks = baseline_checks(baseline, reporting_months) if baseline else (
        Check("points", _("At least %(n)s monthly points") % {"n": MIN_POINTS},
              len(baseline_months), False),)
    if baseline is None or not all(c.passed for c in checks):
        fallback = sec_saving(_total(baseline_months), _total(reporting_months))
        return Saving(fallback.method, fallback.grade, fallback.saved_per_year,
                      fallback.saving_fraction, checks, fallback.data)
    predicted = sum(baseline.predict(m.production) for m in reporting_months)
    consumed = sum(float(m.energy) for m in reporting_months)
    saved = predicted - consumed
    return Saving(
        method=Measurement.Method.REGRESSION,
        grade=Measurement.Grade.A,
        saved_per_year=_quantity(saved * MONTHS_A_YEAR / len(reporting_months)),
        saving_fraction=_fraction(saved, predicted),
        checks=checks,
        data={"intercept": baseline.intercept, "slope": baseline.slope, "r2": baseline.r2,
              "p_value": baseline.p_value, "predicted": predicted, "consumed": consumed,
              "months": len(reporting_months)},
    )
