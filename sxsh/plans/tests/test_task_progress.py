"""Progress on tasks: lead and partner agencies report on their own tasks; overdue flags."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sxsh.core.tests.clock import stopped_at
from sxsh.plans import models as m
from sxsh.plans import services
from sxsh.plans.selectors import task_statuses

pytestmark = pytest.mark.django_db


def _report(task, user, status="in_progress", percent=50, reported_on=dt.date(2018, 6, 30),
            **extra):
    return services.task_progress_report(task=task, status=status, percent=percent,
                                         narrative="Đã in 500 tờ rơi", user=user,
                                         reported_on=reported_on, **extra)


def test_a_partner_reports_on_a_task_it_joins(seed_plan, users):
    task = seed_plan.tasks.get(code="1.2")  # Sở TN&MT is a partner
    report = _report(task, users["doitac"])
    assert report.agency.code == "so-tnmt"


def test_a_partner_cannot_report_on_a_task_it_does_not_join(seed_plan, users):
    with pytest.raises(PermissionDenied):
        _report(seed_plan.tasks.get(code="1.1"), users["doitac"])
    assert not m.TaskProgress.objects.exists()


def test_the_consultant_reports_on_the_tasks_it_leads(seed_plan, users):
    _report(seed_plan.tasks.get(code="2.3"), users["tuvan"])
    with pytest.raises(PermissionDenied):
        _report(seed_plan.tasks.get(code="1.1"), users["tuvan"])


def test_done_means_one_hundred_percent(seed_plan, users):
    with pytest.raises(ValidationError) as info:
        _report(seed_plan.tasks.get(code="1.1"), users["canbo"], status="done", percent=80)
    assert "percent" in info.value.message_dict


def test_evidence_must_be_a_document(seed_plan, users):
    bad = SimpleUploadedFile("virus.exe", b"MZ")
    with pytest.raises(ValidationError):
        _report(seed_plan.tasks.get(code="1.1"), users["canbo"], evidence=bad)


def test_tasks_past_their_timeframe_and_not_done_are_overdue(seed_plan, users):
    _report(seed_plan.tasks.get(code="5.1"), users["canbo"], status="done", percent=100)
    statuses = {s.task.code: s for s in task_statuses(seed_plan, users["canbo"],
                                                      today=dt.date(2019, 1, 15))}
    # 1.4 (2018), 3.2 (2017), 4.1 (2017–2018) ended; 5.1 (2016) is done.
    assert sorted(c for c, s in statuses.items() if s.overdue) == ["1.4", "3.2", "4.1"]
    statuses = {s.task.code: s for s in task_statuses(seed_plan, users["doitac"],
                                                      today=dt.date(2019, 1, 15))}
    # Sở TN&MT reads the reports of the tasks it joins only: 4.1 and 5.1 are not its own.
    assert sorted(c for c, s in statuses.items() if s.overdue) == ["1.4", "3.2"]
    # Sở TN&MT joins 1.2, 1.3, 1.4 and 3.2
    assert sorted(c for c, s in statuses.items() if s.editable) == ["1.2", "1.3", "1.4", "3.2"]


@stopped_at(2026, 6, 15)   # every task of the 2016–2020 plan has ended
def test_the_progress_page_lists_every_task_in_fixed_queries(client, users, seed_plan,
                                                             django_assert_num_queries):
    _report(seed_plan.tasks.get(code="1.2"), users["doitac"])
    client.force_login(users["doitac"])
    # session, user, plan, tasks, partners, reports
    with django_assert_num_queries(6):
        response = client.get(reverse("plans:progress", args=[seed_plan.code]))
    page = response.content.decode()
    assert "Quá hạn" in page
    assert reverse("plans:task_report", args=[seed_plan.code, "1.2"]) in page
    assert reverse("plans:task_report", args=[seed_plan.code, "1.1"]) not in page


def test_a_partner_posts_a_report_with_evidence(client, users, seed_plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(users["doitac"])
    url = reverse("plans:task_report", args=[seed_plan.code, "1.3"])
    response = client.post(url, {
        "status": "in_progress", "percent": "40", "reported_on": "2018-07-01",
        "narrative": "Đã tổ chức 1 lớp tập huấn",
        "evidence": SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4"),
    }, follow=True)
    assert "Đã lưu báo cáo tiến độ" in response.content.decode()
    report = m.TaskProgress.objects.get()
    assert report.evidence.name.endswith(".pdf") and report.percent == 40


def test_a_bad_report_is_shown_back_with_a_message(client, users, seed_plan):
    client.force_login(users["canbo"])
    url = reverse("plans:task_report", args=[seed_plan.code, "1.3"])
    response = client.post(url, {"status": "done", "percent": "50",
                                 "reported_on": "2018-07-01", "narrative": "x"})
    assert response.status_code == 200
    assert "Nhiệm vụ đã hoàn thành thì đạt 100 %." in response.content.decode()
    assert not m.TaskProgress.objects.exists()


def test_a_partner_is_refused_the_report_form_of_another_task(client, users, seed_plan):
    client.force_login(users["doitac"])
    url = reverse("plans:task_report", args=[seed_plan.code, "1.1"])
    assert client.get(url).status_code == 403


def test_an_unknown_task_is_404(client, users, seed_plan):
    client.force_login(users["canbo"])
    assert client.get(reverse("plans:task_report", args=[seed_plan.code, "9.9"])
                      ).status_code == 404


def test_the_public_must_log_in_for_progress(client, seed_plan):
    assert client.get(reverse("plans:progress", args=[seed_plan.code])).status_code == 302


def test_the_evidence_is_downloaded_only_by_those_who_may_read_the_report(
        client, users, seed_plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = _report(seed_plan.tasks.get(code="1.2"), users["doitac"],
                     evidence=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 test"))
    url = reverse("plans:evidence", args=[report.pk])
    client.force_login(users["doitac"])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    client.force_login(users["tuvan"])  # the consultant does not join 1.2
    assert client.get(url).status_code == 404
    client.force_login(users["doanhnghiep"])
    assert client.get(url).status_code == 404


def test_the_report_page_reads_in_a_fixed_number_of_queries(client, users, seed_plan,
                                                            django_assert_num_queries):
    _report(seed_plan.tasks.get(code="1.2"), users["doitac"])
    client.force_login(users["doitac"])
    # session, user, plan, task, partner check, report count, reports page
    with django_assert_num_queries(7):
        response = client.get(reverse("plans:task_report", args=[seed_plan.code, "1.2"]))
    assert "Đã in 500 tờ rơi" in response.content.decode()


# --- who reads progress, and when a report may be dated ------------------------------


def _progress_row(client, plan, task_code: str) -> str:
    page = client.get(reverse("plans:progress", args=[plan.code])).content.decode()
    match = re.search(rf'<tr data-task="{re.escape(task_code)}">(.*?)</tr>', page, re.S)
    assert match, task_code
    return match.group(1)


@pytest.mark.parametrize("username, sees", [
    ("doanhnghiep", False), ("diaphuong", False), ("tuvan", False),
    ("canbo", True), ("lanhdao", True), ("doitac", True),
])
def test_only_the_officer_the_viewer_and_the_task_agencies_see_its_progress_page_row(
        client, users, seed_plan, username, sees):
    # Sở TN&MT reports 50 % on 1.2 on 30/06/2018; the enterprise, the local focal point
    # and the consultant take no part in 1.2, the officer and the viewer oversee the plan.
    _report(seed_plan.tasks.get(code="1.2"), users["doitac"])
    client.force_login(users[username])
    row = _progress_row(client, seed_plan, "1.2")
    shown = ["30/06/2018" in row, "50 %" in row, "Đang thực hiện" in row]
    assert shown == [sees] * 3
    assert ("Chưa báo cáo" in row) is not sees


def test_task_statuses_count_only_the_reports_the_user_may_read(seed_plan, users):
    _report(seed_plan.tasks.get(code="1.2"), users["doitac"])
    latest = {s.task.code: s.latest for s in task_statuses(seed_plan, users["diaphuong"])}
    assert latest["1.2"] is None
    latest = {s.task.code: s.latest for s in task_statuses(seed_plan, users["canbo"])}
    assert latest["1.2"].percent == 50


def test_a_progress_report_dated_before_the_plan_was_issued_is_refused(seed_plan, users):
    # The plan was issued on 31/10/2016; 01/01/1800 and 30/10/2016 come before it.
    task = seed_plan.tasks.get(code="1.1")
    for day in (dt.date(1800, 1, 1), dt.date(2016, 10, 30)):
        with pytest.raises(ValidationError) as info:
            _report(task, users["canbo"], reported_on=day)
        assert info.value.message_dict["reported_on"] == [
            "Ngày báo cáo không thể trước ngày ban hành kế hoạch (31/10/2016)."]
    assert not m.TaskProgress.objects.exists()
    assert _report(task, users["canbo"], reported_on=dt.date(2016, 10, 31)).pk


@stopped_at(2026, 6, 15)
def test_a_progress_report_dated_in_the_future_is_refused(seed_plan, users):
    with pytest.raises(ValidationError) as info:
        _report(seed_plan.tasks.get(code="1.1"), users["canbo"],
                reported_on=dt.date(2026, 6, 16))
    assert info.value.message_dict["reported_on"] == ["Ngày báo cáo không thể ở tương lai."]
    assert not m.TaskProgress.objects.exists()


def test_a_report_dated_1800_through_the_page_is_shown_back_on_its_field(client, users,
                                                                        seed_plan):
    client.force_login(users["canbo"])
    url = reverse("plans:task_report", args=[seed_plan.code, "1.3"])
    response = client.post(url, {"status": "in_progress", "percent": "10",
                                 "reported_on": "01/01/1800", "narrative": "Đã khảo sát"})
    assert response.status_code == 200
    assert "Ngày báo cáo không thể trước ngày ban hành kế hoạch (31/10/2016)." in (
        response.content.decode())
    assert not m.TaskProgress.objects.exists()
