"""CSV and XLSX import and export: all rows or none, idempotent, scoped, in exact columns."""

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from sxsh.facilities.interchange.columns import FACILITY_COLUMNS, REPORT_COLUMNS
from sxsh.facilities.interchange.facilities_import import import_facilities
from sxsh.facilities.interchange.reports_import import import_reports
from sxsh.facilities.models import Facility, ImportBatch, Report

pytestmark = pytest.mark.django_db

FAC_HEADER = list(FACILITY_COLUMNS)
REP_HEADER = list(REPORT_COLUMNS)
FACILITY_ROWS = [
    ["3300100001", "Công ty Dệt A", "Phú Đa", "phu-vang", "13", "150", "120", "80", "2010", "",
     "KCN Phú Bài"],
    ["3300100002", "Xưởng gỗ B", "", "Huyện A Lưới", "16", "8", "2.5", "1", "2012", "2019", ""],
]


def _report_row(tax="3300100001", year="2016", **kw):
    row = dict.fromkeys(REP_HEADER, "")
    row.update(tax_code=tax, year=year, aware="1", cp_staff="0", cp_applied="1",
               product_unit="tấn", production="1000", electricity_kwh="1000000",
               water_m3="5000")
    row.update(kw)
    return [row[c] for c in REP_HEADER]


def write_csv(path: Path, header, rows, labels=None) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        if labels:
            w.writerow(labels)
        w.writerows(rows)
    return path


def write_xlsx(path: Path, header, rows) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append([float(v) if v.replace(".", "").isdigit() and c not in ("tax_code", "vsic")
                   else v for c, v in zip(header, row, strict=True)])
    wb.save(path)
    return path


def opener(path: Path):
    return lambda: path.open("rb")


def test_facilities_import_from_csv_with_size_class_and_unit_by_code_or_name(tmp_path, users):
    path = write_csv(tmp_path / "cs.csv", FAC_HEADER, FACILITY_ROWS,
                     labels=[str(v) for v in FACILITY_COLUMNS.values()])
    result = import_facilities(opener(path), file_name=path.name, user=None, as_upload=False)
    assert (result.ok, result.rows, result.created) == (True, 2, 2)
    a, b = Facility.objects.order_by("tax_code")
    # 150 employees ≤ 200 and revenue 120 ≤ 200: medium; 8 ≤ 10 and 2,5 ≤ 3: micro
    assert (a.size_class, a.admin_unit.code, a.vsic.code, a.industrial_zone) == (
        "medium", "phu-vang", "13", "KCN Phú Bài")
    assert (b.size_class, b.admin_unit.code, b.closed_year) == ("micro", "a-luoi", 2019)


def test_importing_the_same_facilities_again_changes_nothing(tmp_path, users):
    path = write_csv(tmp_path / "cs.csv", FAC_HEADER, FACILITY_ROWS)
    import_facilities(opener(path), file_name=path.name, user=None, as_upload=False)
    entries = LogEntry.objects.count()
    result = import_facilities(opener(path), file_name=path.name, user=None, as_upload=False)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert LogEntry.objects.count() == entries
    assert ImportBatch.objects.count() == 1


def test_one_bad_row_writes_nothing_and_names_row_column_value_and_reason(tmp_path, users):
    rows = [FACILITY_ROWS[0], [*FACILITY_ROWS[1][:5], "tám", *FACILITY_ROWS[1][6:]],
            ["123", "C", "", "khong-co", "45", "", "", "", "", "", ""]]
    path = write_csv(tmp_path / "loi.csv", FAC_HEADER, rows)
    result = import_facilities(opener(path), file_name=path.name, user=None, as_upload=False)
    assert not result.ok
    assert Facility.objects.count() == 0
    assert [(e.row, e.column, e.value) for e in result.errors] == [
        (3, "employees", "tám"), (4, "tax_code", "123"), (4, "admin_unit", "khong-co"),
        (4, "vsic", "45")]
    assert str(result.errors[0]) == (
        "loi.csv, dòng 3, cột Số lao động tham gia BHXH, giá trị “tám”: Không phải là số.")


