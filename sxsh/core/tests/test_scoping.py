import pytest
from django.http import Http404

from sxsh.core.models import AdminUnit, User
from sxsh.core.scoping import Role, ScopedQuerySet

pytestmark = pytest.mark.django_db


class OnlyOfficers(ScopedQuerySet):
    def scope_officer(self, user):
        return self.all()


def scoped_units():
    return OnlyOfficers(model=AdminUnit)


def test_a_role_without_a_scope_sees_nothing(users, reference):
    qs = scoped_units()
    assert qs.for_user(users["canbo"]).count() == AdminUnit.objects.count()
    for outsider in ("doanhnghiep", "diaphuong", "doitac", "tuvan", "taichinh", "lanhdao"):
        assert qs.for_user(users[outsider]).count() == 0


def test_anonymous_and_inactive_users_see_only_public_rows(users):
    from django.contrib.auth.models import AnonymousUser

    assert scoped_units().for_user(AnonymousUser()).count() == 0
    assert scoped_units().for_user(None).count() == 0
    officer = users["canbo"]
    officer.is_active = False
    assert scoped_units().for_user(officer).count() == 0


def test_administrators_see_everything(users):
    assert scoped_units().for_user(users["admin"]).count() == AdminUnit.objects.count()


def test_get_for_user_or_404_refuses_a_row_out_of_scope(users):
    unit = AdminUnit.objects.get(code="phu-vang")
    assert scoped_units().get_for_user_or_404(users["canbo"], pk=unit.pk) == unit
    with pytest.raises(Http404):
        scoped_units().get_for_user_or_404(users["doanhnghiep"], pk=unit.pk)
    with pytest.raises(Http404):
        scoped_units().get_for_user_or_404(users["canbo"], pk="not-a-number")


def test_a_local_focal_point_answers_for_its_unit_and_those_below(users):
    province = AdminUnit.objects.get(code="tth")
    local = User.objects.create(username="tinh", role=Role.LOCAL, admin_unit=province)
    area = local.area_unit_ids()
    assert AdminUnit.objects.get(code="nam-dong").pk in area
    assert AdminUnit.objects.get(code="phu-xuan").pk not in area
    assert users["diaphuong"].area_unit_ids() == {AdminUnit.objects.get(code="phu-vang").pk}


def test_roles_must_name_their_organisation(reference):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as local:
        User(username="x", role=Role.LOCAL).clean()
    assert "admin_unit" in local.value.message_dict
    with pytest.raises(ValidationError) as partner:
        User(username="y", role=Role.PARTNER).clean()
    assert "agency" in partner.value.message_dict


def test_the_audit_page_refuses_everyone_but_officers(client, users):
    from sxsh.core.models import User

    response = client.get("/audit/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    for outsider in ("doanhnghiep", "diaphuong", "doitac", "tuvan", "taichinh", "lanhdao"):
        client.force_login(User.objects.get(username=outsider))
        assert client.get("/audit/").status_code == 403, outsider
    client.force_login(User.objects.get(username="canbo"))
    assert client.get("/audit/").status_code == 200
