"""Guessing a password is throttled: per username across addresses, and on the
password-change form of a logged-in user (issue 11, finding 11)."""

import pytest
from django.conf import settings
from django.test import Client

from conftest import TEST_PASSWORD

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Xanh-la-cay-2020"


def _login(address: str, password: str):
    return Client(REMOTE_ADDR=address).post(
        "/accounts/login/", {"username": "canbo", "password": password})


def test_it_locks_a_username_after_five_failures_from_five_addresses(users):
    assert settings.AXES_FAILURE_LIMIT == 5
    for n in range(1, 5):
        assert _login(f"10.0.0.{n}", "wrong").status_code == 200
    assert _login("10.0.0.5", "wrong").status_code == 429
    locked = _login("10.0.0.6", TEST_PASSWORD)
    assert locked.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in locked.content.decode()


def test_it_leaves_other_usernames_open_to_the_same_addresses(users):
    for n in range(1, 6):
        _login(f"10.0.0.{n}", "wrong")
    other = Client(REMOTE_ADDR="10.0.0.1").post(
        "/accounts/login/", {"username": "tuvan", "password": TEST_PASSWORD})
    assert other.status_code == 302


def _change(client: Client, old_password: str):
    return client.post("/accounts/password/", {
        "old_password": old_password, "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD})


def test_it_refuses_four_wrong_current_passwords_with_a_form_error(users):
    client = Client()
    client.force_login(users["tuvan"])
    for _ in range(4):
        response = _change(client, "wrong")
        assert response.status_code == 200
        assert "Mật khẩu cũ không chính xác" in response.content.decode()
    assert _change(client, TEST_PASSWORD).status_code == 302
    users["tuvan"].refresh_from_db()
    assert users["tuvan"].check_password(NEW_PASSWORD)


def test_it_locks_the_password_change_after_five_wrong_current_passwords(users):
    client = Client()
    client.force_login(users["tuvan"])
    for _ in range(4):
        _change(client, "wrong")
    fifth = _change(client, "wrong")
    assert fifth.status_code == 429
    assert "Đổi mật khẩu và đăng nhập vào tài khoản này bị khóa 15 phút" in (
        fifth.content.decode())

    # Locked: even the right current password changes nothing, and nobody logs in.
    assert _change(client, TEST_PASSWORD).status_code == 429
    users["tuvan"].refresh_from_db()
    assert users["tuvan"].check_password(TEST_PASSWORD)
    login = Client(REMOTE_ADDR="10.0.0.9").post(
        "/accounts/login/", {"username": "tuvan", "password": TEST_PASSWORD})
    assert login.status_code == 429


def test_it_does_not_accept_another_users_password_as_the_current_one(users):
    client = Client()
    client.force_login(users["tuvan"])
    response = _change(client, TEST_PASSWORD + "x")
    assert response.status_code == 200
    users["canbo"].set_password("Mat-khau-cua-canbo-1")
    users["canbo"].save()
    response = _change(client, "Mat-khau-cua-canbo-1")
    assert response.status_code == 200
    users["tuvan"].refresh_from_db()
    assert users["tuvan"].check_password(TEST_PASSWORD)


def test_one_address_cannot_try_a_few_passwords_on_every_account(users):
    """Four wrong passwords on each of five accounts from one address: the 20th failure
    locks the address for every account — even with the right password — while the same
    accounts stay open from another address."""
    assert settings.SXSH_ADDRESS_FAILURE_LIMIT == 20
    spray = Client(REMOTE_ADDR="10.9.9.9")
    answers = [spray.post("/accounts/login/", {"username": username, "password": "x"})
               .status_code
               for username in ("tuvan", "taichinh", "doitac", "diaphuong", "lanhdao")
               for _ in range(4)]
    assert answers == [200] * 19 + [429]
    refused = spray.post("/accounts/login/", {"username": "canbo", "password": TEST_PASSWORD})
    assert refused.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in refused.content.decode()
    elsewhere = Client(REMOTE_ADDR="10.9.9.10").post(
        "/accounts/login/", {"username": "tuvan", "password": TEST_PASSWORD})
    assert elsewhere.status_code == 302
