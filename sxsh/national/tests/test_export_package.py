"""The package a province exports: figures from the engine, targets, budget, version."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as D

import pytest
import time_machine
from django.core.management import call_command

from sxsh.national.package import checksum, package_build, package_check
from sxsh.plans import services
from sxsh.plans.models import BudgetLine, FundingSource

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 2, 3, 30, 15, 500000, tzinfo=dt.UTC)


def counts(package: dict, dimension: str, code: str, *indicators: str) -> dict:
    """(numerator, denominator) of ``indicators`` in one breakdown of the package."""
    row = next(b for b in package["breakdowns"]
               if b["dimension"] == dimension and b["code"] == code)
    return {i: (row["indicators"][i]["numerator"], row["indicators"][i]["denominator"])
            for i in indicators}


def test_it_writes_the_province_figures_of_the_engine_with_their_status(facilities, plan):
    package = package_build(year=2018, now=NOW)
    # As in the engine's tests: P(2018) = A B C D G H J (E closed, F not yet open).
    assert package["province"] == {"code": "tth", "name": "Thừa Thiên Huế"}
    assert counts(package, "province", "tth", "I1", "I2", "I3", "I4") == {
        "I1": (3, 7), "I2": (2, 5), "I3": (5, 7), "I4": (2, 3)}
    province = package["breakdowns"][0]["indicators"]
    # the status is the dashboard's (the engine's targets module): I7 has no figure yet
    assert province["I1"]["value"] == pytest.approx(3 / 7)
    assert province["I4"]["categories"]["raw"]["median_saving"] == pytest.approx(0.06)
    assert {code: f["status"] for code, f in province.items()}["I7"] == "no_data"


def test_it_breaks_the_figures_down_by_unit_division_and_size(facilities, plan):
    package = package_build(year=2018, now=NOW)
    # Phú Vang: A B H J open (E closed in 2018). Aware: A, B; medium/large A B H, staff A B;
    # applied A B H J; I4: A reaches 8 %, H does not, J's baseline has no production.
    assert counts(package, "admin_unit", "phu-vang", "I1", "I2", "I3", "I4") == {
        "I1": (2, 4), "I2": (2, 3), "I3": (4, 4), "I4": (1, 2)}
    # Hương Thủy: C and G open (F opens in 2019); G's counted 2016 report says no.
    assert counts(package, "admin_unit", "huong-thuy", "I1", "I2", "I3", "I4") == {
        "I1": (1, 2), "I2": (0, 1), "I3": (1, 2), "I4": (1, 1)}
    # Nam Đông: D, whose only reports are submitted or draft.
    assert counts(package, "admin_unit", "nam-dong", "I1", "I4") == {"I1": (0, 1),
                                                                     "I4": (0, 0)}
    # VSIC 10: A B D G J; 23: C H (E closed).
    assert counts(package, "vsic_division", "10", "I1", "I3") == {"I1": (2, 5), "I3": (3, 5)}
    assert counts(package, "vsic_division", "23", "I1", "I3") == {"I1": (1, 2), "I3": (2, 2)}
    # large: A G; medium: B D H; small: C J; micro: none.
    assert counts(package, "size_class", "large", "I1") == {"I1": (1, 2)}
    assert counts(package, "size_class", "medium", "I1") == {"I1": (1, 3)}
    assert counts(package, "size_class", "small", "I1") == {"I1": (1, 2)}
    assert counts(package, "size_class", "micro", "I1") == {"I1": (0, 0)}
    units = [b["code"] for b in package["breakdowns"] if b["dimension"] == "admin_unit"]
    # the nine districts of 2018, Phú Xuân and Thuận Hóa (2025) not among them
    assert units == ["a-luoi", "huong-thuy", "huong-tra", "nam-dong", "phong-dien",
                     "phu-loc", "phu-vang", "quang-dien", "tp-hue"]


def test_it_carries_the_plan_targets_version_and_a_checksum_that_the_schema_accepts(
        facilities, plan):
    package = package_build(year=2018, now=NOW)
    assert package["plan"]["number"] == "157/KH-UBND"
    targets = {t["indicator"]: t for t in package["targets"]}
    assert (targets["I4"]["value_min"], targets["I4"]["value_max"], targets["I4"]["year"]) == (
        0.08, 0.13, 2020)
    assert (targets["I5"]["value_min"], targets["I5"]["unit"]) == (1, "người")
    assert package["version"] == 20261202033015
    assert package["generated_at"] == "2026-12-02T03:30:15Z"
    assert package["schema_version"] == "1.0"
    assert package["checksum"] == checksum(package)
    assert len(package["checksum"]) == 64
    assert package_check(json.dumps(package)) == package


def test_it_writes_the_budget_executed_in_the_year_by_source(seed_plan, users):
    line = BudgetLine.objects.get(plan=seed_plan, code="2.2")
    central = FundingSource.objects.get(plan=seed_plan, code="central")
    services.expenditure_record(line=line, year=2018, source=central, kind="disbursed",
                                amount=D(220), on=dt.date(2018, 9, 1), user=users["canbo"])
    budget = package_build(year=2018, now=NOW)["budget"]
    by_source = {s["code"]: s for s in budget["sources"]}
    # 2018 plans 1.375 million VND: local 580, central 295, enterprises 500
    assert {code: D(s["planned"]) for code, s in by_source.items()} == {
        "local": D(580), "central": D(295), "enterprise": D(500)}
    assert D(by_source["central"]["disbursed"]) == D(220)
    assert (D(budget["total"]["planned"]), D(budget["total"]["disbursed"])) == (D(1375), D(220))
    assert (budget["status"], budget["unit"]) == ("collecting", "million VND")
    assert package_build(year=2015, now=NOW)["budget"] is None  # before the plan


def test_the_command_writes_the_file_the_builder_makes(facilities, plan, tmp_path):
    target = tmp_path / "tth-2018.json"
    with time_machine.travel(NOW, tick=False):
        call_command("export-package", "--year", "2018", "--output", str(target))
        expected = package_build(year=2018)
    assert json.loads(target.read_text(encoding="utf-8")) == expected


def test_the_schema_in_the_repository_is_a_valid_2020_12_schema_of_this_version():
    from jsonschema import Draft202012Validator

    from sxsh.national.package import SCHEMA_VERSION, schema

    Draft202012Validator.check_schema(schema())
    assert schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema()["properties"]["schema_version"] == {"const": SCHEMA_VERSION}
