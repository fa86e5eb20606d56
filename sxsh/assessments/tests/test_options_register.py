"""The CP options register in and out (CSV, XLSX): all rows or none, upsert, audit, scope,
round trip, query counts."""

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from sxsh.assessments.interchange import (
    OPTION_COLUMNS,
    OPTION_EXPORT_COLUMNS,
    import_options,
    option_rows,
)
from sxsh.assessments.models import Assessment, Option
from sxsh.core.models import AuditAction

pytestmark = pytest.mark.django_db

HEADER = list(OPTION_COLUMNS)


def _row(**values) -> list[str]:
    row = {"tax_code": "3300000001", "assessment_kind": "quick", "assessment_ref": "ĐGN-2019-01",
           "assessment_started": "2019-03-04", "option_code": "O1",
           "category": "good_housekeeping", "description": "Sửa rò rỉ khí nén",
           "investment_mvnd": "100", "annual_saving_mvnd": "30", "life_years": "5",
           "discount_rate": "0.10", "status": "implemented", "implemented_on": "2019-06-01",
           "electricity_kwh_saved_yr": "100000", "fuel_toe_saved_yr": "",
           "water_m3_saved_yr": ""}
    row.update(values)
    return [row[c] for c in HEADER]


ROWS = [
    _row(),
    _row(option_code="O2", category="equipment_modification", description="Biến tần cho quạt",
         investment_mvnd="210", annual_saving_mvnd="121", life_years="2", status="study",
         implemented_on="", electricity_kwh_saved_yr=""),
    _row(tax_code="3300000002", assessment_kind="detailed", assessment_ref="ĐGCT-2018-02",
         assessment_started="2018-05-10", option_code="A", category="onsite_recovery",
         description="Thu hồi nước ngưng", investment_mvnd="0", annual_saving_mvnd="12.5",
         life_years="", discount_rate="", status="verified", implemented_on="2018-11-30",
         electricity_kwh_saved_yr="", water_m3_saved_yr="2400"),
]


def write_csv(path: Path, rows, header=HEADER) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _import(path: Path, user=None, as_upload=False):
    return import_options(lambda: path.open("rb"), file_name=path.name, user=user,
                          as_upload=as_upload)


@pytest.fixture
def two_facilities(make_facility):
    return (make_facility(tax_code="3300000001", name="Công ty Bia A"),
            make_facility(tax_code="3300000002", name="Xưởng dệt B"))


def test_it_imports_options_and_creates_their_assessments(tmp_path, two_facilities):
    result = _import(write_csv(tmp_path / "pa.csv", ROWS))
    assert (result.ok, result.rows, result.created, result.updated) == (True, 3, 3, 0)
    quick, detailed = (Assessment.objects.get(reference="ĐGN-2019-01"),
                       Assessment.objects.get(reference="ĐGCT-2018-02"))
    assert (quick.facility, quick.kind, quick.started_on) == (
        two_facilities[0], "quick", dt.date(2019, 3, 4))
    assert (detailed.facility, detailed.kind, detailed.consultant_agency) == (
        two_facilities[1], "detailed", None)
    o1 = Option.objects.get(assessment=quick, code="O1")
    assert (o1.investment_mvnd, o1.annual_saving_mvnd, o1.life_years, o1.discount_rate,
            o1.status, o1.implemented_on, o1.electricity_kwh_saved_yr) == (
        Decimal("100"), Decimal("30"), 5, Decimal("0.1"), "implemented", dt.date(2019, 6, 1),
        Decimal("100000"))
    a = Option.objects.get(assessment=detailed, code="A")
    assert (a.life_years, a.discount_rate, a.water_m3_saved_yr, a.fuel_toe_saved_yr) == (
        None, None, Decimal("2400"), None)
    # the steps taken: two assessments started, O1 implemented, O2 screened, A verified
    assert sorted(AuditAction.objects.values_list("action_type", flat=True)) == [
        "assessments.assessment.started", "assessments.assessment.started",
        "assessments.option.implemented", "assessments.option.screened",
        "assessments.option.verified"]


