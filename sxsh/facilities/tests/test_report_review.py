"""A yearly report from draft to accepted: errors block, warnings need a comment, accepted
reports are locked, every step is recorded."""

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from sxsh.core.audit import history
from sxsh.facilities.models import Report
from sxsh.facilities.services import (
    report_accept,
    report_reopen,
    report_return,
    report_save,
    report_submit,
)

pytestmark = pytest.mark.django_db

FIGURES = dict(production=Decimal(1000), electricity_kwh=Decimal(1_000_000),
               water_m3=Decimal(5000), aware=True, cp_applied=True)


@pytest.fixture
def own(make_facility, users):
    return make_facility(accounts=[users["doanhnghiep"]], opened_year=2015)


def test_an_enterprise_files_and_an_officer_accepts(own, users):
    report = report_save(facility=own, year=2016, data=FIGURES, user=users["doanhnghiep"])
    assert report.status == Report.Status.DRAFT
    assert report.energy_toe == Decimal("154.3000")
    assert report.co2e_t == Decimal("918.5000")
    report = report_submit(report=report, user=users["doanhnghiep"])
    assert report.status == Report.Status.SUBMITTED
    report = report_accept(report=report, user=users["canbo"])
    assert report.status == Report.Status.ACCEPTED
    assert report.reviewed_by == users["canbo"]
    assert [(a.action_type, a.data["from"], a.data["to"], a.actor.username)
            for a in history(report)] == [
        ("facilities.report.created", "", "draft", "doanhnghiep"),
        ("facilities.report.submitted", "draft", "submitted", "doanhnghiep"),
        ("facilities.report.accepted", "submitted", "accepted", "canbo")]
    assert LogEntry.objects.get_for_object(report).count() == 3


def test_an_accepted_report_is_locked_until_reopened_with_a_reason(own, users):
    report = report_save(facility=own, year=2016, data=FIGURES, user=users["doanhnghiep"])
    report_accept(report=report_submit(report=report, user=users["doanhnghiep"]),
                  user=users["canbo"])
    with pytest.raises(ValidationError):
        report_save(facility=own, year=2016, data={"water_m3": Decimal(1)},
                    user=users["doanhnghiep"])
    with pytest.raises(ValidationError):
        report_reopen(report=report, user=users["canbo"], reason="  ")
    report = report_reopen(report=report, user=users["canbo"], reason="Sai số liệu nước")
    assert report.status == Report.Status.RETURNED
    report = report_save(facility=own, year=2016, data={"water_m3": Decimal(4000)},
                         user=users["doanhnghiep"])
    assert report.water_m3 == Decimal(4000)
    reopened = history(report).last()
    assert (reopened.action_type, reopened.data["comment"]) == (
        "facilities.report.reopened", "Sai số liệu nước")


def test_returning_needs_a_comment_and_only_officers_review(own, users):
    report = report_submit(
        report=report_save(facility=own, year=2016, data=FIGURES, user=users["doanhnghiep"]),
        user=users["doanhnghiep"])
    with pytest.raises(ValidationError):
        report_return(report=report, user=users["canbo"], comment="")
    with pytest.raises(PermissionDenied):
        report_accept(report=report, user=users["doanhnghiep"])
    with pytest.raises(PermissionDenied):
        report_accept(report=report, user=users["diaphuong"])
    report = report_return(report=report, user=users["canbo"], comment="Thiếu sản lượng")
    assert report.status == Report.Status.RETURNED
    assert report.review_comment == "Thiếu sản lượng"


def test_an_enterprise_cannot_file_for_another_facility(make_facility, users):
    other = make_facility()
    with pytest.raises(Http404):
        report_save(facility=other, year=2016, data=FIGURES, user=users["doanhnghiep"])


def test_a_local_focal_point_files_only_in_its_area(make_facility, users):
    inside = make_facility(admin_unit_code="phu-vang")
    outside = make_facility(admin_unit_code="a-luoi")
    report_save(facility=inside, year=2016, data=FIGURES, user=users["diaphuong"])
    with pytest.raises(Http404):
        report_save(facility=outside, year=2016, data=FIGURES, user=users["diaphuong"])


@pytest.mark.parametrize(("data", "field"), [
    ({"production": Decimal(10), "water_m3": Decimal(-1)}, "water_m3"),
    ({"production": None, "water_m3": Decimal(5)}, "production"),
    ({"production": Decimal(0), "electricity_kwh": Decimal(5)}, "production"),
    ({"production": Decimal(10), "coal_t": Decimal(5)}, "coal_grade"),
    ({"production": Decimal(10), "coal_t": Decimal(5), "coal_grade": "coal_9"}, "coal_grade"),
    ({"production": Decimal(10), "baseline_year": 2019}, "baseline_year"),
])
def test_errors_block_the_report(own, users, data, field):
    with pytest.raises(ValidationError) as exc:
        report_save(facility=own, year=2016, data=data, user=users["doanhnghiep"])
    assert field in exc.value.message_dict
    assert not Report.objects.exists()


