"""The reports' summary (``engine/summary.py``) is kept by the database on every write path.

Rows are (facility, provisional, year, next_year, is_first, aware, staff, applied, paired,
base_year, saving_energy, saving_raw, saving_aux, saving_water), worked out from the table of
``conftest.py``.
"""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from sxsh.core.bulk import insert_rows, update_rows
from sxsh.facilities.models import Facility, Report
from sxsh.facilities.services import report_accept, report_return
from sxsh.indicators import dated
from sxsh.indicators.engine import Scope, compute_year, summary


def rows_of(facility: Facility, provisional: int = 0) -> list[tuple]:
    return [row for row in summary.rows()
            if row[0] == facility.pk and row[1] == provisional]


def assert_current() -> None:
    assert summary.rows() == summary.fresh_rows()


def figures(year: int, provisional: bool = False) -> dict[str, tuple]:
    results = compute_year(Scope(provisional=provisional), year)
    return {code: (results[code].numerator, results[code].denominator)
            for code in ("I1", "I2", "I3", "I4")}


def test_it_holds_each_counted_report_with_its_flags_and_savings(facilities):
    a = facilities["A"]
    (first, second) = rows_of(a)
    assert first == (a.pk, 0, 2016, 2018, 1, 0, 1, 1, 0, None, None, None, None, None)
    assert second[:10] == (a.pk, 0, 2018, 9999, 0, 1, 1, 1, 1, 2016)
    # 1 − (9/100)/(10/100), 1 − (48/100)/(50/100), 1 − (5/100)/(5/100), 1 − (150/100)/(200/100)
    assert second[10:] == pytest.approx((0.10, 0.04, 0.0, 0.25))
    # C 2018 against its stated baseline 2017: 1 − (5/50)/(10/100), 1 − (46/50)/(100/100)
    c2018 = rows_of(facilities["C"])[2]
    assert c2018[2:10] == (2018, 9999, 0, 1, 1, 1, 1, 2017)
    assert c2018[10:12] == pytest.approx((0.0, 0.08))
    # J 2018: its baseline's production is 0, no pair
    assert rows_of(facilities["J"])[1][8:] == (0, None, None, None, None, None)
    # D's submitted 2017 report counts only provisionally; its draft never
    assert rows_of(facilities["D"]) == []
    assert [row[2:5] for row in rows_of(facilities["D"], 1)] == [(2017, 9999, 1)]
    assert_current()


def test_it_follows_the_review_services(facilities, users):
    d = facilities["D"]
    report_accept(report=Report.objects.get(facility=d, year=2017), user=users["canbo"])
    assert [row[2:9] for row in rows_of(d)] == [(2017, 9999, 1, 1, 1, 1, 0)]
    assert_current()
    g2018 = Report.objects.get(facility=facilities["G"], year=2018)
    Report.objects.filter(pk=g2018.pk).update(status=Report.Status.SUBMITTED)
    assert [row[2:4] for row in rows_of(facilities["G"], 1)] == [(2016, 2018), (2018, 9999)]
    report_return(report=g2018, user=users["canbo"], comment="Thiếu sản lượng")
    assert [row[2:4] for row in rows_of(facilities["G"], 1)] == [(2016, 9999)]
    assert_current()


def test_it_follows_the_bulk_writes_of_the_imports(facilities):
    a, b, now = facilities["A"], facilities["B"], timezone.now()
    # The import writer's insert (COPY on PostgreSQL): A's 2017 report comes between.
    insert_rows(Report, [{"facility_id": a.pk, "year": 2017, "status": "accepted",
                          "aware": True, "production": Decimal(100), "energy_toe": Decimal(8),
                          "source": "import", "created_at": now, "updated_at": now}])
    assert [row[2:5] for row in rows_of(a)] == [(2016, 2017, 1), (2017, 2018, 0),
                                                 (2018, 9999, 0)]
    # 2017 is aware, so A is aware from 2017; 1 − (8/100)/(10/100) = 20 %
    assert rows_of(a)[1][5] == 1 and rows_of(a)[1][10] == pytest.approx(0.2)
    # The import writer's update of a field of existing reports
    update_rows(Report, "status", [(Report.objects.get(facility=b, year=2016).pk, "draft")])
    assert [row[2:5] for row in rows_of(b)] == [(2017, 9999, 1)]
    Report.objects.bulk_create([Report(facility=b, year=2019, status="accepted",
                                       cp_applied=True, source="import")])
    assert [row[2:4] for row in rows_of(b)] == [(2017, 2019), (2019, 9999)]
    assert_current()


