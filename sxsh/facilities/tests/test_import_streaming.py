"""The reports import reads its file once, checks and writes it batch by batch in one
transaction, and keeps all rows or none whichever batch holds the error."""

import pytest
from auditlog.models import LogEntry

from sxsh.core.models import AuditAction
from sxsh.facilities.interchange import facilities_import, reports_import
from sxsh.facilities.interchange.facilities_import import import_facilities
from sxsh.facilities.interchange.reports_import import import_reports
from sxsh.facilities.models import Facility, Report

from .test_import_export import (
    FAC_HEADER,
    FACILITY_ROWS,
    REP_HEADER,
    _report_row,
    write_csv,
    write_xlsx,
)

TAXES = [f"330010000{n}" for n in range(1, 7)]


@pytest.fixture
def small_batches(monkeypatch):
    """Batches of two rows, so that a five-row file spans three of them."""
    monkeypatch.setattr(reports_import, "BATCH", 2)


@pytest.fixture
def six(make_facility):
    return [make_facility(tax_code=tax, opened_year=2010) for tax in TAXES]


def _counting(path):
    opened = []

    def open_source():
        opened.append(path)
        return path.open("rb")

    return open_source, opened


def test_it_reads_a_workbook_only_once(tmp_path, users, six, small_batches):
    path = write_xlsx(tmp_path / "bc.xlsx", REP_HEADER,
                      [_report_row(tax=tax) for tax in TAXES[:5]])
    open_source, opened = _counting(path)
    result = import_reports(open_source, file_name=path.name, user=None, as_upload=False)
    assert (result.ok, result.rows, result.created, len(opened)) == (True, 5, 5, 1)
    assert sorted(Report.objects.values_list("facility__tax_code", flat=True)) == TAXES[:5]


def test_it_writes_nothing_when_only_the_last_batch_holds_an_error(tmp_path, users, six,
                                                                   small_batches):
    rows = [_report_row(tax=tax) for tax in TAXES[:4]] + [_report_row(tax=TAXES[4],
                                                                      aware="x")]
    path = write_csv(tmp_path / "bc.csv", REP_HEADER, rows)
    result = import_reports(lambda: path.open("rb"), file_name=path.name, user=None,
                            as_upload=False)
    assert (result.ok, result.created, result.error_count) == (False, 0, 1)
    assert [(e.row, e.column) for e in result.errors] == [(6, "aware")]
    # The first two batches were written, then undone with their audit entries.
    assert Report.objects.count() == 0
    assert LogEntry.objects.filter(content_type__model="report").count() == 0
    assert AuditAction.objects.filter(action_type="facilities.report.imported").count() == 0


def test_it_finds_a_row_repeated_in_a_later_batch(tmp_path, users, six, small_batches):
    rows = [_report_row(tax=tax) for tax in TAXES[:3]] + [_report_row(tax=TAXES[0])]
    path = write_csv(tmp_path / "bc.csv", REP_HEADER, rows)
    result = import_reports(lambda: path.open("rb"), file_name=path.name, user=None,
                            as_upload=False)
    assert [(e.row, e.column, e.reason) for e in result.errors] == [
        (5, "year", "Cơ sở và năm này xuất hiện hai lần trong tệp.")]
    assert Report.objects.count() == 0


def test_it_stores_a_reports_change_and_outlier_warnings_together(tmp_path, users, six,
                                                                  small_batches):
    # 2016 water SEC of the six: 0,10 … 0,14 and 0,20 (peers of the last: median 0,12,
    # MAD 0,01, M = 0,6745 × 0,08 / 0,01 = 5,40); the last had 0,10 in 2015: +100 %.
    rows = [_report_row(tax=tax, water_m3=str(w))
            for tax, w in zip(TAXES, (100, 110, 120, 130, 140, 200), strict=True)]
    rows.append(_report_row(tax=TAXES[5], year="2015", water_m3="100"))
    path = write_csv(tmp_path / "bc.csv", REP_HEADER, rows)
    result = import_reports(lambda: path.open("rb"), file_name=path.name, user=None,
                            as_upload=False)
    assert (result.ok, result.created, result.warned) == (True, 7, 1)
    warned = {(r.facility.tax_code, r.year): r.quality_warnings
              for r in Report.objects.exclude(quality_warnings=[]).select_related("facility")}
    assert warned == {(TAXES[5], 2016): [
        {"code": "sec_change", "category": "water", "year": 2015, "change": "1.000"},
        {"code": "outlier", "category": "water", "score": "5.40", "peers": 5},
    ]}


def test_the_register_import_reads_a_workbook_only_once(tmp_path, users):
    path = write_xlsx(tmp_path / "cs.xlsx", FAC_HEADER, FACILITY_ROWS)
    open_source, opened = _counting(path)
    result = import_facilities(open_source, file_name=path.name, user=None, as_upload=False)
    assert (result.ok, result.rows, result.created, len(opened)) == (True, 2, 2, 1)


def test_the_register_import_undoes_its_first_batch_for_an_error_in_the_second(
        tmp_path, users, monkeypatch):
    monkeypatch.setattr(facilities_import, "BATCH", 1)
    path = write_csv(tmp_path / "cs.csv", FAC_HEADER,
                     [FACILITY_ROWS[0], [*FACILITY_ROWS[1][:5], "nhiều", *FACILITY_ROWS[1][6:]]])
    result = import_facilities(lambda: path.open("rb"), file_name=path.name, user=None,
                               as_upload=False)
    assert (result.ok, result.created) == (False, 0)
    assert [(e.row, e.column) for e in result.errors] == [(3, "employees")]
    assert not Facility.objects.filter(tax_code__in=[r[0] for r in FACILITY_ROWS]).exists()
