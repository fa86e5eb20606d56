"""The audit of a reports import: one action for the import (who, which file and its digest,
when, how many rows), which every report it creates points at; a report it changes keeps
its field diff, naming the import. The report's page says which import created it."""

import hashlib

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.utils.html import escape

from sxsh.core.models import AuditAction
from sxsh.facilities.interchange.reports_import import import_reports
from sxsh.facilities.models import ImportBatch, Report

from .test_import_export import REP_HEADER, _report_row, write_csv

pytestmark = pytest.mark.django_db


def _import(path, user):
    return import_reports(lambda: path.open("rb"), file_name=path.name, user=user,
                          as_upload=False)


def test_it_audits_an_import_once_and_points_each_created_report_at_it(tmp_path, users,
                                                                       make_facility):
    make_facility(tax_code="3300100001", opened_year=2010)
    path = write_csv(tmp_path / "bc.csv", REP_HEADER, [_report_row(), _report_row(year="2017")])
    result = _import(path, users["canbo"])
    assert (result.ok, result.created) == (True, 2)

    batch = ImportBatch.objects.get()
    assert (batch.kind, batch.file_name, batch.user, batch.rows, batch.created,
            batch.updated) == ("reports", "bc.csv", users["canbo"], 2, 2, 0)
    assert list(Report.objects.order_by("year").values_list("year", "import_batch")) == [
        (2016, batch.pk), (2017, batch.pk)]
    step = AuditAction.objects.get()
    assert (step.action_type, step.object_pk, step.actor) == (
        "facilities.import.reports", str(batch.pk), users["canbo"])
    assert step.data == {"import": batch.pk, "file": "bc.csv",
                         "digest": hashlib.sha256(path.read_bytes()).hexdigest(),
                         "rows": 2, "created": 2, "updated": 0}
    # a created report's values are its row: no diff of its own
    assert not LogEntry.objects.filter(content_type__model="report").exists()


def test_the_report_page_says_which_import_of_which_file_by_whom_created_it(tmp_path, users,
                                                                           make_facility):
    facility = make_facility(tax_code="3300100001", opened_year=2010)
    path = write_csv(tmp_path / "so-lieu-2016.csv", REP_HEADER, [_report_row()])
    _import(path, users["canbo"])
    batch = ImportBatch.objects.get()
    step = AuditAction.objects.get()

    client = Client()
    client.force_login(users["canbo"])
    body = client.get(f"/facilities/{facility.pk}/reports/2016/").content.decode()

    history = body[body.index("Lịch sử"):]
    assert "Nhập báo cáo hằng năm từ tệp" in history
    assert f"Lần nhập số {batch.pk} của tệp “so-lieu-2016.csv”" in history
    assert escape(str(users["canbo"])) in history
    assert step.timestamp.astimezone().strftime("%d/%m/%Y") in history


def test_a_reimport_that_changes_a_figure_keeps_its_diff_naming_the_import(tmp_path, users,
                                                                          make_facility):
    make_facility(tax_code="3300100001", opened_year=2010)
    path = write_csv(tmp_path / "bc.csv", REP_HEADER, [_report_row(), _report_row(year="2017")])
    _import(path, None)
    first = ImportBatch.objects.get()
    write_csv(path, REP_HEADER, [_report_row(), _report_row(year="2017", water_m3="4000")])
    result = _import(path, users["canbo"])
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)

    second = ImportBatch.objects.exclude(pk=first.pk).get()
    assert (second.rows, second.created, second.updated) == (2, 0, 1)
    # the report still names the import that created it; the change is its diff
    assert set(Report.objects.values_list("import_batch", flat=True)) == {first.pk}
    entry = LogEntry.objects.get(content_type__model="report")
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.changes_dict["water_m3"] == ["5000.000", "4000.000"]
    assert entry.additional_data == {"file": "bc.csv", "import": second.pk}
    assert entry.actor == users["canbo"]


def test_an_import_with_a_wrong_row_leaves_no_import_nor_action(tmp_path, users,
                                                               make_facility):
    make_facility(tax_code="3300100001", opened_year=2010)
    path = write_csv(tmp_path / "bc.csv", REP_HEADER,
                     [_report_row(), _report_row(year="2017", aware="x")])
    result = _import(path, users["canbo"])
    assert (result.ok, result.created) == (False, 0)
    assert not ImportBatch.objects.exists()
    assert not AuditAction.objects.exists()
    assert not Report.objects.exists()


def test_reimporting_the_same_file_makes_no_import_record(tmp_path, users, make_facility):
    make_facility(tax_code="3300100001", opened_year=2010)
    path = write_csv(tmp_path / "bc.csv", REP_HEADER, [_report_row()])
    _import(path, None)
    result = _import(path, users["canbo"])
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    assert ImportBatch.objects.count() == AuditAction.objects.count() == 1
