"""The activities and attendance files: import all rows or none, upsert, export, round trips."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError

from sxsh.activities.interchange import import_activities, import_attendance
from sxsh.activities.models import Activity, Attendance
from sxsh.plans.models import BudgetLine, Plan, Task

from .conftest import ACTIVITY_HEADER, ATTENDANCE_HEADER, csv_file, opener

pytestmark = pytest.mark.django_db

ACTIVITIES = csv_file(
    ACTIVITY_HEADER,
    "TH-2018-01,training,1.3,1.3,2018-05-03,Tập huấn SXSH,Huế,Sở Công Thương,,40,",
    "HT-2017-01,study_tour,3.2,3.1,15/09/2017,Học tập kinh nghiệm,Hà Nội,,,80,",
    "SH-2018-01,guide,2.1,2.1,2018-11-20,Sổ tay SXSH ngành dệt may,,,15,15,0",
)


def test_it_imports_activities_resolving_task_and_line_in_the_plan_of_their_year(seed_plan):
    result = import_activities(opener(ACTIVITIES), file_name="hd.csv", user=None,
                               as_upload=False)
    assert (result.ok, result.rows, result.created) == (True, 3, 3)
    tour = Activity.objects.get(code="HT-2017-01")
    # Appendix II numbers the study tours' line 3.1; it pays for task 3.2 of Appendix I.
    assert (tour.task.code, tour.budget_line.code, tour.date) == ("3.2", "3.1",
                                                                  dt.date(2017, 9, 15))
    assert (tour.cost_central_mvnd, tour.cost_local_mvnd, tour.cost_enterprise_mvnd) == (
        Decimal("0"), Decimal("80"), Decimal("0"))
    guide = Activity.objects.get(code="SH-2018-01")
    assert guide.task.plan == seed_plan and guide.cost_total_mvnd == Decimal("30")


def test_a_second_import_of_the_same_file_changes_nothing(seed_plan):
    import_activities(opener(ACTIVITIES), file_name="hd.csv", user=None, as_upload=False)
    entries = LogEntry.objects.count()
    again = import_activities(opener(ACTIVITIES), file_name="hd.csv", user=None,
                              as_upload=False)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert LogEntry.objects.count() == entries


def test_it_upserts_by_code_and_audits_the_change(seed_plan):
    import_activities(opener(ACTIVITIES), file_name="hd.csv", user=None, as_upload=False)
    changed = csv_file(ACTIVITY_HEADER,
                       "TH-2018-01,training,1.3,1.3,2018-05-04,Tập huấn SXSH,Huế,"
                       "Sở Công Thương,,42.5,")
    result = import_activities(opener(changed), file_name="hd2.csv", user=None,
                               as_upload=False)
    assert (result.created, result.updated) == (0, 1)
    activity = Activity.objects.get(code="TH-2018-01")
    assert (activity.date, activity.cost_local_mvnd) == (dt.date(2018, 5, 4), Decimal("42.5"))
    entry = LogEntry.objects.filter(object_pk=str(activity.pk), content_type__model="activity",
                                    action=LogEntry.Action.UPDATE).get()
    assert entry.changes == {"date": ["2018-05-03", "2018-05-04"],
                             "cost_local_mvnd": ["40.000", "42.500"]}


def test_a_wrong_row_imports_nothing_and_each_error_names_row_column_value_and_reason(
        seed_plan):
    wrong = csv_file(
        ACTIVITY_HEADER,
        "TH-2018-01,training,1.3,1.3,2018-05-03,Tập huấn,,,,40,",
        "X-1,seminar,1.3,1.3,2018-05-03,Hội thảo,,,,40,",
        "X-2,workshop,9.9,1.3,2018-05-03,Hội thảo,,,,-5,",
        "X-3,media,1.1,1.3,2018-05-03,Phóng sự,,,,,",
        "X-4,media,1.1,1.1,2015-05-03,Phóng sự,,,,,",
        "X-5,media,1.1,1.1,31/02/2018,Phóng sự,,,,1,5",
    )
    result = import_activities(opener(wrong), file_name="sai.csv", user=None,
                               as_upload=False)
    assert Activity.objects.count() == 0
    assert [(e.row, e.column, e.value) for e in result.errors] == [
        (3, "kind", "seminar"),
        (4, "cost_local_mvnd", "-5"),
        (4, "task_code", "9.9"),
        (5, "budget_line_code", "1.3"),
        (6, "date", "2015-05-03"),
        (7, "date", "31/02/2018"),
    ]
    assert str(result.errors[3]) == (
        "sai.csv, dòng 5, cột budget_line_code, giá trị “1.3”: Dòng kinh phí này chi cho "
        "một nhiệm vụ khác của kế hoạch.")
    assert str(result.errors[4]).endswith("Không có kế hoạch nào bao trùm năm 2015.")


def test_a_year_two_plans_cover_with_the_same_codes_is_refused_as_ambiguous(seed_plan):
    other = Plan.objects.create(code="kh-bo-sung", number="99/KH-UBND", title="Bổ sung",
                                issuer=seed_plan.issuer, province=seed_plan.province,
                                issued_on="2018-01-02",
                                start_year=2018, end_year=2019)
    group = other.task_groups.create(code="1", title="Nhóm 1")
    task = Task.objects.create(plan=other, group=group, code="1.3", content="Tập huấn",
                               start_year=2018, end_year=2019)
    BudgetLine.objects.create(plan=other, group=group, task=task, code="1.3",
                              content="Tập huấn")
    result = import_activities(opener(ACTIVITIES), file_name="hd.csv", user=None,
                               as_upload=False)
    # 2018 is covered by both plans, which both have task and line 1.3 (row 2); the guide
    # (task 2.1, only in 157/KH-UBND) and the 2017 study tour are not ambiguous.
    assert [(e.row, e.column) for e in result.errors] == [(2, "task_code")]
    assert "157/KH-UBND, 99/KH-UBND" in result.errors[0].reason
    assert Activity.objects.count() == 0


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_of_activities_changes_nothing(seed_plan, tmp_path, fmt):
    import_activities(opener(ACTIVITIES), file_name="hd.csv", user=None, as_upload=False)
    path = tmp_path / f"hd.{fmt}"
    call_command("export-activities", format=fmt, output=str(path))
    entries = LogEntry.objects.count()
    result = import_activities(lambda: path.open("rb"), file_name=path.name, user=None,
                               as_upload=False)
    assert (result.ok, result.rows, result.unchanged) == (True, 3, 3)
    assert LogEntry.objects.count() == entries


def test_the_export_writes_the_columns_of_the_contract_in_order(seed_plan):
    import_activities(opener(ACTIVITIES), file_name="hd.csv", user=None, as_upload=False)
    out = io.StringIO()
    call_command("export-activities", stdout=out)
    assert out.getvalue().splitlines() == [
        "\ufeff" + ACTIVITY_HEADER,
        "HT-2017-01,study_tour,3.2,3.1,2017-09-15,Học tập kinh nghiệm,Hà Nội,,0,80,0",
        "TH-2018-01,training,1.3,1.3,2018-05-03,Tập huấn SXSH,Huế,Sở Công Thương,0,40,0",
        "SH-2018-01,guide,2.1,2.1,2018-11-20,Sổ tay SXSH ngành dệt may,,,15,15,0",
    ]


def test_the_command_records_the_user_named_as_the_author(seed_plan, users, tmp_path):
    path = tmp_path / "hd.csv"
    path.write_bytes(ACTIVITIES)
    call_command("import-activities", str(path), user="canbo", stdout=io.StringIO())
    actors = set(LogEntry.objects.filter(content_type__model="activity")
                 .values_list("actor__username", flat=True))
    assert actors == {"canbo"}
    with pytest.raises(CommandError, match="nobody"):
        call_command("import-activities", str(path), user="nobody")


def test_the_command_refuses_a_wrong_file_with_its_errors(seed_plan, tmp_path):
    path = tmp_path / "sai.csv"
    path.write_bytes(csv_file(ACTIVITY_HEADER, "X-1,seminar,1.3,1.3,2018-05-03,A,,,,,"))
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 lỗi"):
        call_command("import-activities", str(path), stderr=err)
    assert "sai.csv, dòng 2, cột kind, giá trị “seminar”" in err.getvalue()


# --- Attendance ------------------------------------------------------------------------------

SHEET = csv_file(
    ATTENDANCE_HEADER,
    "TH-2018-01,3300000001,Trần Văn Nam,male,Công ty A,Quản đốc",
    "TH-2018-01,,Nguyễn  Thị Lan,female,Trung tâm Khuyến công và XTTM,Chuyên viên",
    "TH-2018-01,,Lê Thị Hoa,female,UBND xã Phú Thuận,",
)


@pytest.fixture
def activities(seed_plan):
    import_activities(opener(ACTIVITIES), file_name="hd.csv", user=None, as_upload=False)
    return {a.code: a for a in Activity.objects.all()}


def test_it_imports_attendees_with_their_facility_and_links_a_department_officer(
        activities, facilities, officer_lan):
    result = import_attendance(opener(SHEET), file_name="dd.csv", user=None, as_upload=False)
    assert (result.ok, result.created) == (True, 3)
    rows = {a.person_name: (a.facility, a.gender, a.officer)
            for a in Attendance.objects.all()}
    # Spaces are collapsed; Lan's organisation is an alias of TT Khuyến công, a department
    # centre, and her full name is an officer's: she is linked to the account.
    assert rows == {"Trần Văn Nam": (facilities["A"], "male", None),
                    "Nguyễn Thị Lan": (None, "female", officer_lan),
                    "Lê Thị Hoa": (None, "female", None)}


def test_a_second_import_of_the_sign_in_sheet_changes_nothing(activities, facilities,
                                                              officer_lan):
    import_attendance(opener(SHEET), file_name="dd.csv", user=None, as_upload=False)
    entries = LogEntry.objects.count()
    again = import_attendance(opener(SHEET), file_name="dd.csv", user=None, as_upload=False)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert LogEntry.objects.count() == entries


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_of_attendance_changes_nothing(activities, facilities, officer_lan,
                                                           tmp_path, fmt):
    import_attendance(opener(SHEET), file_name="dd.csv", user=None, as_upload=False)
    path = tmp_path / f"dd.{fmt}"
    call_command("export-attendance", format=fmt, output=str(path))
    entries = LogEntry.objects.count()
    result = import_attendance(lambda: path.open("rb"), file_name=path.name, user=None,
                               as_upload=False)
    assert (result.ok, result.rows, result.unchanged) == (True, 3, 3)
    assert LogEntry.objects.count() == entries


def test_a_wrong_attendee_imports_no_one(activities, facilities):
    wrong = csv_file(
        ATTENDANCE_HEADER,
        "TH-2018-01,3300000001,Trần Văn Nam,male,Công ty A,",
        "TH-2099-01,,Lê Văn Bình,male,,",
        "TH-2018-01,3399999999,Phạm Thị Mai,nu,Công ty X,",
        "TH-2018-01,,Trần  Văn Nam,male,công ty a,",
        "TH-2018-01,,,female,,",
    )
    result = import_attendance(opener(wrong), file_name="dd.csv", user=None,
                               as_upload=False)
    assert Attendance.objects.count() == 0
    assert [(e.row, e.column, e.value) for e in result.errors] == [
        (3, "activity_code", "TH-2099-01"),
        (4, "tax_code", "3399999999"),
        (4, "gender", "nu"),
        (5, "person_name", "Trần  Văn Nam"),
        (6, "person_name", ""),
    ]
    assert result.errors[2].reason == "Ghi male (nam), female (nữ) hoặc other (khác)."
