"""TOE and CO₂e of a report, with the factors of its year, worked by hand."""

from decimal import Decimal

import pytest

from sxsh.core.models import GridEmissionFactor
from sxsh.facilities.energy import energy_and_emissions

pytestmark = pytest.mark.django_db


def test_electricity_uses_the_toe_factor_and_the_grid_factor_of_the_report_year(reference):
    # 1 000 000 kWh × 0,0001543 TOE/kWh = 154,3 TOE; 1 000 MWh × 0,9185 t/MWh (2016) = 918,5 t
    r = energy_and_emissions({"electricity_kwh": Decimal("1000000")}, 2016)
    assert r.energy_toe == Decimal("154.3000")
    assert r.co2e_t == Decimal("918.5000")
    # 2017's grid factor is 0,8649: the same consumption weighs 864,9 t
    assert energy_and_emissions({"electricity_kwh": Decimal("1000000")}, 2017).co2e_t == \
        Decimal("864.9000")


def test_a_later_grid_factor_never_changes_an_earlier_year(reference):
    GridEmissionFactor.objects.create(year=2030, tco2e_per_mwh=Decimal("0.5"), status="announced",
                                      source="test")
    assert energy_and_emissions({"electricity_kwh": Decimal("1000")}, 2016).co2e_t == \
        Decimal("0.9185")


def test_diesel_weighs_its_ipcc_emissions_with_ar5_warming_potentials(reference):
    # 10 t DO: TOE 10 × 1,02 = 10,2.
    # energy 10 t × 43,0 GJ/t = 430 GJ = 0,43 TJ;
    # per TJ 74 100 + 28 × 3 + 265 × 0,6 = 74 343 kg; 0,43 × 74 343 = 31 967,49 kg = 31,9675 t
    r = energy_and_emissions({"do_t": Decimal("10")}, 2018)
    assert r.energy_toe == Decimal("10.2000")
    assert r.co2e_t == Decimal("31.9675")
    assert r.biogenic_co2_t == Decimal("0.0000")


def test_coal_is_converted_by_its_grade(reference):
    # 100 t grade 2 coal: 100 × 0,65 = 65 TOE; grade 3: 100 × 0,5 = 50 TOE
    assert energy_and_emissions({"coal_t": Decimal(100), "coal_grade": "coal_2"},
                                2016).energy_toe == Decimal("65.0000")
    assert energy_and_emissions({"coal_t": Decimal(100), "coal_grade": "coal_3"},
                                2016).energy_toe == Decimal("50.0000")
    # CO₂e (anthracite): 100 t × 26,7 GJ/t = 2,67 TJ × (98 300 + 280 + 397,5) = 264 269,9 kg
    assert energy_and_emissions({"coal_t": Decimal(100), "coal_grade": "coal_2"},
                                2016).co2e_t == Decimal("264.2699")


def test_biomass_co2_is_a_memo_item_and_only_its_methane_and_nitrous_oxide_count(reference):
    # 100 t × 11,6 GJ/t = 1,16 TJ; CH₄ + N₂O: 28 × 30 + 265 × 4 = 1 900 kg/TJ → 2,204 t CO₂e
    # biogenic CO₂: 1,16 × 100 000 kg = 116 t; TOE 100 × 0,2771 = 27,71
    r = energy_and_emissions({"biomass_t": Decimal(100)}, 2019)
    assert r.co2e_t == Decimal("2.2040")
    assert r.biogenic_co2_t == Decimal("116.0000")
    assert r.energy_toe == Decimal("27.7100")


def test_natural_gas_energy_comes_from_its_toe_factor(reference):
    # 10 × 1000 m³ × 0,90 TOE = 9 TOE = 9 × 41,868 GJ = 376,812 GJ = 0,376812 TJ
    # × (56 100 + 28 + 26,5) = 56 154,5 kg/TJ → 21 101,47 + 58,22 = 21 159,69 kg
    r = energy_and_emissions({"natural_gas_1000m3": Decimal(10)}, 2016)
    assert r.energy_toe == Decimal("9.0000")
    assert r.co2e_t == Decimal("21.1597")


def test_a_report_without_energy_has_no_toe():
    assert energy_and_emissions({"water_m3": Decimal(5)}, 2016).energy_toe is None