def test_reports_import_from_xlsx_as_accepted_with_toe_and_co2e(tmp_path, users, make_facility):
    make_facility(tax_code="3300100001", opened_year=2010)
    path = write_xlsx(tmp_path / "bc.xlsx", REP_HEADER,
                      [_report_row(), _report_row(year="2017", electricity_kwh="900000",
                                                  coal_t="100", coal_grade="coal_2",
                                                  baseline_year="2016")])
    result = import_reports(opener(path), file_name=path.name, user=None, as_upload=False)
    assert (result.ok, result.created) == (True, 2)
    r16, r17 = Report.objects.order_by("year")
    assert (r16.status, r16.source, r16.aware, r16.cp_staff) == ("accepted", "import", True,
                                                                 False)
    assert r16.energy_toe == Decimal("154.3000")
    # 900 000 × 0,0001543 = 138,87 + 100 t × 0,65 = 65 → 203,87 TOE
    assert r17.energy_toe == Decimal("203.8700")
    # 900 MWh × 0,8649 = 778,41 + coal 264,2699 = 1 042,6799 t
    assert r17.co2e_t == Decimal("1042.6799")
    assert r17.baseline_year == 2016
    # audited by its import (test_import_audit.py), not by a diff of its own
    assert r16.import_batch == r17.import_batch == ImportBatch.objects.get()
    assert LogEntry.objects.filter(object_repr="3300100001 – 2017").count() == 0


def test_reimporting_the_same_reports_changes_nothing(tmp_path, users, make_facility):
    make_facility(tax_code="3300100001")
    path = write_csv(tmp_path / "bc.csv", REP_HEADER, [_report_row(), _report_row(year="2017")])
    import_reports(opener(path), file_name=path.name, user=None, as_upload=False)
    entries, changes = LogEntry.objects.count(), Report.objects.values_list("updated_at")
    before = list(changes)
    result = import_reports(opener(path), file_name=path.name, user=None, as_upload=False)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert LogEntry.objects.count() == entries
    assert list(Report.objects.values_list("updated_at")) == before


def test_a_changed_figure_updates_only_that_report(tmp_path, users, make_facility):
    make_facility(tax_code="3300100001")
    path = write_csv(tmp_path / "bc.csv", REP_HEADER, [_report_row(), _report_row(year="2017")])
    import_reports(opener(path), file_name=path.name, user=None, as_upload=False)
    write_csv(path, REP_HEADER, [_report_row(), _report_row(year="2017", water_m3="4000")])
    result = import_reports(opener(path), file_name=path.name, user=None, as_upload=False)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    entry = LogEntry.objects.filter(action=LogEntry.Action.UPDATE,
                                    content_type__model="report").get()
    assert entry.changes_dict["water_m3"] == ["5000.000", "4000.000"]


@pytest.mark.parametrize(("change", "column", "reason"), [
    ({"production": "-5"}, "production", "Số lượng không được âm."),
    ({"production": "", "water_m3": "5"}, "production", "Có tiêu thụ nhưng không có sản lượng."),
    ({"coal_t": "5", "coal_grade": "than"}, "coal_grade",
     "Than cần ghi rõ loại (loại 1, 2 hoặc 3; trong tệp ghi coal_1, coal_2 hoặc coal_3)."),
    ({"aware": "có"}, "aware", "Ghi 1 là có, 0 là không, hoặc để trống nếu chưa rõ."),
    ({"year": "2009"}, "year", "Cơ sở không hoạt động trong năm 2009."),
    ({"tax_code": "3300999999"}, "tax_code", "Không có cơ sở nào có mã số thuế này."),
])
def test_report_errors_block_the_whole_file(tmp_path, users, make_facility, change, column,
                                            reason):
    make_facility(tax_code="3300100001", opened_year=2010)
    path = write_csv(tmp_path / "bc.csv", REP_HEADER,
                     [_report_row(year="2016"), _report_row(**{"year": "2017", **change})])
    result = import_reports(opener(path), file_name=path.name, user=None, as_upload=False)
    assert [(e.row, e.column, e.reason) for e in result.errors] == [(3, column, reason)]
    assert Report.objects.count() == 0


