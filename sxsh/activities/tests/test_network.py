"""The local network: focal points, the yearly local report (draft → submitted →
accepted/returned), the completeness by unit, a local focal point kept to its unit."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sxsh.activities import services
from sxsh.activities.models import FocalPoint, LocalReport
from sxsh.core.audit import history
from sxsh.core.models import AdminUnit

pytestmark = pytest.mark.django_db

DATA = {"facilities_reached": 12, "activities_held": 3, "difficulties": "Thiếu kinh phí",
        "proposals": "Thêm lớp tập huấn"}


@pytest.fixture
def units(reference):
    return {code: AdminUnit.objects.get(code=code) for code in ("phu-vang", "huong-thuy")}


def test_it_takes_a_report_from_draft_to_accepted_with_each_step_recorded(users, units):
    local, officer = users["diaphuong"], users["canbo"]
    report = services.local_report_save(admin_unit=units["phu-vang"], year=2018, data=DATA,
                                        user=local)
    assert (report.status, report.facilities_reached) == ("draft", 12)
    services.local_report_submit(report=report, user=local)
    with pytest.raises(ValidationError):
        services.local_report_save(admin_unit=units["phu-vang"], year=2018, data=DATA,
                                   user=local)
    services.local_report_return(report=report, user=officer, comment="Thiếu số liệu")
    services.local_report_submit(report=report, user=local)
    report = services.local_report_accept(report=report, user=officer)
    steps = [(a.action_type, a.data["from"], a.data["to"], a.data["comment"])
             for a in sorted(history(report), key=lambda a: a.pk)]
    assert steps == [
        ("activities.local_report.created", "", "draft", ""),
        ("activities.local_report.submitted", "draft", "submitted", ""),
        ("activities.local_report.returned", "submitted", "returned", "Thiếu số liệu"),
        ("activities.local_report.submitted", "returned", "submitted", "Thiếu số liệu"),
        ("activities.local_report.accepted", "submitted", "accepted", ""),
    ]


def test_it_refuses_a_return_without_a_comment_and_a_review_by_the_focal_point(users, units):
    local = users["diaphuong"]
    report = services.local_report_save(admin_unit=units["phu-vang"], year=2018, data=DATA,
                                        user=local)
    services.local_report_submit(report=report, user=local)
    with pytest.raises(ValidationError):
        services.local_report_return(report=report, user=users["canbo"], comment=" ")
    with pytest.raises(PermissionDenied):
        services.local_report_accept(report=report, user=local)


def test_a_local_focal_point_cannot_write_or_submit_another_units_report(users, units):
    other = LocalReport.objects.create(admin_unit=units["huong-thuy"], year=2018)
    with pytest.raises(PermissionDenied):
        services.local_report_save(admin_unit=units["huong-thuy"], year=2018, data=DATA,
                                   user=users["diaphuong"])
    with pytest.raises(PermissionDenied):
        services.local_report_submit(report=other, user=users["diaphuong"])
    other.refresh_from_db()
    assert other.status == "draft"


def test_another_units_report_page_is_not_found_for_a_local_focal_point(client, users, units):
    LocalReport.objects.create(admin_unit=units["huong-thuy"], year=2018, facilities_reached=7)
    client.force_login(users["diaphuong"])
    url = reverse("activities:local_report", args=["huong-thuy", 2018])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "submit"}).status_code == 404
    assert LocalReport.objects.get(admin_unit=units["huong-thuy"]).status == "draft"
    assert client.get(reverse("activities:local_report", args=["phu-vang", 2018])) \
        .status_code == 200


def test_the_focal_point_writes_and_submits_its_report_on_the_page(client, users, units):
    client.force_login(users["diaphuong"])
    url = reverse("activities:local_report", args=["phu-vang", 2018])
    assert client.post(url, {"action": "save", **DATA}).status_code == 302
    assert client.post(url, {"action": "submit"}).status_code == 302
    report = LocalReport.objects.get(admin_unit=units["phu-vang"], year=2018)
    assert (report.status, report.activities_held, report.proposals) == (
        "submitted", 3, "Thêm lớp tập huấn")
    client.force_login(users["canbo"])
    client.post(url, {"action": "return", "comment": "Bổ sung số liệu"})
    report.refresh_from_db()
    assert (report.status, report.review_comment) == ("returned", "Bổ sung số liệu")


def test_the_completeness_shows_which_units_sent_their_report(client, users, units,
                                                             django_assert_num_queries):
    services.focal_point_save(focal_point=None, data={
        "admin_unit": units["phu-vang"], "person_name": "Trần Văn Bình", "position":
        "Phó trưởng phòng Kinh tế", "phone": "0234 3860 000", "email": "", "user":
        users["diaphuong"]}, user=users["canbo"])
    LocalReport.objects.create(admin_unit=units["phu-vang"], year=2018, status="submitted")
    LocalReport.objects.create(admin_unit=units["huong-thuy"], year=2018, status="draft")
    client.force_login(users["lanhdao"])
    client.get(reverse("activities:network"), {"year": 2018})  # warm the session
    with django_assert_num_queries(5):  # session, user, units, focal points, reports
        html = client.get(reverse("activities:network"), {"year": 2018}).content.decode()
    # Thừa Thiên Huế had nine district-level units in 2018: Huế, Hương Thủy, Hương Trà and
    # six districts.
    assert "1 trên 9 đơn vị đã gửi báo cáo." in html
    assert "Trần Văn Bình" in html and "Đã gửi" in html
    client.force_login(users["diaphuong"])
    html = client.get(reverse("activities:network"), {"year": 2018}).content.decode()
    assert "1 trên 1 đơn vị đã gửi báo cáo." in html and "Hương Thủy" not in html


def test_a_focal_points_account_must_be_a_local_account_of_that_area(users, units):
    with pytest.raises(ValidationError):
        services.focal_point_save(focal_point=None, data={
            "admin_unit": units["huong-thuy"], "person_name": "Lê Văn C",
            "user": users["diaphuong"]}, user=users["canbo"])
    with pytest.raises(PermissionDenied):
        services.focal_point_save(focal_point=None, data={
            "admin_unit": units["phu-vang"], "person_name": "Lê Văn C"}, user=users["diaphuong"])
    assert FocalPoint.objects.count() == 0


def test_the_wrong_user_is_refused_the_network(client, users):
    client.force_login(users["doanhnghiep"])
    assert client.get(reverse("activities:network")).status_code == 403
    client.force_login(users["lanhdao"])
    assert client.get(reverse("activities:focal_point_create")).status_code == 403
