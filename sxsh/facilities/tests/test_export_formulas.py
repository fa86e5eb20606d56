"""Text typed by an enterprise never becomes a formula in the officer's spreadsheet.

The register and the reports are exported from the page and the command line as CSV (UTF-8
with a BOM, the same bytes everywhere) and XLSX, opened by real readers (csv, openpyxl,
LibreOffice), and imported back without a change.
"""

import csv
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook

from sxsh.facilities.models import Facility, Report

pytestmark = pytest.mark.django_db

BOM = b"\xef\xbb\xbf"
NAME = '=HYPERLINK("x")'  # LibreOffice would show x if it ran it
UNITS = {2016: "+1+1", 2017: "@SUM(1;1)"}


@pytest.fixture
def hostile(make_facility, make_report):
    facility = make_facility(tax_code="3300100001", name=NAME, address="-Phú Đa")
    other = make_facility(tax_code="3300100002", name="Công ty Dệt A",
                          revenue_bn_vnd=Decimal("2.5"))
    for year, unit in UNITS.items():
        make_report(facility, year, product_unit=unit, production=Decimal("1000"),
                    electricity_kwh=Decimal("1000000.5"), aware=True, cp_staff=False)
    return facility, other


def officer(users) -> Client:
    c = Client()
    c.force_login(users["canbo"])
    return c


def _rows(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def _page(client, url: str, fmt: str, django_assert_num_queries) -> bytes:
    # session, user, the rows (read as the response is sent, for CSV)
    with django_assert_num_queries(3):
        response = client.get(url, {"format": fmt})
        content = response.getvalue()
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    return content


EXPORTS = [("/facilities/", "export-facilities", "co-so-san-xuat"),
           ("/facilities/reports/export/", "export-reports", "bao-cao-hang-nam")]


def test_the_csv_is_the_same_bytes_on_the_page_in_a_file_and_on_stdout(
        hostile, users, tmp_path, capsysbinary, django_assert_num_queries):
    client = officer(users)
    exported = {}
    for url, command, name in EXPORTS:
        page = _page(client, url, "csv", django_assert_num_queries)
        target = tmp_path / f"{command}.csv"
        call_command(command, "--output", str(target))
        capsysbinary.readouterr()
        call_command(command)
        stdout = capsysbinary.readouterr().out
        assert page == target.read_bytes() == stdout
        assert client.get(url, {"format": "csv"})["Content-Disposition"] == (
            f'attachment; filename="{name}.csv"')
        exported[command] = page
    register = _rows(exported["export-facilities"])
    # row 1: the labels, row 2: the codes, then the data
    assert register[2][:3] == ["3300100001", "'" + NAME, "'-Phú Đa"]
    assert register[3][:3] == ["3300100002", "Công ty Dệt A", ""]
    reports = _rows(exported["export-reports"])
    assert [(r[2], r[7]) for r in reports[2:]] == [("2016", "'+1+1"), ("2017", "'@SUM(1;1)")]
    # figures stay plain numbers: no quote, no thousands separator, no trailing zeros
    assert reports[2][4:10] == ["1", "0", "", "'+1+1", "1000", "1000000.5"]


def test_the_xlsx_holds_the_text_as_string_cells_from_the_page_and_the_command(
        hostile, users, tmp_path, django_assert_num_queries):
    client = officer(users)
    for url, command, _name in EXPORTS:
        target = tmp_path / f"{command}.xlsx"
        call_command(command, "--format", "xlsx", "--output", str(target))
        page = _page(client, url, "xlsx", django_assert_num_queries)
        for source in (io.BytesIO(page), target):
            sheet = load_workbook(source).active
            if command == "export-facilities":
                cells = [sheet["B3"], sheet["C3"]]
                assert [c.value for c in cells] == [NAME, "-Phú Đa"]
                assert (sheet["G4"].data_type, sheet["G4"].value) == ("n", 2.5)
            else:
                cells = [sheet["H3"], sheet["H4"]]
                assert [c.value for c in cells] == ["+1+1", "@SUM(1;1)"]
                assert (sheet["J3"].data_type, sheet["J3"].value) == ("n", 1000000.5)
            assert [c.data_type for c in cells] == ["s", "s"]


def _libreoffice(tmp_path, *files, infilter: str | None = None) -> dict[str, list[list[str]]]:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    # `make test` installs LibreOffice (tools/system-deps.sh): a missing one is a failure.
    assert office is not None, "LibreOffice is not installed"
    out = tmp_path / "lo-out"
    command = [office, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo"]
    if infilter:
        command.append(f"--infilter={infilter}")
    subprocess.run([*command, "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76",
                    "--outdir", str(out), *map(str, files)],
                   check=True, capture_output=True, timeout=180)
    return {f.stem: list(csv.reader((out / f"{f.stem}.csv").open(encoding="utf-8")))
            for f in files}


def test_libreoffice_reads_the_text_and_runs_no_formula(hostile, users, tmp_path):
    names = ["co-so", "bao-cao"]
    (tmp_path / "csv").mkdir()
    for command, name in zip(("export-facilities", "export-reports"), names, strict=True):
        call_command(command, "--format", "xlsx", "--output", str(tmp_path / f"{name}.xlsx"))
        call_command(command, "--output", str(tmp_path / "csv" / f"{name}.csv"))
    from_xlsx = _libreoffice(tmp_path, *(tmp_path / f"{n}.xlsx" for n in names))
    assert from_xlsx["co-so"][2][1:3] == [NAME, "-Phú Đa"]
    assert [r[7] for r in from_xlsx["bao-cao"][2:]] == ["+1+1", "@SUM(1;1)"]
    # LibreOffice runs "=…" in a CSV (it would read "x"); the quoted cell stays text, and
    # shows its quote: OWASP's trade-off, undone by our importer (COLUMNS.md).
    from_csv = _libreoffice(tmp_path, *(tmp_path / "csv" / f"{n}.csv" for n in names),
                            infilter="CSV:44,34,76,1")
    assert from_csv["co-so"][2][1:3] == ["'" + NAME, "'-Phú Đa"]
    assert [r[7] for r in from_csv["bao-cao"][2:]] == ["'+1+1", "'@SUM(1;1)"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_imports_back_without_a_change(hostile, users, tmp_path, capsys, fmt):
    facility, _other = hostile
    before = list(Facility.objects.order_by("tax_code").values())
    reports_before = list(Report.objects.order_by("pk").values())
    for command in ("export-facilities", "export-reports"):
        call_command(command, "--format", fmt, "--output", str(tmp_path / f"{command}.{fmt}"))
    capsys.readouterr()
    call_command("import-facilities", str(tmp_path / f"export-facilities.{fmt}"))
    call_command("import-reports", str(tmp_path / f"export-reports.{fmt}"))
    assert capsys.readouterr().out == (
        f"export-facilities.{fmt}: 2 dòng, 0 tạo mới, 0 cập nhật, 2 không đổi.\n"
        f"export-reports.{fmt}: 2 dòng, 0 tạo mới, 0 cập nhật, 2 không đổi.\n")
    assert list(Facility.objects.order_by("tax_code").values()) == before
    assert list(Report.objects.order_by("pk").values()) == reports_before
    assert Facility.objects.get(pk=facility.pk).name == NAME