def test_importing_the_same_file_again_changes_nothing(tmp_path, two_facilities):
    path = write_csv(tmp_path / "pa.csv", ROWS)
    _import(path)
    entries, actions = LogEntry.objects.count(), AuditAction.objects.count()
    result = _import(path)
    assert (result.ok, result.created, result.updated, result.unchanged) == (True, 0, 0, 3)
    assert (LogEntry.objects.count(), AuditAction.objects.count()) == (entries, actions)


def test_a_changed_row_updates_its_option_with_a_diff_and_a_status_step(tmp_path, two_facilities,
                                                                       users):
    _import(write_csv(tmp_path / "pa.csv", ROWS))
    changed = [ROWS[0], _row(option_code="O2", category="equipment_modification",
                             description="Biến tần cho quạt", investment_mvnd="210",
                             annual_saving_mvnd="130", life_years="2",
                             implemented_on="2020-02-01", electricity_kwh_saved_yr="")]
    path = write_csv(tmp_path / "pa2.csv", changed)
    call_command("import-options", str(path), "--user", "canbo", stdout=io.StringIO())
    o2 = Option.objects.get(code="O2")
    assert (o2.annual_saving_mvnd, o2.status, o2.implemented_on) == (
        Decimal("130"), "implemented", dt.date(2020, 2, 1))
    entry = LogEntry.objects.filter(object_pk=str(o2.pk)).latest("timestamp")
    assert entry.actor == users["canbo"]
    assert entry.changes["annual_saving_mvnd"] == ["121.000", "130.000"]
    assert entry.changes["status"] == ["study", "implemented"]
    step = AuditAction.objects.filter(object_pk=str(o2.pk)).latest("pk")
    assert (step.action_type, step.data, step.actor) == (
        "assessments.option.implemented",
        {"from": "study", "to": "implemented", "file": "pa2.csv"}, users["canbo"])


def test_it_writes_nothing_when_a_row_is_wrong_and_names_each_error(tmp_path, two_facilities):
    rows = [
        ROWS[0],
        _row(tax_code="3300009999", option_code="X1"),                  # row 3
        _row(option_code="O3", status="proposed"),                      # row 4: a date, not done
        _row(option_code="O4", assessment_kind="detailed"),             # row 5: kind differs
        _row(option_code="O1"),                                         # row 6: twice
        _row(option_code="O5", investment_mvnd="-5", category="magic"),  # row 7
        _row(option_code="O6", annual_saving_mvnd="1,500"),  # row 8: 1500 or 1.5?
        _row(option_code="O7", implemented_on="2099-01-01"),            # row 9: future
        _row(option_code="O8", implemented_on="2019-02-28"),            # row 10: before start
        _row(option_code="O9", discount_rate="1.5", life_years="0"),    # row 11
    ]
    path = write_csv(tmp_path / "sai.csv", rows)
    result = _import(path)
    assert not result.ok
    assert [(e.file, e.row, e.column, e.value) for e in result.errors] == [
        ("sai.csv", 3, "tax_code", "3300009999"),
        ("sai.csv", 4, "implemented_on", "2019-06-01"),
        ("sai.csv", 5, "assessment_kind", "detailed"),
        ("sai.csv", 6, "option_code", "O1"),
        ("sai.csv", 7, "investment_mvnd", "-5"),
        ("sai.csv", 7, "category", "magic"),
        ("sai.csv", 8, "annual_saving_mvnd", "1,500"),
        ("sai.csv", 9, "implemented_on", "2099-01-01"),
        ("sai.csv", 10, "implemented_on", "2019-02-28"),
        ("sai.csv", 11, "life_years", "0"),
        ("sai.csv", 11, "discount_rate", "1.5"),
    ]
    assert (Assessment.objects.count(), Option.objects.count(), AuditAction.objects.count()) \
        == (0, 0, 0)
    assert "sai.csv" in str(result.errors[0]) and "3300009999" in str(result.errors[0])


