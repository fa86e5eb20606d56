"""What a careless or hostile client sends to the API is refused in JSON, in words, and
nothing of it is kept (stop 19's review)."""

from __future__ import annotations

import pytest

from sxsh.facilities.models import Report

pytestmark = pytest.mark.django_db
LIST = "/api/v1/reports/"


@pytest.fixture
def own(make_facility, users):
    return make_facility(tax_code="3300100001", name="Bia Huế",
                         accounts=[users["doanhnghiep"]])


def test_it_refuses_a_control_character_in_a_json_text_and_keeps_nothing(api, own):
    answer = api("doanhnghiep").post(LIST, {"facility": own.pk, "year": 2017,
                                            "cp_measures": "Tắt đèn\u0001"}, format="json")

    assert (answer.status_code, answer.json()) == (400, {"detail": (
        "Trường “cp_measures” chứa ký tự điều khiển (U+0001), tên, địa chỉ hay ghi chú đều "
        "không được chứa ký tự này.")})
    assert not Report.objects.exists()


def test_it_names_the_item_of_a_bulk_list_whose_key_holds_a_control_character(api, own):
    answer = api("doanhnghiep").post(f"{LIST}bulk/", [
        {"tax_code": own.tax_code, "year": 2017},
        {"tax_code": own.tax_code, "year\u001f": 2018}], format="json")

    assert answer.status_code == 400
    assert answer.json()["detail"].startswith("Trường “1.year\u001f” chứa ký tự điều khiển "
                                              "(U+001F)")
    assert not Report.objects.exists()


def test_it_refuses_a_control_character_in_a_form_encoded_patch(api, own, make_report):
    report = make_report(own, 2017, status=Report.Status.DRAFT)
    client = api("doanhnghiep")

    answer = client.patch(f"{LIST}{report.pk}/", "cp_measures=a%07b",
                          content_type="application/x-www-form-urlencoded",
                          HTTP_IF_MATCH=client.get(f"{LIST}{report.pk}/")["ETag"])

    assert answer.status_code == 400
    assert "(U+0007)" in answer.json()["detail"]
    report.refresh_from_db()
    assert report.cp_measures == ""


def test_it_answers_a_control_character_in_the_address_in_json(api, own):
    answer = api("doanhnghiep").get("/api/v1/facilities/?q=a%00b")

    assert answer.status_code == 400
    assert answer["Content-Type"] == "application/json"
    assert answer.json() == {"detail": "Trường “q” chứa ký tự điều khiển (U+0000), tên, địa "
                                       "chỉ hay ghi chú đều không được chứa ký tự này."}


def test_it_refuses_a_facility_filter_no_database_id_holds(api, own, make_report):
    make_report(own, 2017)
    client = api("doanhnghiep")

    answer = client.get(f"{LIST}?facility=99999999999999999999")

    assert answer.status_code == 400
    assert list(answer.json()) == ["facility"]
    assert client.get(f"{LIST}?facility={own.pk}").json()["count"] == 1


@pytest.mark.parametrize(("address", "name"), [
    ("/api/v1/assessments/?facility=99999999999999999999", "facility"),
    ("/api/v1/options/?assessment=-99999999999999999999", "assessment"),
])
def test_it_refuses_the_other_id_filters_no_database_id_holds(api, address, name):
    answer = api("canbo").get(address)

    assert (answer.status_code, list(answer.json())) == (400, [name])


def test_it_refuses_a_direction_isolate_in_json_like_a_control_character(api, own):
    answer = api("doanhnghiep").post(LIST, {"facility": own.pk, "year": 2017,
                                            "cp_measures": "Tắt đèn\u2066"}, format="json")
    assert answer.status_code == 400
    assert "(U+2066)" in answer.json()["detail"]
    assert not Report.objects.exists()
