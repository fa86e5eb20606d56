"""Importing a province's package into the ministry's installation."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from sxsh.core.models import AuditAction
from sxsh.facilities.models import Facility, Report
from sxsh.national.models import Package
from sxsh.national.package import checksum, package_build, package_text
from sxsh.national.services import package_import

pytestmark = pytest.mark.django_db

FIRST = dt.datetime(2026, 3, 1, 8, 0, 0, tzinfo=dt.UTC)
SECOND = dt.datetime(2026, 6, 1, 8, 0, 0, tzinfo=dt.UTC)


def wipe_facility_data() -> None:
    """What the ministry's installation holds of the province: nothing but reference data."""
    Report.objects.all().delete()
    Facility.objects.all().delete()


def figure(package: Package, code: str, indicator: str) -> tuple:
    row = next(b for b in package.content["breakdowns"] if b["code"] == code)
    return row["indicators"][indicator]["numerator"], row["indicators"][indicator]["denominator"]


def actions(code: str) -> list[dict]:
    return list(AuditAction.objects.filter(action_type=code).values_list("data", flat=True))


@pytest.fixture
def exported(facilities, plan, tmp_path):
    """2018's package of the hand-built data set, written by the command, then the facility
    data wiped as in the ministry's installation."""
    path = tmp_path / "tth-2018.json"
    with time_machine.travel(FIRST, tick=False):
        call_command("export-package", "--year", "2018", "--output", str(path))
    wipe_facility_data()
    return path


def test_the_package_round_trips_into_an_installation_without_the_facilities(exported, capsys):
    call_command("import-package", str(exported))
    assert capsys.readouterr().out == "Thừa Thiên Huế 2018: đã nhập phiên bản 20260301080000.\n"
    package = Package.objects.get()
    assert (package.province_code, package.year, package.version) == ("tth", 2018,
                                                                     20260301080000)
    assert package.generated_at == FIRST
    assert figure(package, "tth", "I1") == (3, 7)
    assert figure(package, "phu-vang", "I4") == (1, 2)
    assert package.content == json.loads(exported.read_text(encoding="utf-8"))
    assert actions("national.package.imported") == [
        {"version": 20260301080000, "checksum": package.checksum,
         "os_user": actions("national.package.imported")[0]["os_user"]}]


def test_importing_the_same_package_twice_changes_nothing(exported, capsys):
    call_command("import-package", str(exported))
    first = Package.objects.values().get()
    call_command("import-package", str(exported))
    assert capsys.readouterr().out.splitlines()[-1] == (
        "Thừa Thiên Huế 2018: phiên bản 20260301080000 đã được nhập; không có gì thay đổi.")
    assert list(Package.objects.values()) == [first]
    assert len(actions("national.package.imported")) == 1
    assert actions("national.package.replaced") == []


def test_a_newer_version_replaces_the_older_and_the_step_is_audited(facilities, plan, users):
    with time_machine.travel(FIRST, tick=False):
        older = package_text(package_build(year=2018))
    # F's 2019 report is moved to 2018 and F opened in 2018: one more aware facility
    Facility.objects.filter(pk=facilities["F"].pk).update(opened_year=2018)
    Report.objects.filter(facility=facilities["F"]).update(year=2018)
    with time_machine.travel(SECOND, tick=False):
        newer = package_text(package_build(year=2018))
    wipe_facility_data()
    package_import(text=older, user=users["admin"])
    done = package_import(text=newer, user=users["admin"])
    assert (done.outcome, done.previous_version) == ("replaced", 20260301080000)
    package = Package.objects.get()
    assert (package.version, figure(package, "tth", "I1")) == (20260601080000, (4, 8))
    assert actions("national.package.replaced") == [
        {"from": 20260301080000, "to": 20260601080000, "checksum": package.checksum}]
    # and the older one, brought again, is refused: the newer stays
    with pytest.raises(ValidationError) as refused:
        package_import(text=older, user=users["admin"])
    assert refused.value.messages == [
        "Thừa Thiên Huế 2018: phiên bản 20260301080000 không mới hơn phiên bản đã nhập "
        "20260601080000; không có gì thay đổi."]
    assert Package.objects.get().version == 20260601080000