def test_a_duplicate_row_and_a_wrong_header_are_refused(tmp_path, users, make_facility):
    make_facility(tax_code="3300100001")
    path = write_csv(tmp_path / "bc.csv", REP_HEADER, [_report_row(), _report_row()])
    result = import_reports(opener(path), file_name=path.name, user=None, as_upload=False)
    assert [(e.row, e.column) for e in result.errors] == [(3, "year")]
    header = [c if c != "water_m3" else "nuoc" for c in REP_HEADER]
    path = write_csv(tmp_path / "sai.csv", header, [_report_row()])
    result = import_reports(opener(path), file_name=path.name, user=None, as_upload=False)
    # the header's faults are errors of row 1, named by the columns' labels
    assert [(e.row, e.label, e.value, e.reason) for e in result.errors] == [
        (1, "Nước (m³)", "", "Cột này không có trong dòng tiêu đề."),
        (1, "", "nuoc", "Cột không xác định: hãy dùng mã cột hoặc nhãn cột của tệp mẫu."),
    ]
    assert Report.objects.count() == 0


def test_an_upload_enters_as_submitted_and_only_in_the_user_scope(tmp_path, users,
                                                                  make_facility):
    make_facility(tax_code="3300100001", admin_unit_code="phu-vang")
    make_facility(tax_code="3300100002", admin_unit_code="a-luoi")
    path = write_csv(tmp_path / "bc.csv", REP_HEADER,
                     [_report_row(), _report_row(tax="3300100002")])
    result = import_reports(opener(path), file_name=path.name, user=users["diaphuong"],
                            as_upload=True)
    assert [(e.row, e.column, e.reason) for e in result.errors] == [
        (3, "tax_code", "Không có cơ sở nào với mã số thuế này trong phạm vi của bạn.")]
    write_csv(path, REP_HEADER, [_report_row()])
    result = import_reports(opener(path), file_name=path.name, user=users["diaphuong"],
                            as_upload=True)
    assert result.ok
    report = Report.objects.get()
    assert (report.status, report.source) == ("submitted", "upload")
    # an upload never overwrites an accepted report
    report.status = Report.Status.ACCEPTED
    report.save()
    write_csv(path, REP_HEADER, [_report_row(water_m3="1")])
    result = import_reports(opener(path), file_name=path.name, user=users["diaphuong"],
                            as_upload=True)
    assert [e.column for e in result.errors] == ["year"]


def test_the_commands_import_and_export_the_same_columns(tmp_path, users, capsys):
    fac = write_csv(tmp_path / "cs.csv", FAC_HEADER, FACILITY_ROWS)
    call_command("import-facilities", str(fac))
    rep = write_csv(tmp_path / "bc.csv", REP_HEADER, [_report_row()])
    call_command("import-reports", str(rep))
    out = tmp_path / "out.csv"
    call_command("export-facilities", "--output", str(out))
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    # Vietnamese labels for people, the codes under them (the template's layout)
    assert rows[0][:2] == ["Mã số thuế (10 số, hoặc 10-3 với chi nhánh)", "Tên cơ sở"]
    assert rows[0][-1] == "Quy mô theo Nghị định 80/2021"
    assert rows[1] == [*FAC_HEADER, "admin_unit_name", "size_class"]
    assert rows[2] == [*FACILITY_ROWS[0], "Huyện Phú Vang", "Vừa"]
    capsys.readouterr()
    call_command("import-facilities", str(out))
    assert capsys.readouterr().out == "out.csv: 2 dòng, 0 tạo mới, 0 cập nhật, 2 không đổi.\n"
    xlsx = tmp_path / "out.xlsx"
    call_command("export-reports", "--format", "xlsx", "--output", str(xlsx))
    ws = load_workbook(xlsx, read_only=True).worksheets[0]
    values = list(ws.iter_rows(values_only=True))
    assert list(values[1]) == ["tax_code", "facility_name", *REP_HEADER[1:], "status"]
    assert values[2][:9] == ("3300100001", "Công ty Dệt A", 2016, None, 1, 0, 1, "tấn", 1000)
    assert values[2][-1] == "Đã chấp nhận"
    # the export imports back without a change
    capsys.readouterr()
    call_command("import-reports", str(xlsx))
    assert capsys.readouterr().out == (
        "out.xlsx: 1 dòng, 0 tạo mới, 0 cập nhật, 1 không đổi.\n")