def test_a_kind_or_start_differing_from_the_register_is_a_row_error(tmp_path, two_facilities,
                                                                      make_assessment):
    make_assessment(two_facilities[0], reference="ĐGN-2019-01", kind="quick",
                    started_on=dt.date(2019, 3, 1))
    result = _import(write_csv(tmp_path / "pa.csv", [ROWS[0]]))
    assert [(e.row, e.column, e.value) for e in result.errors] == [
        (2, "assessment_started", "2019-03-04")]


def test_the_command_names_the_errors_and_imports_nothing(tmp_path, two_facilities):
    path = write_csv(tmp_path / "pa.csv", [_row(category="")])
    err = io.StringIO()
    with pytest.raises(CommandError, match="1"):
        call_command("import-options", str(path), stdout=io.StringIO(), stderr=err)
    assert "pa.csv" in err.getvalue() and "category" in err.getvalue()
    with pytest.raises(CommandError):
        call_command("import-options", str(path), "--user", "nobody", stdout=io.StringIO())


def test_an_upload_takes_the_users_rights_and_scope(tmp_path, two_facilities, users, centre,
                                                    other_agency, make_assessment):
    # the consultant serves facility 1 (an assessment of its agency); facility 2 has only
    # another agency's assessment, which the consultant may neither see nor change
    make_assessment(two_facilities[0], reference="ĐGN-2019-01", started_on=dt.date(2019, 3, 4))
    make_assessment(two_facilities[1], reference="ĐGCT-2018-02", kind="detailed",
                    started_on=dt.date(2018, 5, 10), agency=other_agency)
    path = write_csv(tmp_path / "pa.csv", ROWS)
    result = _import(path, users["tuvan"], as_upload=True)
    assert [(e.row, e.column) for e in result.errors] == [(4, "tax_code")]
    ok = _import(write_csv(tmp_path / "ok.csv", [ROWS[0], _row(assessment_ref="ĐGN-2020-07",
                                                               assessment_started="2020-01-06",
                                                               implemented_on="2020-03-01")]),
                 users["tuvan"], as_upload=True)
    assert (ok.ok, ok.created) == (True, 2)
    new = Assessment.objects.get(reference="ĐGN-2020-07")
    assert (new.consultant_agency, new.consultant) == (centre, users["tuvan"])
    with pytest.raises(PermissionDenied):
        _import(path, users["doanhnghiep"], as_upload=True)


def test_a_consultant_may_not_change_another_agencys_assessment_it_can_see(
        tmp_path, two_facilities, users, centre, other_agency, make_assessment):
    # facility 1 is served by the centre (its assessment), and has another agency's too
    make_assessment(two_facilities[0], reference="ĐGN-2019-00", started_on=dt.date(2019, 1, 2))
    make_assessment(two_facilities[0], reference="ĐGN-2019-01", started_on=dt.date(2019, 3, 4),
                    agency=other_agency)
    result = _import(write_csv(tmp_path / "pa.csv", [ROWS[0]]), users["tuvan"],
                     as_upload=True)
    assert [(e.row, e.column) for e in result.errors] == [(2, "assessment_ref")]


def _export(tmp_path: Path, fmt: str, name: str) -> Path:
    out = tmp_path / f"{name}.{fmt}"
    call_command("export-options", "--format", fmt, "--output", str(out))
    return out


