import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIRequestFactory

from sxsh.api.errors import handle
from sxsh.api.permissions import holds

pytestmark = pytest.mark.django_db


def _request(method: str, user):
    request = getattr(APIRequestFactory(), method)("/api/v1/x/")
    request.user = user
    return request


def test_it_grants_writes_only_to_those_holding_the_capability(users):
    permission = holds("facilities.review")()
    assert permission.has_permission(_request("post", users["canbo"]), None)
    assert not permission.has_permission(_request("post", users["doanhnghiep"]), None)


def test_it_lets_any_signed_in_user_read_when_the_capability_guards_only_writes(users):
    permission = holds("facilities.review", for_reading=True)()
    assert permission.has_permission(_request("get", users["doanhnghiep"]), None)
    assert not permission.has_permission(_request("post", users["doanhnghiep"]), None)


def test_it_refuses_an_unknown_capability_when_the_view_is_written():
    with pytest.raises(LookupError):
        holds("facilities.nothing")


def test_it_answers_a_services_validation_error_as_a_400_by_field():
    response = handle(ValidationError({"year": ["Năm phải từ 2016 đến 2020."]}), {})
    assert response.status_code == 400
    assert response.data == {"year": ["Năm phải từ 2016 đến 2020."]}
    response = handle(ValidationError("Báo cáo đã được duyệt."), {})
    assert response.data == {"non_field_errors": ["Báo cáo đã được duyệt."]}


def test_it_answers_an_address_naming_no_resource_with_a_json_404(client):
    response = client.get("/api/v1/facilities/1.4926437961830094e-225/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Không tìm thấy."}


def test_it_answers_a_write_to_an_address_naming_no_resource_with_a_json_404_too(users):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(users["lanhdao"])
    response = client.patch("/api/v1/facilities/1.5e-9/", "{}", content_type="application/json")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
