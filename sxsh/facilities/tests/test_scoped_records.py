"""Review steps are read as their reports are; import batches by officers and their uploader."""

import pytest
from django.contrib.auth.models import AnonymousUser

from sxsh.facilities.models import ImportBatch, Report, ReportStatusChange

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
        made[key] = ReportStatusChange.objects.create(
            report=report, from_status=Report.Status.DRAFT, to_status=Report.Status.SUBMITTED,
            comment=f"gửi {key}", user=users["doanhnghiep"])
    return made


@pytest.mark.parametrize(("name", "seen"), [
    ("admin", {"own", "far"}), ("canbo", {"own", "far"}), ("lanhdao", {"own", "far"}),
    ("tuvan", {"own", "far"}), ("diaphuong", {"own"}), ("doanhnghiep", {"own"}),
    ("doitac", set()), ("taichinh", set()),
])
def test_a_review_step_is_read_by_whoever_may_read_its_report(steps, users, name, seen):
    pks = set(ReportStatusChange.objects.for_user(users[name]).values_list("pk", flat=True))
    assert pks == {steps[key].pk for key in seen}


def test_an_anonymous_visitor_reads_no_review_step(steps):
    assert not ReportStatusChange.objects.for_user(AnonymousUser()).exists()


def test_the_report_page_shows_the_history_of_the_report(steps, users):
    report = steps["own"].report
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
