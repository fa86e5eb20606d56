"""Audit gaps closed (issue 11, finding 6): groups, permissions given in the
administration and password changes are recorded; loading a fixture invents no history;
a command records who ran it: the --user, or else the operating-system account."""

import getpass

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.core import serializers
from django.core.management import call_command

from conftest import TEST_PASSWORD
from sxsh.core import audit
from sxsh.core.models import AuditAction, User
from sxsh.facilities.models import Facility

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Xanh-la-cay-2020"
FACILITIES_CSV = (
    "tax_code,name,address,admin_unit,vsic,employees,revenue_bn_vnd,capital_bn_vnd,"
    "opened_year,closed_year,industrial_zone\n"
    "3300100001,Công ty Dệt A,Phú Đa,phu-vang,13,150,120,80,2010,,KCN Phú Bài\n")


def test_it_records_a_group_made_in_the_administration_with_its_permissions(client, users):
    client.force_login(users["admin"])
    permission = Permission.objects.get(codename="change_agency")
    response = client.post("/admin/auth/group/add/", {
        "name": "Biên tập danh mục", "permissions": [permission.pk]})
    assert response.status_code == 302
    group = Group.objects.get(name="Biên tập danh mục")
    entries = list(LogEntry.objects.get_for_object(group).order_by("pk"))
    assert [(e.action, e.actor) for e in entries] == [
        (LogEntry.Action.CREATE, users["admin"]), (LogEntry.Action.UPDATE, users["admin"])]
    assert entries[0].changes_dict["name"] == ["None", "Biên tập danh mục"]
    assert entries[1].changes_dict["permissions"] == {
        "type": "m2m", "operation": "add", "objects": [str(permission)]}


def test_it_records_groups_and_permissions_given_to_a_user(users):
    group = Group.objects.create(name="Kiểm tra số liệu")
    permission = Permission.objects.get(codename="view_agency")
    canbo = users["canbo"]
    with audit.acting(users["admin"]):
        canbo.groups.add(group)
        canbo.user_permissions.add(permission)
        canbo.groups.remove(group)
    changes = [(e.actor, e.changes_dict) for e in
               LogEntry.objects.get_for_object(canbo).filter(
                   action=LogEntry.Action.UPDATE).order_by("pk")]
    assert changes == [
        (users["admin"], {"groups": {"type": "m2m", "operation": "add",
                                     "objects": ["Kiểm tra số liệu"]}}),
        (users["admin"], {"user_permissions": {"type": "m2m", "operation": "add",
                                               "objects": [str(permission)]}}),
        (users["admin"], {"groups": {"type": "m2m", "operation": "delete",
                                     "objects": ["Kiểm tra số liệu"]}}),
    ]


def _password_actions(user) -> list:
    return list(AuditAction.objects.filter(action_type="core.user.password_changed",
                                           object_pk=str(user.pk)).values_list("actor", "data"))


def test_it_records_a_users_own_password_change_and_not_a_refused_one(client, users):
    client.force_login(users["tuvan"])
    form = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    assert client.post("/accounts/password/", {**form, "old_password": "wrong"}).status_code == 200
    assert _password_actions(users["tuvan"]) == []
    response = client.post("/accounts/password/", {**form, "old_password": TEST_PASSWORD})
    assert response.status_code == 302
    assert _password_actions(users["tuvan"]) == [(users["tuvan"].pk, {})]


def test_it_records_a_password_set_by_an_administrator(client, users):
    client.force_login(users["admin"])
    url = f"/admin/core/user/{users['tuvan'].pk}/password/"
    mismatch = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x",
                                 "set_usable_password": "true"})
    assert mismatch.status_code == 200
    assert _password_actions(users["tuvan"]) == []
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
                                 "set_usable_password": "true"})
    assert response.status_code == 302
    users["tuvan"].refresh_from_db()
    assert users["tuvan"].check_password(NEW_PASSWORD)
    assert _password_actions(users["tuvan"]) == [(users["admin"].pk, {})]
    page = client.get("/audit/?action=core.user.password_changed").content.decode()
    assert "đổi mật khẩu" in page


def test_loading_a_fixture_invents_no_audit_entry(users, tmp_path):
    group = Group.objects.create(name="Nhóm A")
    group.permissions.add(Permission.objects.get(codename="view_agency"))
    person = User.objects.create_user(username="nguoi-moi", full_name="Người Mới")
    person.groups.add(group)
    fixture = tmp_path / "nhom.json"
    fixture.write_text(serializers.serialize("json", [group, person]), encoding="utf-8")
    person.delete()
    group.delete()
    before = LogEntry.objects.count()
    call_command("loaddata", str(fixture), verbosity=0)
    assert User.objects.get(username="nguoi-moi").groups.get().name == "Nhóm A"
    assert LogEntry.objects.count() == before


def test_a_command_without_user_records_the_operating_system_account(users, tmp_path):
    path = tmp_path / "co-so.csv"
    path.write_text(FACILITIES_CSV, encoding="utf-8")
    call_command("import-facilities", str(path), stdout=open("/dev/null", "w"))
    facility = Facility.objects.get(tax_code="3300100001")
    entry = LogEntry.objects.get_for_object(facility).get()
    assert entry.actor is None
    assert entry.additional_data == {"os_user": getpass.getuser()}
    entry.kind = audit.DIFF
    assert audit.actor_label(entry) == f"{getpass.getuser()} (dòng lệnh)"


def test_a_command_with_user_records_that_user(users, tmp_path):
    path = tmp_path / "co-so.csv"
    path.write_text(FACILITIES_CSV, encoding="utf-8")
    call_command("import-facilities", str(path), "--user", "canbo",
                 stdout=open("/dev/null", "w"))
    entry = LogEntry.objects.get_for_object(Facility.objects.get(tax_code="3300100001")).get()
    assert (entry.actor, entry.additional_data) == (users["canbo"], None)


def test_the_audit_page_names_the_operating_system_account(client, users):
    with audit.acting(None, os_user="vanhanh"):
        User.objects.filter(username="tuvan").get().save()  # nothing changed: no entry
        unit_user = User.objects.create_user(username="moi", password=TEST_PASSWORD)
        audit.log_action(unit_user, "core.user.password_changed")
    action = AuditAction.objects.get(object_pk=str(unit_user.pk))
    assert (action.actor, action.data) == (None, {"os_user": "vanhanh"})
    client.force_login(users["canbo"])
    page = client.get("/audit/").content.decode()
    assert page.count("<td>vanhanh (dòng lệnh)</td>") == 2  # the user created, the action
    assert "os_user" not in page
