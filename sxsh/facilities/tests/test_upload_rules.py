"""Uploads follow the report form's rules (issue 11, finding 7; issue 12, finding 3): a
report submitted and waiting for review, or accepted, is locked; warnings need the
explanation; an empty report is not sent; all of a file's errors come in one answer."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sxsh.facilities import services
from sxsh.facilities.interchange.columns import REPORT_COLUMNS, REPORT_OPTIONAL
from sxsh.facilities.interchange.reports_import import import_reports
from sxsh.facilities.models import Report

from .test_import_export import opener, write_csv

pytestmark = pytest.mark.django_db

HEADER = list(REPORT_COLUMNS)
OLD_HEADER = [c for c in HEADER if c not in REPORT_OPTIONAL]  # templates before this issue
WAITING = "Báo cáo đã gửi và đang chờ thẩm định: không sửa được cho đến khi cán bộ trả lại."
EXPLAIN = "Hãy giải trình các số liệu bị cảnh báo trước khi gửi."
# water SEC 5 m³/t in 2016, 8 m³/t in 2017: +60 %, beyond ±50 %
WATER_WARNING = "Suất tiêu hao nước thay đổi +60 % so với năm 2016 (vượt ±50 %)."


def row(header=HEADER, **values):
    cells = {"tax_code": "3300100001", "year": "2017", "aware": "1", "product_unit": "tấn",
             "production": "1000", "water_m3": "5000", **values}
    return [cells.get(c, "") for c in header]


@pytest.fixture
def own(make_facility, users):
    return make_facility(tax_code="3300100001", opened_year=2010,
                         accounts=[users["doanhnghiep"]])


def upload(tmp_path, user, rows, header=HEADER):
    path = write_csv(tmp_path / "bc.csv", header, rows)
    return import_reports(opener(path), file_name=path.name, user=user, as_upload=True)


def test_it_refuses_an_upload_over_a_report_waiting_for_review(tmp_path, users, own,
                                                             make_report):
    make_report(own, 2017, status=Report.Status.SUBMITTED, production=Decimal(1000),
                water_m3=Decimal(5000))
    result = upload(tmp_path, users["doanhnghiep"], [row(water_m3="1")])
    assert [(e.row, e.column, e.reason) for e in result.errors] == [(2, "year", WAITING)]
    assert Report.objects.get(facility=own, year=2017).water_m3 == Decimal(5000)


def test_it_lets_an_upload_replace_a_returned_report_as_the_form_does(tmp_path, users, own,
                                                                    make_report):
    make_report(own, 2017, status=Report.Status.RETURNED, production=Decimal(1000),
                water_m3=Decimal(5000))
    result = upload(tmp_path, users["doanhnghiep"], [row(water_m3="5100")])
    assert (result.ok, result.updated) == (True, 1)
    report = Report.objects.get(facility=own, year=2017)
    assert (report.status, report.water_m3) == ("submitted", Decimal(5100))


@pytest.mark.parametrize("status", [Report.Status.SUBMITTED, Report.Status.ACCEPTED])
def test_it_gives_an_officer_s_upload_the_lock_message_of_the_form(tmp_path, users, own,
                                                                 make_report, status):
    report = make_report(own, 2017, status=status, production=Decimal(1000))
    with pytest.raises(ValidationError) as refused:
        services.report_save(facility=own, year=2017, data={"water_m3": Decimal(1)},
                             user=users["canbo"])
    result = upload(tmp_path, users["canbo"], [row(water_m3="1")])
    assert [e.reason for e in result.errors] == refused.value.messages
    report.refresh_from_db()
    assert report.water_m3 is None


def test_it_refuses_a_report_with_warnings_without_an_explanation_naming_the_warning(
        tmp_path, users, own, make_report):
    make_report(own, 2016, production=Decimal(1000), water_m3=Decimal(5000))
    result = upload(tmp_path, users["doanhnghiep"], [row(water_m3="8000")])
    assert [(e.row, e.column, e.label, e.reason) for e in result.errors] == [
        (2, "quality_comment", "Giải trình cảnh báo chất lượng số liệu",
         f"{EXPLAIN} {WATER_WARNING}")]
    assert (result.created, Report.objects.filter(year=2017).count()) == (0, 0)


def test_it_takes_a_report_with_warnings_and_its_explanation(tmp_path, users, own,
                                                            make_report):
    make_report(own, 2016, production=Decimal(1000), water_m3=Decimal(5000))
    result = upload(tmp_path, users["doanhnghiep"], [
        row(water_m3="8000", quality_comment="Thêm dây chuyền nhuộm",
            cp_measures="Thu hồi nước ngưng")])
    assert (result.ok, result.created, result.warned) == (True, 1, 1)
    report = Report.objects.get(facility=own, year=2017)
    assert (report.status, report.quality_comment, report.cp_measures) == (
        "submitted", "Thêm dây chuyền nhuộm", "Thu hồi nước ngưng")
    assert report.quality_warnings == [{"code": "sec_change", "category": "water",
                                        "year": 2016, "change": "0.600"}]


def test_it_refuses_an_empty_report_as_the_form_does(tmp_path, users, own):
    # a row of the template as it was filled in for the enterprise, nothing added
    result = upload(tmp_path, users["doanhnghiep"], [
        row(aware="", product_unit="", production="", water_m3="")])
    assert [(e.row, e.column, e.reason) for e in result.errors] == [
        (2, "", services.report_empty_error({}))]
    assert "Báo cáo trống" in result.errors[0].reason


def test_it_gives_a_row_s_unreadable_cell_and_its_broken_rule_at_once(tmp_path, users, own):
    result = upload(tmp_path, users["doanhnghiep"], [row(aware="có", production="")])
    assert [(e.row, e.column) for e in result.errors] == [(2, "aware"), (2, "production")]
    assert result.errors[1].reason == "Có tiêu thụ nhưng không có sản lượng."


def test_it_gives_the_errors_of_the_rows_with_the_warnings_of_the_others_at_once(
        tmp_path, users, own, make_report):
    make_report(own, 2016, production=Decimal(1000), water_m3=Decimal(5000))
    result = upload(tmp_path, users["doanhnghiep"], [
        row(tax_code="3300100999", year="2018"), row(water_m3="8000")])
    assert [(e.row, e.column) for e in result.errors] == [(2, "tax_code"),
                                                         (3, "quality_comment")]
    assert result.failed_rows == {2, 3}
    assert Report.objects.filter(year__in=(2017, 2018)).count() == 0


def test_a_file_of_an_older_template_keeps_the_stored_measures_and_explanation(
        tmp_path, users, own, make_report):
    make_report(own, 2017, status=Report.Status.DRAFT, production=Decimal(1000),
                water_m3=Decimal(5000), cp_measures="Thay đèn LED", quality_comment="Đã rõ")
    result = upload(tmp_path, users["doanhnghiep"], [row(OLD_HEADER, water_m3="5200")],
                    header=OLD_HEADER)
    assert (result.ok, result.updated) == (True, 1)
    report = Report.objects.get(facility=own, year=2017)
    assert (report.water_m3, report.cp_measures, report.quality_comment) == (
        Decimal(5200), "Thay đèn LED", "Đã rõ")


def test_the_exported_reports_with_measures_and_explanation_import_back_unchanged(
        tmp_path, users, own, capsys):
    from django.core.management import call_command

    path = write_csv(tmp_path / "bc.csv", HEADER, [
        row(cp_measures="=Thu hồi nhiệt", quality_comment="Mở rộng, thêm ca")])
    call_command("import-reports", str(path))
    out = tmp_path / "out.csv"
    call_command("export-reports", "--output", str(out))
    capsys.readouterr()
    call_command("import-reports", str(out))
    assert capsys.readouterr().out == "out.csv: 1 dòng, 0 tạo mới, 0 cập nhật, 1 không đổi.\n"
    report = Report.objects.get(facility=own, year=2017)
    assert (report.cp_measures, report.quality_comment) == ("=Thu hồi nhiệt", "Mở rộng, thêm ca")
