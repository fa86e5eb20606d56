"""The reports import asks the database the same number of times for every batch, however
many rows a batch holds: its lookups are batched, its writes bulk."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sxsh.facilities.interchange import reports_import
from sxsh.facilities.interchange.reports_import import import_reports

from .test_import_export import REP_HEADER, _report_row, write_csv

TAXES = [f"33002000{n:02d}" for n in range(1, 13)]


@pytest.fixture
def twelve(make_facility):
    return [make_facility(tax_code=tax, opened_year=2010) for tax in TAXES]


def _queries(tmp_path, monkeypatch, rows: int, batch: int) -> list[str]:
    monkeypatch.setattr(reports_import, "BATCH", batch)
    ContentType.objects.clear_cache()  # each import starts as the first of a process
    path = write_csv(tmp_path / f"q{rows}-{batch}.csv", REP_HEADER,
                     [_report_row(tax=tax) for tax in TAXES[:rows]])
    with CaptureQueriesContext(connection) as ctx:
        result = import_reports(lambda: path.open("rb"), file_name=path.name, user=None,
                                as_upload=False)
    assert (result.ok, result.created) == (True, rows)
    return [q["sql"] for q in ctx.captured_queries]


def test_it_asks_the_same_queries_whatever_the_rows_of_a_batch(tmp_path, users, twelve,
                                                                monkeypatch):
    # two batches either way: of 2 rows (4 rows) and of 6 rows (12 rows)
    small = _queries(tmp_path, monkeypatch, rows=4, batch=2)
    reports_import.Report.objects.all().delete()
    large = _queries(tmp_path, monkeypatch, rows=12, batch=6)
    assert len(large) == len(small)


def test_it_asks_a_fixed_number_of_queries_per_batch(tmp_path, users, twelve, monkeypatch):
    # Per batch of new rows: the facilities by tax code, the stored reports of the batch,
    # and the reports' insert (an executemany on SQLite, a COPY on PostgreSQL). Created
    # reports are audited by their import, once a file, not by entries of their own.
    per_batch = 3
    three = _queries(tmp_path, monkeypatch, rows=6, batch=2)
    reports_import.Report.objects.all().delete()
    six = _queries(tmp_path, monkeypatch, rows=12, batch=2)
    assert len(six) - len(three) == 3 * per_batch
