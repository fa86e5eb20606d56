"""The demo register: labelled, deterministic, idempotent, shaped like 2016–2020."""

import pytest
from django.core.management import call_command

from sxsh.facilities.demo import demo_data_ensure
from sxsh.facilities.models import Facility, Report
from sxsh.facilities.selectors import report_baseline_savings

pytestmark = pytest.mark.django_db


def _snapshot():
    return list(Report.objects.order_by("facility__tax_code", "year").values_list(
        "facility__tax_code", "facility__name", "year", "status", "production",
        "electricity_kwh", "energy_toe", "co2e_t", "aware", "cp_applied"))


def test_every_demo_row_is_labelled_and_a_second_run_changes_nothing(users):
    first = demo_data_ensure(facilities=40, seed=7)
    assert first.facilities_created == 40
    assert Facility.objects.filter(is_demo=True).count() == 40
    assert not Facility.objects.exclude(name__startswith="[DEMO] ").exists()
    snapshot = _snapshot()
    again = demo_data_ensure(facilities=40, seed=7)
    assert (again.facilities_created, again.reports_created) == (0, 0)
    assert _snapshot() == snapshot


def test_the_same_seed_gives_the_same_data(users):
    demo_data_ensure(facilities=15, seed=3)
    snapshot = _snapshot()
    Report.objects.all().delete()
    Facility.objects.all().delete()
    demo_data_ensure(facilities=15, seed=3)
    assert _snapshot() == snapshot


def test_the_demo_register_looks_like_the_2016_2020_programme(users):
    call_command("demo-data", "--facilities", "120", "--seed", "1")
    reports = Report.objects.select_related("facility")
    aware = [reports.filter(year=y, aware=True).count() / reports.filter(year=y).count()
             for y in (2016, 2020)]
    assert aware[0] < aware[1]
    applied_2020 = reports.filter(year=2020, cp_applied=True)
    share = applied_2020.count() / reports.filter(year=2020).count()
    assert 0.3 <= share <= 0.55
    reaching = [r for r in applied_2020 if any(
        (v or 0) >= 0.08 for k, v in report_baseline_savings(r).items() if k != "water")]
    assert 0.05 <= len(reaching) / applied_2020.count() <= 0.25
    assert reports.filter(status="submitted").exists()
    assert Facility.objects.exclude(closed_year=None).exists()
    assert Facility.objects.filter(opened_year__gte=2017).exists()
    assert set(Facility.objects.values_list("vsic__code", flat=True)) >= {
        "10", "11", "13", "14", "16", "23", "25"}
    assert set(Facility.objects.values_list("size_class", flat=True)) == {
        "micro", "small", "medium", "large"}
    assert users["doanhnghiep"].facilities.get().is_demo


def test_the_demo_names_its_model_cases_on_the_public_page(users):
    demo_data_ensure(facilities=40, seed=7)
    # Every eighth facility (index 3, 11, 19, 27, 35) is a model case that agreed to be named.
    assert Facility.objects.filter(published=True).count() == 5
    assert Facility.objects.public().count() == 5