def test_it_follows_deletes_of_reports_and_facilities(facilities):
    c = facilities["C"]
    Report.objects.filter(facility=c, year=2016).delete()
    # C 2017 is now the first; 2018 keeps its stated baseline 2017
    assert [row[2:5] for row in rows_of(c)] == [(2017, 2018, 1), (2018, 9999, 0)]
    facilities["A"].delete()
    assert rows_of(facilities["A"]) == []
    assert_current()


def test_it_is_rebuilt_by_the_command(facilities):
    expected = summary.rows()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {summary.TABLE}")
    assert summary.rows() == []
    out = io.StringIO()
    call_command("indicators", "--rebuild-summary", stdout=out)
    assert out.getvalue() == (f"Đã tính lại bảng tóm tắt báo cáo: {len(expected)} dòng.\n")
    assert summary.rows() == expected


def test_the_engine_figures_follow_a_write_at_once(facilities, users):
    # P(2018) = A B C D G H J (E closes in 2018, F opens in 2019) = 7; aware by an
    # accepted report up to 2018: A (2018), B (2016), C = 3; D's 2017 report is submitted
    assert figures(2018)["I1"] == (3, 7)
    report_accept(report=Report.objects.get(facility=facilities["D"], year=2017),
                  user=users["canbo"])
    assert figures(2018)["I1"] == (4, 7)
    Report.objects.filter(facility=facilities["A"], year=2018).delete()
    # A's latest report by 2018 is now 2016 (not aware), and its 2018 pair is gone: of
    # the pairs of C (aux 1 − (4/50)/(10/100) = 20 %) and H (energy 0 %) only C's reaches 8 %
    assert figures(2018)["I1"] == (3, 7)
    assert figures(2018)["I4"] == (1, 2)


def test_the_command_without_a_year_or_a_rebuild_says_what_to_give(db):
    with pytest.raises(CommandError, match="^Hãy nhập --year, hoặc --rebuild-summary.$"):
        call_command("indicators")


def test_a_deferred_bulk_write_recomputes_the_facilities_it_touched_at_its_end(facilities):
    from django.db import transaction

    a, b, now = facilities["A"], facilities["B"], timezone.now()
    before_b = rows_of(b)
    with transaction.atomic(), summary.deferred():
        insert_rows(Report, [{"facility_id": a.pk, "year": 2017, "status": "accepted",
                              "aware": True, "production": Decimal(100),
                              "energy_toe": Decimal(8), "source": "import",
                              "created_at": now, "updated_at": now}])
        update_rows(Report, "status",
                    [(Report.objects.get(facility=b, year=2016).pk, "draft")])
        if connection.vendor == "sqlite":  # noted, not yet recomputed
            assert [row[2:5] for row in rows_of(a)] == [(2016, 2018, 1), (2018, 9999, 0)]
            assert rows_of(b) == before_b
    # at the end, the same rows as the triggers give one write at a time
    assert [row[2:5] for row in rows_of(a)] == [(2016, 2017, 1), (2017, 2018, 0),
                                                 (2018, 9999, 0)]
    assert [row[2:5] for row in rows_of(b)] == [(2017, 9999, 1)]
    assert_current()
    # and the triggers run one write at a time again
    Report.objects.filter(facility=b, year=2017).delete()
    assert rows_of(b) == []
    assert_current()


def test_a_deferred_write_that_fails_leaves_the_reports_and_the_summary_as_they_were(
        facilities):
    from django.db import transaction

    a, now = facilities["A"], timezone.now()
    before = summary.rows()
    with pytest.raises(ZeroDivisionError), transaction.atomic(), summary.deferred():
        insert_rows(Report, [{"facility_id": a.pk, "year": 2017, "status": "accepted",
                              "source": "import", "created_at": now, "updated_at": now}])
        1 / 0  # noqa: B018 - an import stopping half-way
    assert summary.rows() == before
    assert not Report.objects.filter(facility=a, year=2017).exists()
    Report.objects.filter(facility=a, year=2016).delete()  # the triggers are not deferred
    assert_current()


