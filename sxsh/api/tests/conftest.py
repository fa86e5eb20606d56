"""An API client per user, signed with a personal token made as the token page makes it."""

from __future__ import annotations

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from sxsh.api.tokens import token_create
from sxsh.facilities.tests.conftest import make_facility, make_report  # noqa: F401


@pytest.fixture(autouse=True)
def vietnamese():
    """Answers in the UI's language (the API's messages are the pages' messages)."""
    with translation.override("vi"):
        yield


def client_with(key: str) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="vi")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


@pytest.fixture
def api(users):
    """``api("doanhnghiep")``: a client bearing a new token of that demo user."""

    def make(username: str) -> APIClient:
        _token, key = token_create(user=users[username], name="Hệ thống quản lý năng lượng")
        return client_with(key)

    return make
