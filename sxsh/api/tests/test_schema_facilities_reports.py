"""The facilities' and reports' operations in the OpenAPI schema: valid, in Vietnamese, with
the token as their security scheme and their error answers."""

from __future__ import annotations

import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db

OURS = {"/api/v1/facilities/", "/api/v1/facilities/{id}/", "/api/v1/reports/",
        "/api/v1/reports/{id}/", "/api/v1/reports/{id}/submit/", "/api/v1/reports/bulk/"}


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_the_schema_is_valid_openapi(schema):
    validate_schema(schema)  # raises on an invalid document
    assert OURS <= set(schema["paths"])


def test_every_operation_has_a_vietnamese_summary_and_the_token_scheme(schema):
    operations = [op for path in OURS for op in schema["paths"][path].values()]
    assert len(operations) == 12  # 2 lists, 2 creates, 2 × (get, put, patch), submit, bulk
    assert all(op["summary"] and {"token": []} in op["security"] for op in operations)
    assert schema["paths"]["/api/v1/reports/bulk/"]["post"]["summary"] == (
        "Gửi nhiều báo cáo cùng lúc")
    assert schema["components"]["securitySchemes"]["token"]["scheme"] == "bearer"


def test_an_update_documents_its_preconditions(schema):
    answers = schema["paths"]["/api/v1/reports/{id}/"]["patch"]["responses"]
    assert {"200", "400", "401", "403", "404", "412", "428", "429"} <= set(answers)
