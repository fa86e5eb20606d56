"""Ordering a list by a column whose values tie: the primary key breaks the tie, so paging
through the list never repeats or skips a row."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory, force_authenticate

from sxsh.api.common import StableOrdering
from sxsh.api.urls import router
from sxsh.facilities.tests.factories import FacilityFactory

pytestmark = pytest.mark.django_db

PAGE_SIZE = 50  # settings.REST_FRAMEWORK["PAGE_SIZE"]


def test_it_pages_through_facilities_that_tie_on_the_column_and_sees_every_id_once(api):
    # 120 facilities, every one "small" with 50 employees: three pages of 50, 50 and 20.
    made = [FacilityFactory(size="small").pk for _ in range(120)]
    client = api("canbo")
    seen: list[int] = []
    with CaptureQueriesContext(connection) as queries:
        for page in (1, 2, 3):
            response = client.get("/api/v1/facilities/", {"ordering": "employees",
                                                           "page": page})
            assert response.status_code == 200
            assert {row["employees"] for row in response.json()["results"]} == {50}
            seen += [row["id"] for row in response.json()["results"]]
    assert len(seen) == 120
    assert sorted(seen) == sorted(made)
    # The tie is broken in the query, not by the luck of the database's scan order.
    pages = [q["sql"] for q in queries.captured_queries if "LIMIT" in q["sql"]
             and '"facilities_facility"."employees" ASC' in q["sql"]]
    assert len(pages) == 3
    assert all(sql.split("ORDER BY")[1].split("LIMIT")[0].strip().endswith(
        '"facilities_facility"."employees" ASC, "facilities_facility"."id" ASC')
        for sql in pages)


def _paged_lists():
    """Every list of the router that pages and orders: (basename, viewset)."""
    for _prefix, viewset, basename in router.registry:
        if (hasattr(viewset, "list") and getattr(viewset, "pagination_class", None)
                and StableOrdering in getattr(viewset, "filter_backends", [])):
            yield basename, viewset


def _order_of(viewset, user, ordering: str | None) -> list[str]:
    request = APIRequestFactory().get("/", {"ordering": ordering} if ordering else {})
    force_authenticate(request, user=user)
    view = viewset(action="list", kwargs={}, format_kwarg=None, swagger_fake_view=True)
    view.request = Request(request)
    view.request.user = user
    queryset = view.filter_queryset(view.get_queryset())
    return [str(field) for field in queryset.query.order_by]


def test_it_names_the_lists_that_page_and_order():
    assert sorted(name for name, _ in _paged_lists()) == [
        "activity", "activity-attendance", "annual-report", "api-facility", "api-report", "article",
        "assessment", "case-study", "document", "national-package", "option", "plan"]


@pytest.mark.parametrize("basename,viewset", list(_paged_lists()))
def test_it_ends_every_ordering_of_every_list_with_the_primary_key(users, basename, viewset):
    admin = users["admin"]
    for ordering in [None, *getattr(viewset, "ordering_fields", [])]:
        for sign in ("", "-"):
            asked = f"{sign}{ordering}" if ordering else None
            order = _order_of(viewset, admin, asked)
            assert order[-1].lstrip("-") in ("pk", "id"), (basename, asked, order)
