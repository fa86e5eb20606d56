"""Personal API tokens: hashed at rest, shown once, refused when revoked or expired, acting
exactly as their user, audited, noted when used (at most once a minute)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from sxsh.api.models import Token
from sxsh.api.tokens import token_create, token_revoke
from sxsh.core.models import AuditAction
from sxsh.core.tests.clock import HUE, stopped_at

from .conftest import client_with

pytestmark = pytest.mark.django_db

FACILITIES = "/api/v1/facilities/"


def test_it_stores_only_the_hash_of_the_secret(users):
    token, key = token_create(user=users["doanhnghiep"], name="EMS")
    start, prefix, secret = key.split("_", 2)
    assert (start, prefix, len(secret)) == ("sxsh", token.prefix, 43)  # 32 bytes, base64
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM api_token")
        stored = [str(cell) for row in cursor.fetchall() for cell in row]
    assert not any(secret in cell for cell in stored)
    assert hashlib.sha256(secret.encode()).hexdigest() in stored


@stopped_at(2026, 3, 2)
def test_it_lives_90_days_unless_told_and_never_more_than_a_year(users):
    token, _key = token_create(user=users["canbo"], name="Sổ tính của huyện")
    assert token.expires_at == dt.datetime(2026, 5, 31, 10, tzinfo=HUE)  # 2 March + 90 days
    with pytest.raises(Exception) as refused:
        token_create(user=users["canbo"], name="Dài hạn",
                     expires_at=timezone.now() + dt.timedelta(days=366))
    assert refused.value.message_dict == {
        "expires_at": ["Token chỉ có hiệu lực tối đa một năm."]}


def test_it_acts_exactly_as_its_user(users, make_facility):
    own = make_facility(accounts=[users["doanhnghiep"]])
    make_facility()
    _token, key = token_create(user=users["doanhnghiep"], name="EMS")
    answer = client_with(key).get(FACILITIES)
    assert answer.status_code == 200
    assert [f["tax_code"] for f in answer.json()["results"]] == [own.tax_code]


@pytest.mark.parametrize("key, message", [
    ("sxsh_00000000_not-a-secret", "Token không hợp lệ."),
    ("not-even-a-token", "Token không hợp lệ."),
])
def test_it_refuses_an_unknown_key_with_401(users, key, message):
    answer = client_with(key).get(FACILITIES)
    assert (answer.status_code, answer.json()) == (401, {"detail": message})
    assert answer["WWW-Authenticate"] == 'Bearer realm="api"'


def test_it_refuses_a_right_prefix_with_a_wrong_secret(users):
    token, key = token_create(user=users["canbo"], name="EMS")
    answer = client_with(key[:-1] + ("A" if key[-1] != "A" else "B")).get(FACILITIES)
    assert (answer.status_code, answer.json()) == (401, {"detail": "Token không hợp lệ."})


def test_it_refuses_a_revoked_token(users):
    token, key = token_create(user=users["canbo"], name="EMS")
    assert client_with(key).get(FACILITIES).status_code == 200
    token_revoke(token=token, user=users["canbo"])
    answer = client_with(key).get(FACILITIES)
    assert (answer.status_code, answer.json()) == (401, {"detail": "Token này đã bị thu hồi."})


def test_it_refuses_an_expired_token(users):
    with time_machine.travel(dt.datetime(2026, 1, 5, 9, tzinfo=HUE), tick=False):
        _token, key = token_create(user=users["canbo"], name="EMS",
                                   expires_at=dt.datetime(2026, 1, 6, 9, tzinfo=HUE))
        assert client_with(key).get(FACILITIES).status_code == 200
    with time_machine.travel(dt.datetime(2026, 1, 6, 9, tzinfo=HUE), tick=False):
        answer = client_with(key).get(FACILITIES)
    assert (answer.status_code, answer.json()) == (
        401, {"detail": "Token này đã hết hạn: hãy tạo token mới."})


def test_it_refuses_the_token_of_a_disabled_account(users):
    _token, key = token_create(user=users["canbo"], name="EMS")
    users["canbo"].is_active = False
    users["canbo"].save()
    answer = client_with(key).get(FACILITIES)
    assert (answer.status_code, answer.json()) == (
        401, {"detail": "Tài khoản của token này đã bị khóa."})


def test_it_notes_the_last_use_at_most_once_a_minute(users):
    start = dt.datetime(2026, 1, 5, 9, tzinfo=HUE)
    with time_machine.travel(start, tick=False):
        token, key = token_create(user=users["canbo"], name="EMS")
        client_with(key).get(FACILITIES)
    token.refresh_from_db()
    assert token.last_used_at == start
    with time_machine.travel(start + dt.timedelta(seconds=59), tick=False):
        client_with(key).get(FACILITIES)
    token.refresh_from_db()
    assert token.last_used_at == start  # not written again within the minute
    with time_machine.travel(start + dt.timedelta(seconds=60), tick=False):
        client_with(key).get(FACILITIES)
    token.refresh_from_db()
    assert token.last_used_at == start + dt.timedelta(seconds=60)


def test_it_audits_creation_and_revocation_without_the_secret(users):
    token, key = token_create(user=users["doanhnghiep"], name="EMS")
    token_revoke(token=token, user=users["doanhnghiep"])
    token_revoke(token=token, user=users["doanhnghiep"])  # again: nothing more to record
    steps = AuditAction.objects.filter(object_pk=str(token.pk)).order_by("pk")
    assert [(a.action_type, a.actor.username) for a in steps] == [
        ("api.token.created", "doanhnghiep"), ("api.token.revoked", "doanhnghiep")]
    secret = key.split("_", 2)[2]
    assert not any(secret in str(a.data) + a.object_repr for a in steps)


def test_a_user_cannot_revoke_another_s_token(users):
    from django.http import Http404

    token, _key = token_create(user=users["doanhnghiep"], name="EMS")
    with pytest.raises(Http404):
        token_revoke(token=token, user=users["canbo"])
    token_revoke(token=token, user=users["admin"])  # the administrator may
    assert Token.objects.get(pk=token.pk).revoked_at is not None


# --- the pages ----------------------------------------------------------------------------


def test_the_page_shows_the_secret_once_and_lists_the_token_without_it(client, users):
    client.force_login(users["diaphuong"])
    answer = client.post(reverse("tokens:new"), {"name": "Sổ tính của huyện",
                                                 "expires_on": ""})
    assert answer.status_code == 200
    token = Token.objects.get(user=users["diaphuong"])
    key = answer.context["key"]
    assert key.startswith(f"sxsh_{token.prefix}_")
    assert key in answer.content.decode()
    assert "no-store" in answer["Cache-Control"]
    listing = client.get(reverse("tokens:list")).content.decode()
    assert "Sổ tính của huyện" in listing and f"sxsh_{token.prefix}_…" in listing
    assert key not in listing


def test_the_page_refuses_an_expiry_beyond_a_year(client, users):
    client.force_login(users["diaphuong"])
    day = timezone.localdate() + dt.timedelta(days=400)
    answer = client.post(reverse("tokens:new"), {"name": "EMS", "expires_on": day.isoformat()})
    assert answer.context["form"].errors == {
        "expires_on": ["Token chỉ có hiệu lực tối đa một năm."]}
    assert not Token.objects.exists()


def test_the_page_revokes_after_a_confirmation(client, users):
    token, _key = token_create(user=users["diaphuong"], name="EMS")
    client.force_login(users["diaphuong"])
    url = reverse("tokens:revoke", args=[token.pk])
    assert "Thu hồi token" in client.get(url).content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None  # asking is not revoking
    assert client.post(url).status_code == 302
    token.refresh_from_db()
    assert token.state() == Token.State.REVOKED


def test_another_user_s_token_is_not_found_on_the_pages(client, users):
    token, _key = token_create(user=users["diaphuong"], name="EMS")
    client.force_login(users["doanhnghiep"])
    assert client.get(reverse("tokens:revoke", args=[token.pk])).status_code == 404
    assert client.post(reverse("tokens:revoke", args=[token.pk])).status_code == 404
    assert "EMS" not in client.get(reverse("tokens:list")).content.decode()
