"""The activities pages: who may open them, what they show, their query counts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sxsh.activities.interchange import import_activities, import_attendance
from sxsh.activities.models import Activity, Attendance
from sxsh.plans.models import Task

from .conftest import ACTIVITY_HEADER, ATTENDANCE_HEADER, csv_file, opener

pytestmark = pytest.mark.django_db

ACTIVITIES = csv_file(
    ACTIVITY_HEADER,
    "TH-2018-01,training,1.3,1.3,2018-05-03,Tập huấn SXSH,Huế,Sở Công Thương,,40,",
    "PS-2018-01,media,1.1,1.1,2018-03-01,Phóng sự SXSH,,,,30,",
)
SHEET = csv_file(
    ATTENDANCE_HEADER,
    "TH-2018-01,3300000001,Trần Văn Nam,male,Công ty A,Quản đốc",
    "TH-2018-01,3300000002,Lê Thị Hoa,female,Công ty B,",
    "TH-2018-01,,Hồ Thị Mai,female,UBND xã Phú Thuận,",
)


@pytest.fixture
def recorded(seed_plan, facilities):
    import_activities(opener(ACTIVITIES), file_name="hd.csv", user=None, as_upload=False)
    import_attendance(opener(SHEET), file_name="dd.csv", user=None, as_upload=False)
    return {a.code: a for a in Activity.objects.all()}


def test_the_officer_sees_the_list_with_attendees_and_costs(client, users, recorded):
    client.force_login(users["canbo"])
    html = client.get(reverse("activities:list")).content.decode()
    assert "Tập huấn SXSH" in html and "Phóng sự SXSH" in html
    assert 'id="new-activity"' in html


def test_the_detail_counts_participants_by_gender(client, users, recorded):
    client.force_login(users["canbo"])
    html = client.get(reverse("activities:detail", args=["TH-2018-01"])).content.decode()
    # Nam (male); Hoa, Mai (female); two of them for registered facilities.
    assert "3 người tham dự · Nam: 1 · Nữ: 2 · Khác: 0 · cơ sở: 2" in html
    assert "Công ty A (3300000001)" in html


def test_a_local_focal_point_sees_only_the_participants_of_its_area(client, users, recorded):
    client.force_login(users["diaphuong"])  # Phú Vang: Công ty A only
    html = client.get(reverse("activities:detail", args=["TH-2018-01"])).content.decode()
    assert "Trần Văn Nam" in html and "Lê Thị Hoa" not in html and "Hồ Thị Mai" not in html
    assert "Upload the sign-in sheet" not in html and 'id="sheet-form"' not in html


def test_the_wrong_user_is_refused(client, users, recorded):
    client.force_login(users["doanhnghiep"])
    assert client.get(reverse("activities:list")).status_code == 403
    client.force_login(users["lanhdao"])
    assert client.get(reverse("activities:create")).status_code == 403
    assert client.post(reverse("activities:attendance_upload", args=["TH-2018-01"]),
                       {"file": SimpleUploadedFile("dd.csv", SHEET)}).status_code == 403
    # A partner agency (Sở TN&MT) reads the activities of the tasks it leads or joins: it
    # joins 1.3 (the training), not 1.1 (the media story).
    client.force_login(users["doitac"])
    assert client.get(reverse("activities:detail", args=["TH-2018-01"])).status_code == 200
    assert client.get(reverse("activities:detail", args=["PS-2018-01"])).status_code == 404
    Task.objects.get(plan=recorded["PS-2018-01"].task.plan, code="1.1") \
        .partner_agencies.add(users["doitac"].agency)
    assert client.get(reverse("activities:detail", args=["PS-2018-01"])).status_code == 200
    client.logout()
    assert client.get(reverse("activities:list")).status_code == 302


def test_the_officer_records_an_activity_with_the_form(client, users, seed_plan):
    client.force_login(users["canbo"])
    task = seed_plan.tasks.get(code="3.2")
    line = seed_plan.budget_lines.get(code="3.1")
    data = {"code": "HT-2017-01", "kind": "study_tour", "task": task.pk, "budget_line": line.pk,
            "date": "2017-09-15", "title": "Học tập kinh nghiệm", "place": "Hà Nội",
            "organiser": "", "cost_central_mvnd": "0", "cost_local_mvnd": "80",
            "cost_enterprise_mvnd": "0"}
    response = client.post(reverse("activities:create"), data)
    assert response.status_code == 302
    assert Activity.objects.get(code="HT-2017-01").cost_local_mvnd == Decimal("80")
    wrong = {**data, "code": "HT-2017-02", "budget_line": seed_plan.budget_lines.get(
        code="1.3").pk}
    page = client.post(reverse("activities:create"), wrong).content.decode()
    assert "Dòng kinh phí này chi cho một nhiệm vụ khác của kế hoạch." in page
    assert not Activity.objects.filter(code="HT-2017-02").exists()


def test_the_sign_in_sheet_uploads_on_the_activitys_page_without_the_code_column(
        client, users, recorded):
    client.force_login(users["canbo"])
    sheet = csv_file("tax_code,person_name,gender,organisation,position",
                     "3300000001,Trần Văn Nam,male,Công ty A,Giám đốc",
                     ",Phạm Văn Tư,other,Báo Thừa Thiên Huế,Phóng viên")
    url = reverse("activities:attendance_upload", args=["PS-2018-01"])
    response = client.post(url, {"file": SimpleUploadedFile("ky-ten.csv", sheet)})
    assert response.status_code == 302
    assert sorted(Attendance.objects.filter(activity__code="PS-2018-01")
                  .values_list("person_name", "gender")) == [
        ("Phạm Văn Tư", "other"), ("Trần Văn Nam", "male")]
    # A sheet naming another activity is refused as a whole.
    other = csv_file(ATTENDANCE_HEADER, "TH-2018-01,,Ngô Văn Sáu,male,,")
    page = client.post(url, {"file": SimpleUploadedFile("sai.csv", other)}).content.decode()
    assert "sai.csv, dòng 2, cột activity_code" in page
    assert not Attendance.objects.filter(person_name="Ngô Văn Sáu").exists()


def test_the_list_exports_activities_and_attendees(client, users, recorded):
    client.force_login(users["canbo"])
    response = client.get(reverse("activities:list"), {"format": "csv", "kind": "training"})
    assert b"".join(response.streaming_content).decode().splitlines()[1:] == [
        "TH-2018-01,training,1.3,1.3,2018-05-03,Tập huấn SXSH,Huế,Sở Công Thương,0,40,0"]
    response = client.get(reverse("activities:list"), {"format": "csv", "what": "attendance"})
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0] == "\ufeff" + ATTENDANCE_HEADER and len(lines) == 4


def test_the_pages_read_in_a_fixed_number_of_queries(client, users, recorded, facilities,
                                                     django_assert_num_queries):
    client.force_login(users["canbo"])
    # session, user; list: count, page (attendees counted in it)
    with django_assert_num_queries(4):
        client.get(reverse("activities:list"))
    # session, user; the activity with task, plan and line; its participants; its outputs
    with django_assert_num_queries(5):
        client.get(reverse("activities:detail", args=["TH-2018-01"]))
    more = csv_file(ATTENDANCE_HEADER, *(f"TH-2018-01,,Người {i},female,Xã {i}," for i in
                                         range(30)))
    import_attendance(opener(more), file_name="them.csv", user=None, as_upload=False)
    with django_assert_num_queries(5):
        client.get(reverse("activities:detail", args=["TH-2018-01"]))
    with django_assert_num_queries(4):
        client.get(reverse("activities:list"))


def test_an_activities_file_uploads_on_the_list_page(client, users, seed_plan):
    client.force_login(users["canbo"])
    page = client.post(reverse("activities:upload"),
                       {"file": SimpleUploadedFile("hd.csv", ACTIVITIES)}).content.decode()
    assert "2 dòng: 2 tạo mới, 0 cập nhật, 0 không đổi." in page
    assert Activity.objects.count() == 2