def test_a_year_outside_the_facility_open_years_is_an_error(make_facility, users):
    f = make_facility(opened_year=2017, closed_year=2019)
    for year in (2016, 2019):
        with pytest.raises(ValidationError) as exc:
            report_save(facility=f, year=year, data=FIGURES, user=users["canbo"])
        assert exc.value.message_dict["year"] == [f"Cơ sở không hoạt động trong năm {year}."]
    report_save(facility=f, year=2018, data=FIGURES, user=users["canbo"])


def test_an_sec_jump_beyond_fifty_percent_needs_a_comment(own, users, make_report):
    make_report(own, 2016, production=Decimal(1000), water_m3=Decimal(5000))
    # water SEC 5 → 8 m³/t: +60 %
    report = report_save(facility=own, year=2017,
                         data={"production": Decimal(1000), "water_m3": Decimal(8000)},
                         user=users["doanhnghiep"])
    assert report.quality_warnings == [
        {"code": "sec_change", "category": "water", "year": 2016, "change": "0.600"}]
    with pytest.raises(ValidationError) as exc:
        report_submit(report=report, user=users["doanhnghiep"])
    assert "quality_comment" in exc.value.message_dict
    report = report_submit(report=report, user=users["doanhnghiep"],
                           quality_comment="Thêm dây chuyền rửa mới")
    assert report.status == Report.Status.SUBMITTED


def test_a_change_within_fifty_percent_passes_without_comment(own, users, make_report):
    make_report(own, 2016, production=Decimal(1000), water_m3=Decimal(5000))
    # 5 → 7,5 m³/t is exactly +50 %: not beyond
    report = report_save(facility=own, year=2017,
                         data={"production": Decimal(1000), "water_m3": Decimal(7500)},
                         user=users["doanhnghiep"])
    assert report.quality_warnings == []


def test_a_sector_outlier_needs_a_comment(own, users, make_facility, make_report):
    for water in (100, 110, 120, 130, 140):  # SEC 0,10 … 0,14 m³/t, MAD 0,01
        make_report(make_facility(), 2016, production=Decimal(1000), water_m3=Decimal(water))
    report = report_save(facility=own, year=2016,
                         data={"production": Decimal(1000), "water_m3": Decimal(200)},
                         user=users["doanhnghiep"])
    assert report.quality_warnings == [
        {"code": "outlier", "category": "water", "score": "5.40", "peers": 5}]


def test_an_empty_report_cannot_be_submitted(own, users):
    from django.utils import translation

    report = report_save(facility=own, year=2016, data={}, user=users["doanhnghiep"])
    with translation.override("vi"), pytest.raises(ValidationError) as err:
        report_submit(report=report, user=users["doanhnghiep"])
    assert "Báo cáo trống" in " ".join(err.value.messages)
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT
    # One answer is enough: a small facility may know nothing of its consumption.
    report = report_save(facility=own, year=2016, data={"aware": False},
                         user=users["doanhnghiep"])
    assert report_submit(report=report, user=users["doanhnghiep"]).status == "submitted"


def test_linking_an_account_to_a_facility_is_in_the_audit_trail(own, users):
    from auditlog.context import set_actor

    with set_actor(users["admin"]):
        own.accounts.add(users["lanhdao"])
    entry = LogEntry.objects.get_for_object(own).filter(
        actor=users["admin"], changes__icontains="accounts").get()
    assert entry.changes_dict["accounts"]["operation"] == "add"
    assert entry.changes_dict["accounts"]["objects"] == [str(users["lanhdao"])]


def test_the_audit_page_shows_the_linked_account(own, users, client):
    from auditlog.context import set_actor

    with set_actor(users["admin"]):
        own.accounts.add(users["lanhdao"])
    client.force_login(users["canbo"])
    page = client.get("/audit/", {"object_pk": own.pk}).content.decode()
    assert ("<strong>Tài khoản người dùng</strong>: <del>–</del> → "
            "<ins>đã thêm: Lãnh đạo UBND tỉnh (demo)</ins>") in page
    assert "<strong>Năm bắt đầu hoạt động</strong>: <ins>2015</ins>" in page


def test_the_trail_names_review_steps_in_words(own, users):
    from django.utils import translation

    from sxsh.core.audit import action_label, action_rows

    report = report_save(facility=own, year=2016, data=FIGURES, user=users["doanhnghiep"])
    report_accept(report=report_submit(report=report, user=users["doanhnghiep"]),
                  user=users["canbo"], comment="Đủ số liệu")
    accepted = history(report).last()
    with translation.override("vi"):
        assert action_label(accepted) == "Báo cáo được chấp nhận"
        assert action_rows(accepted) == [("từ", "Đã gửi"), ("sang", "Đã chấp nhận"),
                                         ("ghi chú", "Đủ số liệu")]