def test_the_export_adds_the_computed_figures(tmp_path, two_facilities):
    """O1: investment 100, saving 30, 5 years at 10 %, 100 MWh implemented in 2019:
    payback 3,3333, NPV 13,724, IRR 0,1524, CO₂e 100 × 0,8458 = 84,58 t (test_feasibility).
    O2: 210, 121 over 2 years at 10 %: NPV 0, IRR 0,1 exactly; no electricity: no CO₂e.
    A: nothing invested: payback 0, no NPV (no life), no IRR."""
    _import(write_csv(tmp_path / "pa.csv", ROWS))
    text = _export(tmp_path, "csv", "out").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == list(OPTION_EXPORT_COLUMNS)
    figures = [(r["option_code"], r["payback_years"], r["npv_mvnd"], r["irr"], r["co2e_t_yr"])
               for r in rows]
    assert figures == [("O1", "3.3333", "13.724", "0.1524", "84.58"),
                       ("O2", "1.7355", "0", "0.1", ""),
                       ("A", "0", "", "", "")]
    assert rows[0]["implemented_on"] == "2019-06-01"
    assert rows[1]["implemented_on"] == ""


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_imports_back_without_changing_anything(tmp_path, two_facilities, fmt):
    _import(write_csv(tmp_path / "pa.csv", ROWS))
    first = _export(tmp_path, fmt, "first")
    entries, actions = LogEntry.objects.count(), AuditAction.objects.count()
    result = _import(first)
    assert (result.ok, result.rows, result.created, result.updated, result.unchanged) == (
        True, 3, 0, 0, 3)
    assert (LogEntry.objects.count(), AuditAction.objects.count()) == (entries, actions)
    if fmt == "csv":
        assert _export(tmp_path, fmt, "second").read_bytes() == first.read_bytes()
        assert first.read_bytes().startswith(b"\xef\xbb\xbf")


def test_a_description_that_looks_like_a_formula_goes_out_as_text_and_back(tmp_path,
                                                                          two_facilities):
    _import(write_csv(tmp_path / "pa.csv", [_row(description="=HYPERLINK(\"x\")")]))
    out = _export(tmp_path, "csv", "out")
    assert "'=HYPERLINK" in out.read_text(encoding="utf-8-sig")
    Option.objects.all().delete()
    assert _import(out).created == 1
    assert Option.objects.get().description == "=HYPERLINK(\"x\")"


def test_the_template_holds_the_columns_and_their_labels(tmp_path):
    out = tmp_path / "mau.csv"
    call_command("export-options", "--template", "--output", str(out))
    header, labels = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert header == HEADER
    assert len(labels) == 16 and labels[0] != "tax_code"


def _many_rows(n: int) -> list[list[str]]:
    return [_row(tax_code=f"330000000{1 + i % 2}", assessment_ref=f"REF-{i % 3}",
                 option_code=f"O{i}") for i in range(n)]


def test_the_import_and_export_take_as_many_queries_for_many_rows_as_for_few(
        tmp_path, two_facilities, django_assert_num_queries):
    few, many = (write_csv(tmp_path / "few.csv", _many_rows(2)),
                 write_csv(tmp_path / "many.csv", _many_rows(12)))
    # The content types cached whatever test ran before on this worker.
    ContentType.objects.get_for_models(Assessment, Option)
    # read facilities, assessments and implemented options; in the transaction: create the
    # assessments, log
    # them (content type, diffs, actions), read the options, create them, log them
    # (content type cached: diffs, actions); savepoint and release
    with django_assert_num_queries(12):
        assert _import(few).created == 2
    Option.objects.all().delete()
    Assessment.objects.all().delete()
    with django_assert_num_queries(12):
        assert _import(many).created == 12
    # the grid factors and the options
    with django_assert_num_queries(2):
        assert len(list(option_rows(Option.objects.all()))) == 12


def test_a_file_does_not_send_an_implemented_option_back_to_an_earlier_status(
        tmp_path, two_facilities):
    done = write_csv(tmp_path / "done.csv", [_row(status="implemented",
                                                  implemented_on="2019-07-01")])
    assert _import(done).ok
    back = write_csv(tmp_path / "back.csv", [_row(status="proposed", implemented_on="")])
    result = _import(back)
    assert [(e.row, e.column, e.value) for e in result.errors] == [(2, "status", "proposed")]
    assert Option.objects.get().status == Option.Status.IMPLEMENTED