def test_an_import_of_a_file_leaves_the_summary_current(facilities, users):
    from sxsh.facilities.interchange.columns import REPORT_COLUMNS
    from sxsh.facilities.interchange.reports_import import import_reports

    a = facilities["A"]
    values = {"tax_code": a.tax_code, "year": "2017", "aware": "1", "cp_staff": "0",
              "cp_applied": "0", "production": "100", "product_unit": "tấn",
              "electricity_kwh": "1000"}
    data = (",".join(REPORT_COLUMNS) + "\n"
            + ",".join(values.get(c, "") for c in REPORT_COLUMNS) + "\n").encode()
    result = import_reports(lambda: io.BytesIO(data), file_name="bc.csv", user=None,
                            as_upload=False)
    assert result.ok, result.errors
    assert Report.objects.filter(facility=a, year=2017).exists()
    assert_current()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner's statistics")
def test_an_import_into_reports_the_planner_believes_empty_analyzes_them_first(facilities,
                                                                              users):
    from sxsh.facilities.interchange.columns import REPORT_COLUMNS
    from sxsh.facilities.interchange.reports_import import import_reports

    def estimated() -> float:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass",
                           [summary.REPORTS])
            return cursor.fetchone()[0]

    # emptied by DELETE, then analysed: no rows in its pages, as far as the planner knows
    Report.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {summary.REPORTS}")
    assert estimated() == 0
    a, b = facilities["A"], facilities["B"]
    lines = [",".join(REPORT_COLUMNS)] + [
        ",".join({"tax_code": f.tax_code, "year": "2017", "aware": "1", "cp_staff": "0",
                  "cp_applied": "0", "production": "100", "product_unit": "tấn",
                  "electricity_kwh": "1000"}.get(c, "") for c in REPORT_COLUMNS)
        for f in (a, b)]
    data = ("\n".join(lines) + "\n").encode()
    result = import_reports(lambda: io.BytesIO(data), file_name="bc.csv", user=None,
                            as_upload=False)
    assert (result.ok, result.created) == (True, 2), result.errors
    # analysed inside the import, its two rows counted
    assert estimated() == 2
    assert_current()
    # once the estimate holds the rows written, nothing more
    assert summary.analyze_if_underestimated(2) is False
    assert summary.analyze_if_underestimated(3) is True


#: The migrations that name the tables whose writes bump the inputs' version.
INPUT_MIGRATIONS = ["sxsh.indicators.migrations.0001_inputs_version",
                    "sxsh.indicators.migrations.0002_portal_inputs",
                    "sxsh.indicators.migrations.0003_portal_content_inputs",
                    "sxsh.portal.migrations.0002_gallery"]


def triggers_expected() -> set[tuple[str, str]]:
    """(table, trigger) of every trigger that keeps the summary, the inputs' version and the
    writes noted by year (``dated``)."""
    from importlib import import_module

    postgres = connection.vendor == "postgresql"
    operations = ["insert", "update", "delete"]
    expected = {(summary.REPORTS, f"{summary.FUNCTION_PREFIX}_{operation}")
                for operation in operations + (["truncate"] if postgres else [])}
    versioning = import_module(INPUT_MIGRATIONS[0])
    for module in INPUT_MIGRATIONS:
        for table in import_module(module).INPUTS:
            expected |= ({(table, versioning.trigger_name(table))} if postgres else
                         {(table, versioning.trigger_name(table, op)) for op in operations})
    return expected | dated.trigger_names(connection.vendor)


def test_every_trigger_of_the_summary_and_the_inputs_version_survives_the_migrations(db):
    """On SQLite a later migration that alters one of these tables in a way SQLite cannot
    (most field changes) makes the table anew and drops its triggers without a word: the
    figures would then go stale on every write. Such a migration must install them again
    (``summary.install``, ``create_triggers``); this test says when one forgot."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c "
                           "ON c.oid = t.tgrelid WHERE NOT t.tgisinternal")
        else:
            cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
        present = set(cursor.fetchall())
    # 19 tables of 0001, 1 of 0002, 7 of 0003, the 2 galleries'; 5 dated tables × 3
    assert len(triggers_expected()) == (4 + 29 + 15 if connection.vendor == "postgresql"
                                        else 3 + 3 * 29 + 15)
    assert triggers_expected() - present == set()