def test_the_command_exits_non_zero_on_an_error(tmp_path, users):
    path = write_csv(tmp_path / "bc.csv", REP_HEADER, [_report_row(tax="123")])
    with pytest.raises(CommandError):
        call_command("import-reports", str(path), stderr=io.StringIO())


def test_the_template_has_labels_then_codes_and_imports_empty(tmp_path, users):
    out = tmp_path / "mau.xlsx"
    call_command("export-reports", "--template", "--format", "xlsx", "--output", str(out))
    rows = list(load_workbook(out, read_only=True).worksheets[0].iter_rows(values_only=True))
    assert rows[0][:2] == ("Mã số thuế", "Tên cơ sở (để đối chiếu, không nhập)")
    assert list(rows[1]) == [REP_HEADER[0], "facility_name", *REP_HEADER[1:]]
    assert len(rows) == 2
    result = import_reports(opener(out), file_name=out.name, user=None, as_upload=False)
    assert (result.ok, result.rows) == (True, 0)


def test_libreoffice_opens_the_exported_workbook_and_its_csv_imports_back(tmp_path, users):
    import shutil
    import subprocess

    office = shutil.which("libreoffice") or shutil.which("soffice")
    # `make test` installs LibreOffice (tools/system-deps.sh): a missing one is a failure.
    assert office is not None, "LibreOffice is not installed"
    call_command("import-facilities", str(write_csv(tmp_path / "cs.csv", FAC_HEADER,
                                                    FACILITY_ROWS)))
    call_command("import-reports", str(write_csv(tmp_path / "bc.csv", REP_HEADER,
                                                 [_report_row(water_m3="5000.5")])))
    xlsx = tmp_path / "xuat.xlsx"
    call_command("export-reports", "--format", "xlsx", "--output", str(xlsx))
    subprocess.run([office, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir",
                    str(tmp_path / "lo-out"), str(xlsx)], check=True, capture_output=True,
                   timeout=120)
    converted = tmp_path / "lo-out" / "xuat.csv"
    rows = list(csv.reader(converted.open(encoding="utf-8")))
    codes = ["tax_code", "facility_name", *REP_HEADER[1:], "status"]
    assert rows[1] == codes
    assert rows[2][:9] == ["3300100001", "Công ty Dệt A", "2016", "", "1", "0", "1", "tấn",
                           "1000"]
    assert rows[2][codes.index("water_m3")] == "5000.5"
    result = import_reports(opener(converted), file_name=converted.name, user=None,
                            as_upload=False)
    assert (result.ok, result.unchanged) == (True, 1)


def test_a_year_without_emission_factors_is_an_error_of_its_row(tmp_path, users, make_facility):
    make_facility(tax_code="3300100001", opened_year=2000)
    # the grid factors start in 2014: electricity of 2010 cannot be weighed
    path = write_csv(tmp_path / "bc.csv", REP_HEADER,
                     [_report_row(year="2016"), _report_row(year="2010")])
    result = import_reports(opener(path), file_name=path.name, user=None, as_upload=False)
    assert [(e.row, e.column, e.value) for e in result.errors] == [(3, "year", "2010")]
    assert result.errors[0].reason.startswith("Không có hệ số quy đổi")
    assert Report.objects.count() == 0


def test_a_local_focal_point_imports_facilities_only_in_its_area(tmp_path, users):
    path = write_xlsx(tmp_path / "cs.xlsx", FAC_HEADER, FACILITY_ROWS)
    result = import_facilities(opener(path), file_name=path.name, user=users["diaphuong"],
                               as_upload=True)
    # row 3 names Huyện A Lưới, outside Phú Vang
    assert [(e.row, e.column, e.reason) for e in result.errors] == [
        (3, "admin_unit", "Đơn vị này nằm ngoài địa bàn của bạn.")]
    assert Facility.objects.count() == 0
    path = write_xlsx(tmp_path / "cs.xlsx", FAC_HEADER, FACILITY_ROWS[:1])
    result = import_facilities(opener(path), file_name=path.name, user=users["diaphuong"],
                               as_upload=True)
    assert (result.ok, result.created) == (True, 1)
    assert Facility.objects.get().size_class == "medium"
    with pytest.raises(PermissionDenied):
        import_facilities(opener(path), file_name=path.name, user=users["doanhnghiep"],
                          as_upload=True)


