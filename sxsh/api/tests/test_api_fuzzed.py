"""What fuzzing the API with each role's token found (``test_schemathesis``), each fixed
and pinned here."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/api/v1/activities/", "/api/v1/assessments/",
                                 "/api/v1/annual-reports/"])
def test_a_year_no_date_can_hold_is_refused_not_a_server_error(api, users, url):
    # year=99999999999 became datetime.date(99999999999, 1, 1): an OverflowError (500).
    answer = api("admin").get(url, {"year": 99999999999})
    assert answer.status_code == 400
    assert answer.json() == {"year": ["Giá trị phải nhỏ hơn hoặc bằng 2100."]}


def test_a_year_within_the_bounds_still_filters(api, users):
    answer = api("admin").get("/api/v1/activities/", {"year": 2100})
    assert answer.status_code == 200
    assert answer.json()["results"] == []


def test_an_update_of_an_id_that_is_no_number_is_not_found(api, users):
    # Versioned.locked_object used Django's get_object_or_404: ValueError, a 500.
    answer = api("canbo").put("/api/v1/reports/(abc/", {}, format="json", HTTP_IF_MATCH="*")
    assert answer.status_code == 404
    assert answer.json() == {"detail": "Không tìm thấy."}


def _schema(client) -> dict:
    return client.get("/api/schema/", {"format": "json"}).json()


def test_the_indicators_answer_is_documented_as_one_object_not_a_list(api, users):
    schema = _schema(api("canbo"))
    answer = schema["paths"]["/api/v1/indicators/"]["get"]["responses"]["200"]
    assert answer["content"]["application/json"]["schema"]["type"] == "object"


def test_a_bulk_body_that_is_no_list_is_refused_as_the_schema_documents(api, users):
    client = api("canbo")
    answer = client.post("/api/v1/reports/bulk/", {"tax_code": "1"}, format="json")
    assert answer.status_code == 400
    assert answer.json() == {"detail": "Hãy gửi một danh sách JSON các báo cáo."}
    assert _schema(client)["components"]["schemas"]["BulkErrors"]["required"] == ["detail"]