def test_another_package_under_the_same_version_is_refused(exported):
    call_command("import-package", str(exported))
    package = json.loads(exported.read_text(encoding="utf-8"))
    package["breakdowns"][0]["indicators"]["I1"]["numerator"] = 4
    package["checksum"] = checksum(package)
    with pytest.raises(ValidationError, match="không mới hơn"):
        package_import(text=json.dumps(package))
    assert figure(Package.objects.get(), "tth", "I1") == (3, 7)


def test_a_file_that_breaks_the_schema_is_refused_with_every_problem_and_nothing_written(
        exported, tmp_path):
    package = json.loads(exported.read_text(encoding="utf-8"))
    del package["year"]
    package["breakdowns"][0]["indicators"]["I1"]["numerator"] = "ba"
    package["budget"]["total"]["planned"] = 12.5
    package["checksum"] = checksum(package)
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(package), encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("import-package", str(broken))
    assert str(refused.value).splitlines() == [
        "broken.json: không nhập gì.",
        "/: 'year' is a required property",
        "/breakdowns/0/indicators/I1/numerator: 'ba' is not of type 'integer', 'null'",
        "/budget/total/planned: 12.5 is not of type 'string', 'null'",
    ]
    assert Package.objects.count() == 0


def test_a_changed_file_fails_its_checksum(exported):
    package = json.loads(exported.read_text(encoding="utf-8"))
    package["breakdowns"][0]["indicators"]["I1"]["numerator"] = 7
    with pytest.raises(ValidationError) as refused:
        package_import(text=json.dumps(package))
    assert refused.value.messages == [
        "Tổng kiểm tra không khớp với nội dung: tệp đã bị sửa hoặc hỏng sau khi xuất."]
    assert Package.objects.count() == 0


def test_a_file_that_is_not_json_is_refused(db):
    with pytest.raises(ValidationError, match="không phải JSON"):
        package_import(text=b"{\"format\":")


def test_an_installation_that_registers_the_province_facilities_refuses_its_package(
        facilities, plan):
    text = package_text(package_build(year=2018))
    with pytest.raises(ValidationError, match="Hệ thống này quản lý các cơ sở"):
        package_import(text=text)
    assert Package.objects.count() == 0


def _with(exported, change) -> str:
    """The exported package with ``change`` made and its checksum computed again, as a
    hostile or broken exporter would send it."""
    package = json.loads(exported.read_text(encoding="utf-8"))
    change(package)
    package["checksum"] = checksum(package)
    return json.dumps(package)


def _share(value):
    def change(package):
        package["breakdowns"][0]["indicators"]["I1"]["value"] = value
    return change


def _planned(text):
    def change(package):
        package["budget"]["total"]["planned"] = text
    return change


@pytest.mark.parametrize(("change", "message"), [
    (_share(float("nan")), "Tệp không phải JSON: NaN is not a JSON number"),
    (_share(float("inf")), "Tệp không phải JSON: Infinity is not a JSON number"),
    (_share(1e308), "/breakdowns/0/indicators/I1/value: 1e+308 is greater than the maximum "
                    "of 1000000000000000"),
    (_planned("9" * 400), f"/budget/total/planned: '{'9' * 400}' is too long"),
])
def test_a_package_with_a_figure_no_page_could_show_is_refused(exported, change, message):
    # 1e308 as a share was stored and the package's page answered 500 (it cannot be
    # rounded); NaN stopped the import with a database error.
    with pytest.raises(ValidationError) as refused:
        package_import(text=_with(exported, change))
    assert refused.value.messages == [message]
    assert Package.objects.count() == 0
