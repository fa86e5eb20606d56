"""The trail of actions is the officers'; a report's steps are shown on its page; import
batches are read by officers and their uploader."""

import pytest
from django.contrib.auth.models import AnonymousUser

from sxsh.core.audit import log_action
from sxsh.core.models import AuditAction
from sxsh.facilities.models import ImportBatch, Report

from .test_pages import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def steps(make_facility, make_report, users):
    """One submitted report in Phú Vang (the enterprise's own), one in A Lưới."""
    own = make_facility(name="Cơ sở Phú Vang", admin_unit_code="phu-vang",
                        accounts=[users["doanhnghiep"]])
    far = make_facility(name="Cơ sở A Lưới", admin_unit_code="a-luoi")
    made = {}
    for key, facility in (("own", own), ("far", far)):
        report = make_report(facility, 2018, Report.Status.SUBMITTED)
        made[key] = log_action(report, "facilities.report.submitted", user=users["doanhnghiep"],
                               data={"from": "draft", "to": "submitted",
                                     "comment": f"gửi {key}"})
    return made


@pytest.mark.parametrize(("name", "seen"), [
    ("admin", 2), ("canbo", 2), ("lanhdao", 0), ("tuvan", 0), ("diaphuong", 0),
    ("doanhnghiep", 0), ("doitac", 0), ("taichinh", 0),
])
def test_the_whole_trail_of_actions_is_read_by_officers_only(steps, users, name, seen):
    assert AuditAction.objects.for_user(users[name]).count() == seen
    assert not AuditAction.objects.for_user(AnonymousUser()).exists()


def test_the_report_page_shows_the_history_of_the_report(steps, users):
    report = Report.objects.get(pk=steps["own"].object_pk)
    body = client_for(users["doanhnghiep"]).get(
        f"/facilities/{report.facility_id}/reports/2018/").content.decode()
    assert "gửi own" in body and "gửi far" not in body


@pytest.mark.parametrize(("name", "seen"), [
    ("admin", {"canbo", "doanhnghiep"}), ("canbo", {"canbo", "doanhnghiep"}),
    ("doanhnghiep", {"doanhnghiep"}), ("diaphuong", set()), ("lanhdao", set()),
    ("tuvan", set()), ("doitac", set()), ("taichinh", set()),
])
def test_an_import_batch_is_read_by_officers_and_by_whoever_uploaded_it(users, name, seen):
    for uploader in ("canbo", "doanhnghiep"):
        ImportBatch.objects.create(kind=ImportBatch.Kind.REPORTS, file_name=f"{uploader}.csv",
                                   user=users[uploader], rows=3, created=3)
    names = set(ImportBatch.objects.for_user(users[name]).values_list("user__username",
                                                                      flat=True))
    assert names == seen
    assert not ImportBatch.objects.for_user(None).exists()