def test_imported_reports_carry_their_data_quality_warnings(tmp_path, users, make_facility,
                                                           capsys):
    for n in range(1, 7):
        make_facility(tax_code=f"330010000{n}", opened_year=2010)
    # 2017 after 2016 in the file's last row: water SEC 5 → 8 m³/t is +60 %
    # 2016 water SEC of 5 facilities 0,10 … 0,14 (MAD 0,01) and one of 0,20: M = 5,40
    rows = [_report_row(tax=f"330010000{n}", water_m3=str(w))
            for n, w in zip(range(1, 7), (100, 110, 120, 130, 140, 200), strict=True)]
    rows.insert(0, _report_row(tax="3300100001", year="2017", water_m3="160"))
    path = write_csv(tmp_path / "bc.csv", REP_HEADER, rows)
    call_command("import-reports", str(path))
    assert "2 báo cáo có cảnh báo chất lượng số liệu" in capsys.readouterr().out
    warned = {(r.facility.tax_code, r.year): r.quality_warnings
              for r in Report.objects.exclude(quality_warnings=[]).select_related("facility")}
    assert warned == {
        ("3300100001", 2017): [{"code": "sec_change", "category": "water", "year": 2016,
                                "change": "0.600"}],
        ("3300100006", 2016): [{"code": "outlier", "category": "water", "score": "5.40",
                                "peers": 5}],
    }


def test_a_large_sector_judges_every_member_by_its_own_statistics(tmp_path, users,
                                                                 make_facility, monkeypatch):
    from sxsh.facilities.interchange import warnings

    monkeypatch.setattr(warnings, "EXACT_PEERS", 3)
    for n in range(1, 7):
        make_facility(tax_code=f"330010000{n}", opened_year=2010)
    # six reports judged by the group's own statistics, itself included: median
    # (0,12 + 0,13) / 2 = 0,125; deviations 0,025 0,015 0,005 0,005 0,015 0,175, MAD 0,015;
    # 0,30 gives M = 0,6745 × 0,175 / 0,015 = 7,87
    rows = [_report_row(tax=f"330010000{n}", water_m3=str(w))
            for n, w in zip(range(1, 7), (100, 110, 120, 130, 140, 300), strict=True)]
    path = write_csv(tmp_path / "bc.csv", REP_HEADER, rows)
    import_reports(opener(path), file_name=path.name, user=None, as_upload=False)
    assert Report.objects.get(facility__tax_code="3300100006").quality_warnings == [
        {"code": "outlier", "category": "water", "score": "7.87", "peers": 6}]


def test_a_large_sector_warns_a_report_just_beyond_the_limit_and_not_one_just_within(
        tmp_path, users, make_facility, monkeypatch):
    from sxsh.facilities.interchange import warnings

    monkeypatch.setattr(warnings, "EXACT_PEERS", 3)
    for n in range(1, 7):
        make_facility(tax_code=f"330010000{n}", opened_year=2010)
    # each year's group: water SEC 0,10 … 0,14 and the sixth's; median 0,125, MAD 0,015;
    # the limit |M| = 3,5 is at SEC 0,125 + 3,5 × 0,015 / 0,6745 = 0,20284:
    # 2016's 0,2029 gives M = 0,6745 × 0,0779 / 0,015 = 3,5029 (warned),
    # 2017's 0,2028 gives 0,6745 × 0,0778 / 0,015 = 3,4984 (not)
    rows = [_report_row(tax=f"330010000{n}", year=str(year), water_m3=str(w))
            for year, last in ((2016, "202.9"), (2017, "202.8"))
            for n, w in zip(range(1, 7), (100, 110, 120, 130, 140, last), strict=True)]
    path = write_csv(tmp_path / "bc.csv", REP_HEADER, rows)
    import_reports(opener(path), file_name=path.name, user=None, as_upload=False)
    warned = {(r.facility.tax_code, r.year): r.quality_warnings
              for r in Report.objects.exclude(quality_warnings=[]).select_related("facility")}
    assert warned == {("3300100006", 2016): [
        {"code": "outlier", "category": "water", "score": "3.50", "peers": 6}]}
