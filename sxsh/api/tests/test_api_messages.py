"""Django REST framework's own messages reach the API's clients in Vietnamese, as the
pages' messages do: a test per kind of error, with the words the client reads, and one that
no message DRF can send is left in English (``sxsh/api/drf_messages.py`` says why)."""

from __future__ import annotations

import datetime as dt
import inspect

import pytest
import time_machine
from django.utils import translation
from django.utils.functional import Promise
from rest_framework import exceptions, fields, pagination, relations, serializers, validators
from rest_framework.test import APIClient

from sxsh.api.common import TokenReadThrottle
from sxsh.facilities.tests.factories import FacilityFactory

pytestmark = pytest.mark.django_db

FACILITIES = "/api/v1/facilities/"


def test_it_says_not_found_in_vietnamese(api, users):
    answer = api("canbo").get(f"{FACILITIES}987654/")
    assert answer.status_code == 404
    assert answer.json() == {"detail": "Không tìm thấy."}


def test_it_says_that_no_credentials_were_sent_in_vietnamese(users):
    answer = APIClient().get(FACILITIES)
    assert answer.status_code == 401
    assert answer.json() == {"detail": "Chưa gửi thông tin xác thực: gửi token trong tiêu đề "
                                       "Authorization hoặc đăng nhập."}


def test_it_says_that_a_page_past_the_last_is_invalid_in_vietnamese(api, users):
    answer = api("canbo").get(FACILITIES, {"page": 99})
    assert answer.status_code == 404
    assert answer.json() == {"detail": "Trang không hợp lệ."}


def test_it_says_that_the_token_made_too_many_requests_and_for_how_long(api, users,
                                                                         monkeypatch):
    monkeypatch.setattr(TokenReadThrottle, "rate", "1/min", raising=False)
    client = api("canbo")
    with time_machine.travel(dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC), tick=False):
        assert client.get(FACILITIES).status_code == 200
        answer = client.get(FACILITIES)
    assert answer.status_code == 429
    assert answer.json() == {"detail": "Đã vượt giới hạn số yêu cầu. Có thể gửi lại sau 60 "
                                       "giây."}
    assert answer["Retry-After"] == "60"


def test_it_says_that_the_method_is_not_allowed_in_vietnamese(api, users):
    facility = FacilityFactory()
    answer = api("canbo").delete(f"{FACILITIES}{facility.pk}/")
    assert answer.status_code == 405
    assert answer.json() == {"detail": "Phương thức “DELETE” không được chấp nhận."}


def test_it_says_where_the_json_breaks_in_vietnamese(api, users):
    answer = api("canbo").post(FACILITIES, '{"name": ', content_type="application/json")
    assert answer.status_code == 400
    # '{"name": ' ends after its 9th character: the value is missing at column 10.
    assert answer.json() == {"detail": "Nội dung yêu cầu không phải là JSON hợp lệ (dòng 1, "
                                       "cột 10)."}


def test_it_says_that_a_multipart_body_cannot_be_read_in_vietnamese(api, users):
    facility = FacilityFactory()
    client = api("canbo")
    tag = client.get(f"{FACILITIES}{facility.pk}/")["ETag"]
    answer = client.patch(f"{FACILITIES}{facility.pk}/", b"name=x",
                          content_type="multipart/form-data", HTTP_IF_MATCH=tag)
    assert answer.status_code == 400
    assert answer.json() == {"detail": "Không đọc được nội dung yêu cầu theo kiểu "
                                       "multipart/form-data."}


def test_it_says_which_fields_are_required_and_which_are_not_numbers_in_vietnamese(api,
                                                                                    users):
    answer = api("canbo").post(FACILITIES, {"employees": "nhiều"}, format="json")
    assert answer.status_code == 400
    errors = answer.json()
    assert errors["name"] == ["Trường này là bắt buộc."]
    assert errors["tax_code"] == ["Trường này là bắt buộc."]
    assert errors["employees"] == ["Cần một số nguyên hợp lệ."]


def test_it_says_that_the_media_type_is_not_supported_in_vietnamese(api, users):
    answer = api("canbo").post(FACILITIES, "name=x", content_type="text/plain")
    assert answer.status_code == 415
    assert answer.json() == {"detail": "Yêu cầu có kiểu dữ liệu “text/plain” không được hỗ "
                                       "trợ."}


def test_it_says_that_it_cannot_answer_in_the_format_asked_in_vietnamese(api, users):
    answer = api("canbo").get(FACILITIES, HTTP_ACCEPT="application/xml")
    assert answer.status_code == 406
    assert answer.json() == {"detail": "Không thể trả lời theo định dạng mà tiêu đề Accept "
                                       "yêu cầu."}


def test_it_says_that_the_role_may_not_do_this_in_vietnamese(api, users):
    answer = api("doanhnghiep").post(FACILITIES, {}, format="json")
    assert answer.status_code == 403
    assert answer.json() == {"detail": "Bạn không được cấp quyền để thực hiện hành động này."}


def _drf_messages() -> dict[str, object]:
    """Every message DRF's exceptions, fields, relations, validators and pagination hold."""
    found: dict[str, object] = {}
    for module in (exceptions, fields, relations, serializers, validators):
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if not cls.__module__.startswith("rest_framework"):
                continue
            for attr in ("default_detail", "message", "missing_message",
                         "extra_detail_singular", "extra_detail_plural"):
                if isinstance(getattr(cls, attr, None), Promise):
                    found[f"{name}.{attr}"] = getattr(cls, attr)
            for key, message in getattr(cls, "default_error_messages", {}).items():
                found[f"{name}.{key}"] = message
    found["PageNumberPagination.invalid_page_message"] = (
        pagination.PageNumberPagination.invalid_page_message)
    return found


def test_no_message_drf_sends_is_left_in_english():
    messages = _drf_messages()
    assert len(messages) > 60
    with translation.override("en"):
        english = {key: str(message) for key, message in messages.items()}
    with translation.override("vi"):
        left = sorted(key for key, message in messages.items() if str(message) == english[key])
    assert left == []
