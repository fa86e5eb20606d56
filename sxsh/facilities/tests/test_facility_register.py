"""Registering a facility: tax code, VSIC, and the Decree 80/2021 size class at each threshold."""

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from sxsh.core.models import AdminUnit, VsicDivision
from sxsh.facilities.models import Facility
from sxsh.facilities.services import facility_create, facility_update

pytestmark = pytest.mark.django_db


def _data(**kw):
    data = dict(tax_code="3300100001", name="Công ty A",
                admin_unit=AdminUnit.objects.get(code="phu-vang"),
                vsic=VsicDivision.objects.get(code="13"), employees=10,
                revenue_bn_vnd=Decimal("3"), capital_bn_vnd=Decimal("50"))
    data.update(kw)
    return data


# Decree 80/2021, industry: micro ≤ 10 employees and (revenue ≤ 3 or capital ≤ 3 bn VND);
# small ≤ 100 and (≤ 50 or ≤ 20); medium ≤ 200 and (≤ 200 or ≤ 100); above that large.
@pytest.mark.parametrize(("employees", "revenue", "capital", "size"), [
    (10, "3", "50", "micro"),        # on the micro bounds by revenue
    (10, "3.001", "3", "micro"),     # revenue above, capital on the bound
    (11, "1", "1", "small"),         # one employee too many for micro
    (10, "3.5", "3.5", "small"),     # both money figures above micro
    (100, "50", "999", "small"),     # on the small bounds by revenue
    (100, "51", "20", "small"),      # by capital
    (101, "1", "1", "medium"),
    (100, "51", "21", "medium"),
    (200, "200", "999", "medium"),
    (200, "999", "100", "medium"),
    (201, "1", "1", "large"),
    (200, "201", "101", "large"),
])
def test_the_size_class_follows_decree_80_at_each_threshold(users, employees, revenue, capital,
                                                            size):
    facility = facility_create(data=_data(employees=employees, revenue_bn_vnd=Decimal(revenue),
                                          capital_bn_vnd=Decimal(capital)), user=users["canbo"])
    assert facility.size_class == size
    assert "80/2021" in facility.size_reason


def test_the_reason_names_the_figures_that_decided(users):
    facility = facility_create(data=_data(employees=10, revenue_bn_vnd=Decimal("3")),
                               user=users["canbo"])
    assert facility.size_reason == (
        "Siêu nhỏ: 10 ≤ 10 lao động và doanh thu 3 ≤ 3 tỷ đồng (Nghị định 80/2021)"
    )


def test_a_facility_without_employees_has_no_size_and_says_why(users):
    facility = facility_create(data=_data(employees=None), user=users["canbo"])
    assert facility.size_class == ""
    assert facility.size_reason


def test_the_size_class_follows_an_update(users):
    facility = facility_create(data=_data(), user=users["canbo"])
    facility = facility_update(facility=facility, data={"employees": 250}, user=users["canbo"])
    assert facility.size_class == "large"
    assert Facility.objects.get(pk=facility.pk).size_class == "large"


@pytest.mark.parametrize("tax_code", ["330010000", "33001000011", "3300100001-12", "abc",
                                      "3300100001 "])
def test_a_malformed_tax_code_is_refused(users, tax_code):
    with pytest.raises(ValidationError) as exc:
        facility_create(data=_data(tax_code=tax_code), user=users["canbo"])
    assert "tax_code" in exc.value.message_dict


def test_a_branch_tax_code_is_accepted_and_a_duplicate_is_not(users):
    facility_create(data=_data(tax_code="3300100001-001"), user=users["canbo"])
    with pytest.raises(ValidationError) as exc:
        facility_create(data=_data(tax_code="3300100001-001", name="B"), user=users["canbo"])
    assert exc.value.message_dict["tax_code"] == ["Một cơ sở khác đã có mã số thuế này."]


def test_a_facility_outside_manufacturing_is_refused(users):
    with pytest.raises(ValidationError) as exc:
        facility_create(data=_data(vsic=None), user=users["canbo"])
    assert "vsic" in exc.value.message_dict


def test_a_local_focal_point_registers_only_in_its_area(users):
    facility_create(data=_data(), user=users["diaphuong"])
    with pytest.raises(ValidationError):
        facility_create(data=_data(tax_code="3300100002",
                                   admin_unit=AdminUnit.objects.get(code="a-luoi")),
                        user=users["diaphuong"])


def test_an_enterprise_cannot_register_facilities(users):
    with pytest.raises(PermissionDenied):
        facility_create(data=_data(), user=users["doanhnghiep"])


def test_registering_and_changing_a_facility_is_audited(users):
    facility = facility_create(data=_data(), user=users["canbo"])
    facility_update(facility=facility, data={"name": "Công ty B"}, user=users["canbo"])
    entries = LogEntry.objects.get_for_object(facility).order_by("pk")
    assert [e.action for e in entries] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    assert entries[1].changes_dict["name"] == ["Công ty A", "Công ty B"]
