"""Specific consumption per unit product and savings against the baseline, worked by hand."""

from decimal import Decimal

import pytest

from sxsh.facilities.quality import modified_z, outlier_warnings, savings, sec
from sxsh.facilities.selectors import facility_report_figures, report_baseline_savings

pytestmark = pytest.mark.django_db

BASE = dict(production=Decimal(1000), electricity_kwh=Decimal(1_000_000),
            raw_material_t=Decimal(1200), aux_material_t=Decimal(50), water_m3=Decimal(5000))
LATER = dict(production=Decimal(1250), electricity_kwh=Decimal(1_100_000),
             raw_material_t=Decimal(1440), aux_material_t=Decimal(55), water_m3=Decimal(5000))


def test_sec_is_consumption_per_unit_product():
    assert sec({"production": Decimal(1000), "energy_toe": Decimal("154.3"),
                "raw_material_t": Decimal(1200), "aux_material_t": None,
                "water_m3": Decimal(5000)}) == {
        "energy": Decimal("0.1543"), "raw": Decimal("1.2"), "aux": None, "water": Decimal(5)}


def test_without_production_there_is_no_sec():
    assert sec({"production": Decimal(0), "water_m3": Decimal(5)})["water"] is None


def test_saving_is_one_minus_the_ratio_of_secs():
    # 1 − 0,88 / 1,1 = 0,2 ; the baseline's zero SEC gives no saving
    assert savings({"energy": Decimal("0.88"), "raw": Decimal(1), "aux": None, "water": None},
                   {"energy": Decimal("1.1"), "raw": Decimal(0), "aux": Decimal(1),
                    "water": None}) == {"energy": Decimal("0.2"), "raw": None, "aux": None,
                                        "water": None}


def test_savings_against_the_earliest_report_when_no_baseline_is_stated(make_facility,
                                                                        make_report):
    f = make_facility()
    make_report(f, 2016, **BASE)
    make_report(f, 2017, production=Decimal(1000), electricity_kwh=Decimal(2_000_000))
    later = make_report(f, 2018, **LATER)
    # energy: 2016 154,3 TOE / 1000 t = 0,1543; 2018 1 100 000 × 0,0001543 = 169,73 TOE
    #   / 1250 t = 0,135784; 1 − 0,135784 / 0,1543 = 1 − 0,88 = 0,12
    # raw: 1,2 → 1,152: 1 − 0,96 = 0,04; aux: 0,05 → 0,044: 0,12; water: 5 → 4: 0,2
    assert report_baseline_savings(later) == {
        "energy": Decimal("0.12"), "raw": Decimal("0.04"), "aux": Decimal("0.12"),
        "water": Decimal("0.2")}


def test_savings_against_the_stated_baseline_year(make_facility, make_report):
    f = make_facility()
    make_report(f, 2016, production=Decimal(1000), water_m3=Decimal(8000))
    make_report(f, 2017, **BASE)
    later = make_report(f, 2018, baseline_year=2017, **LATER)
    # water against 2017: 5 → 4 = 0,2 (against 2016 it would be 1 − 4/8 = 0,5)
    assert report_baseline_savings(later)["water"] == Decimal("0.2")
    figures = {fig.report.year: fig for fig in facility_report_figures(f)}
    assert figures[2018].baseline.year == 2017
    assert figures[2018].savings["energy"] == Decimal("0.12")
    assert figures[2017].baseline.year == 2016
    assert figures[2016].baseline is None


def test_the_modified_z_score_flags_a_sector_outlier_with_five_peers():
    peers = [Decimal("0.10"), Decimal("0.11"), Decimal("0.12"), Decimal("0.13"),
             Decimal("0.14")]
    # median 0,12; deviations 0,02 0,01 0 0,01 0,02 → MAD 0,01
    # 0,20: M = 0,6745 × 0,08 / 0,01 = 5,396 > 3,5; 0,16: M = 2,698
    assert modified_z(Decimal("0.20"), peers) == Decimal("5.3960")
    assert [w["category"] for w in outlier_warnings({"water": Decimal("0.20")},
                                                    {"water": peers})] == ["water"]
    assert outlier_warnings({"water": Decimal("0.16")}, {"water": peers}) == []
    # four peers are too few to judge
    assert outlier_warnings({"water": Decimal("0.20")}, {"water": peers[:4]}) == []
