"""Energy in TOE and emissions in CO₂e of a yearly report, with the factors of its year.

The one place for this arithmetic: the report form, the importer and the demo generator
all call :func:`energy_and_emissions`.

- TOE: quantity × the ministry's factor in force in the report's year (coal by grade).
- CO₂e of electricity: MWh × the grid emission factor of the report's year.
- CO₂e of a fuel: t × NCV (TJ/Gg = GJ/t) gives GJ; GJ ÷ 1000 gives TJ; TJ × (CO₂ +
  28·CH₄ + 265·N₂O) kg/TJ gives kg; ÷ 1000 gives t. GWPs are the IPCC AR5 100-year
  values (CH₄ 28, N₂O 265). Natural gas is reported in 1000 m³, which the IPCC table
  does not weigh: its energy comes from its TOE factor (1 TOE = 41,868 GJ).
- Biomass: its CO₂ is biogenic and kept as a memo (``biogenic_co2_t``); its CH₄ and
  N₂O count in CO₂e.
- Coal: Vietnamese coal by grade is anthracite (Quảng Ninh); the IPCC anthracite row.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sxsh.core.reference import MissingFactor, fuel_factor, grid_factor, toe_factor

GWP_CH4 = Decimal(28)
GWP_N2O = Decimal(265)
GJ_PER_TOE = Decimal("41.868")
MILLION = Decimal(1_000_000)

# report field → (TOE carrier, TOE unit, IPCC fuel or None for electricity)
CARRIERS: dict[str, tuple[str, str, str | None]] = {
    "electricity_kwh": ("electricity", "kWh", None),
    "coal_t": ("coal", "t", "anthracite"),
    "do_t": ("diesel_oil_do", "t", "gas_diesel_oil"),
    "fo_t": ("fuel_oil_fo", "t", "residual_fuel_oil"),
    "lpg_t": ("lpg", "t", "lpg"),
    "natural_gas_1000m3": ("natural_gas", "1000 m3", "natural_gas"),
    "biomass_t": ("biomass", "t", "other_primary_solid_biomass"),
}
COAL_GRADES = ("coal_1", "coal_2", "coal_3")
TOE_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class FuelFactors:
    ncv_gj_per_t: Decimal
    co2_kg_per_tj: Decimal
    others_kg_co2e_per_tj: Decimal  # 28·CH₄ + 265·N₂O
    biogenic: bool


@dataclass(frozen=True)
class Result:
    energy_toe: Decimal | None
    co2e_t: Decimal | None
    biogenic_co2_t: Decimal | None


class FactorBook:
    """The factors of each year asked for, read once (an import asks for few years)."""

    def __init__(self) -> None:
        self._toe: dict[tuple[str, str, int], Decimal] = {}
        self._grid: dict[int, Decimal] = {}
        self._fuel: dict[tuple[str, int], FuelFactors] = {}

    def toe(self, field: str, year: int, grade: str = "") -> Decimal:
        key = (field, grade, year)
        if key not in self._toe:
            carrier, unit, _ = CARRIERS[field]
            self._toe[key] = toe_factor(carrier, unit, year, grade).toe_per_unit
        return self._toe[key]

    def grid(self, year: int) -> Decimal:
        if year not in self._grid:
            self._grid[year] = grid_factor(year).tco2e_per_mwh
        return self._grid[year]

    def fuel(self, fuel: str, year: int) -> FuelFactors:
        if (fuel, year) not in self._fuel:
            f = fuel_factor(fuel, year)
            self._fuel[(fuel, year)] = FuelFactors(
                ncv_gj_per_t=f.ncv_tj_per_gg, co2_kg_per_tj=f.co2_kg_per_tj,
                others_kg_co2e_per_tj=GWP_CH4 * f.ch4_kg_per_tj + GWP_N2O * f.n2o_kg_per_tj,
                biogenic=f.biogenic,
            )
        return self._fuel[(fuel, year)]


def energy_and_emissions(values: dict[str, Any], year: int,
                         book: FactorBook | None = None) -> Result:
    """TOE, CO₂e and biogenic CO₂ of one report's quantities (``None`` if none reported).

    Raises :class:`MissingFactor` when a reported carrier has no factor for the year.
    """
    book = book or FactorBook()
    toe = co2e = biogenic = Decimal(0)
    any_energy = False
    for field, (_carrier, _unit, fuel) in CARRIERS.items():
        qty = values.get(field)
        if qty is None:
            continue
        qty = Decimal(qty)
        any_energy = True
        grade = values.get("coal_grade") or "" if field == "coal_t" else ""
        if field == "coal_t" and not grade:
            if qty == 0:
                continue
            raise MissingFactor("coal grade")
        factor = book.toe(field, year, grade)
        toe += qty * factor
        if fuel is None:
            co2e += qty / 1000 * book.grid(year)
            continue
        ff = book.fuel(fuel, year)
        if field == "natural_gas_1000m3":
            gj = qty * factor * GJ_PER_TOE
        else:
            gj = qty * ff.ncv_gj_per_t
        co2 = gj * ff.co2_kg_per_tj / MILLION
        co2e += gj * ff.others_kg_co2e_per_tj / MILLION
        if ff.biogenic:
            biogenic += co2
        else:
            co2e += co2
    if not any_energy:
        return Result(None, None, None)
    return Result(toe.quantize(TOE_PLACES), co2e.quantize(TOE_PLACES),
                  biogenic.quantize(TOE_PLACES))
