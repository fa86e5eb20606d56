import datetime as dt
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from sxsh.core.models import AdminUnit, GridEmissionFactor, User

pytestmark = pytest.mark.django_db


def test_a_change_through_the_admin_records_who_and_what_from_what_to_what(client, users):
    client.force_login(User.objects.get(username="admin"))
    factor = GridEmissionFactor.objects.get(year=2024)
    response = client.post(
        f"/admin/core/gridemissionfactor/{factor.pk}/change/",
        {"year": 2024, "tco2e_per_mwh": "0.6900", "status": "announced",
         "source": factor.source},
    )
    assert response.status_code == 302
    entry = LogEntry.objects.get_for_object(factor).get()
    assert entry.actor == users["admin"]
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.changes_dict["tco2e_per_mwh"] == ["0.6811", "0.6900"]
    assert entry.changes_dict["status"] == ["provisional", "announced"]
    page = client.get("/audit/").content.decode()
    # Field labels and choices as the officer reads them, in Vietnamese.
    assert "<strong>Trạng thái</strong>: <del>Tạm tính</del> → <ins>Đã công bố</ins>" in page


def test_create_and_delete_are_recorded_too(client, users):
    client.force_login(User.objects.get(username="admin"))
    client.post("/admin/core/adminunit/add/", {
        "code": "phuong-thuan-an", "name": "Phường Thuận An", "level": "commune",
        "valid_from": "01/07/2025", "verified": "partly", "note": "", "source": "",
        "successions-TOTAL_FORMS": 0, "successions-INITIAL_FORMS": 0,
    })
    unit = AdminUnit.objects.get(code="phuong-thuan-an")
    assert unit.valid_from == dt.date(2025, 7, 1)
    client.post(f"/admin/core/adminunit/{unit.pk}/delete/", {"post": "yes"})
    actions = list(
        LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(AdminUnit),
                                object_pk=str(unit.pk)).order_by("timestamp")
        .values_list("action", "actor__username")
    )
    assert actions == [(LogEntry.Action.CREATE, "admin"), (LogEntry.Action.DELETE, "admin")]


def test_password_hashes_never_enter_the_trail(client, users):
    user = users["tuvan"]
    user.set_password("Another-pass-2017")
    user.save()
    for entry in LogEntry.objects.get_for_object(user):
        assert "password" not in entry.changes_dict


def test_officers_filter_the_trail_by_user_and_type(client, users):
    from auditlog.context import set_actor

    with set_actor(users["canbo"]):
        GridEmissionFactor.objects.filter(year=2023).get().delete()
    with set_actor(users["admin"]):
        factor = GridEmissionFactor.objects.get(year=2022)
        factor.tco2e_per_mwh = Decimal("0.6700")
        factor.save()
    client.force_login(User.objects.get(username="canbo"))
    ct = ContentType.objects.get_for_model(GridEmissionFactor)
    page = client.get("/audit/", {"actor": users["canbo"].pk, "content_type": ct.pk})
    rows = page.context["page"].object_list
    assert [(e.actor.username, e.action, e.object_repr) for e in rows] == [
        ("canbo", LogEntry.Action.DELETE, "2023: 0.6592")
    ]
    body = page.content.decode()
    assert "Xóa" in body and "2023: 0.6592" in body
    bad = client.get("/audit/", {"date_from": "31/12/2020", "date_to": "01/01/2020"})
    assert bad.status_code == 200
    assert "Ngày kết thúc trước ngày bắt đầu." in bad.content.decode()


def test_the_audit_page_query_count_does_not_grow_with_entries(client, users,
                                                               django_assert_num_queries):
    from auditlog.context import set_actor

    with set_actor(users["admin"]):
        for factor in GridEmissionFactor.objects.all():
            factor.source += " (checked)"
            factor.save()
    client.force_login(User.objects.get(username="canbo"))
    # session, user, content types of the filter, actors of the filter, count, the page's
    # keys, its field diffs (its actions: none on this page, so no query for them)
    with django_assert_num_queries(7):
        response = client.get("/audit/")
    assert len(response.context["page"].object_list) == 11 + 9  # 11 factors, 9 demo users


def test_the_trail_shows_yes_no_dates_and_numbers_as_an_officer_reads_them(client, users):
    from auditlog.context import set_actor

    with set_actor(users["admin"]):
        officer = users["canbo"]
        officer.cp_trained = False
        officer.save()
        unit = AdminUnit.objects.get(code="phu-xuan")
        unit.valid_to = dt.date(2025, 7, 1)
        unit.save()
        factor = GridEmissionFactor.objects.get(year=2021)
        factor.tco2e_per_mwh = Decimal("1234.5")
        factor.save()
    client.force_login(users["canbo"])
    page = client.get("/audit/").content.decode()
    assert "<strong>Được đào tạo hướng dẫn SXSH</strong>: <del>Có</del> → <ins>Không</ins>" in page
    assert "<strong>Hiệu lực đến</strong>: <del>30/06/2025</del> → <ins>01/07/2025</ins>" in page
    assert "<del>0,7221</del> → <ins>1.234,5</ins>" in page
    # Relations seen from the other side (a unit's facilities, children…) are not changes.
    assert "#facilities." not in page and "None</" not in page


def test_the_audit_page_reads_field_diffs_and_actions_together(client, users):
    from sxsh.core.audit import log_action
    from sxsh.core.models import AuditAction, VsicDivision
    from sxsh.facilities.models import Facility, Report

    officer = users["canbo"]
    client.force_login(officer)
    assert list(client.get("/audit/", {"action": "steps"}).context["page"].object_list) == []
    facility = Facility.objects.create(
        tax_code="0100000001", name="Công ty A", admin_unit=users["diaphuong"].admin_unit,
        vsic=VsicDivision.objects.get(code="10"))  # a field diff (facilities are audited)
    report = Report.objects.create(facility=facility, year=2019)
    with pytest.raises(LookupError):
        log_action(report, "facilities.report.approved", user=officer)
    assert not AuditAction.objects.exists()  # an unregistered action type writes nothing
    log_action(report, "facilities.report.accepted", user=officer,
               data={"from": "submitted", "to": "accepted", "comment": "Đạt yêu cầu"})
    steps = client.get("/audit/", {"action": "steps"}).context["page"].object_list
    assert [(e.kind, e.action_type, e.actor) for e in steps] == [
        ("action", "facilities.report.accepted", officer)]
    everything = client.get("/audit/").context["page"].object_list
    assert [e.kind for e in everything[:3]] == ["action", "diff", "diff"]  # newest first
    assert [e.object_repr for e in everything[1:3]] == [str(report), str(facility)]
    page = client.get("/audit/", {"action": "facilities.report.accepted"}).content.decode()
    assert "Đạt yêu cầu" in page and "Công ty A" in page
    only_changes = client.get("/audit/", {"action": "0"}).context["page"].object_list
    assert {e.kind for e in only_changes} == {"diff"}
