import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from conftest import TEST_PASSWORD
from sxsh.core.models import User

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


def test_a_user_logs_in_with_the_form_and_lands_on_the_home_page(users):
    client = Client()
    response = client.post("/accounts/login/", {"username": "canbo", "password": TEST_PASSWORD},
                           follow=True)
    assert response.redirect_chain[-1][0] == "/work/"
    assert "Cán bộ Phòng KTAT&amp;MT (demo)" in response.content.decode()


def test_five_failed_logins_lock_the_account_even_with_the_right_password(users):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/accounts/login/", {"username": "canbo", "password": "wrong"})
        assert response.status_code == 200
        assert "Vui lòng điền vào Tên đăng nhập và mật khẩu chính xác" in response.content.decode()
    fifth = client.post("/accounts/login/", {"username": "canbo", "password": "wrong"})
    assert fifth.status_code == 429
    locked = client.post("/accounts/login/", {"username": "canbo", "password": TEST_PASSWORD})
    assert locked.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in locked.content.decode()


def test_weak_passwords_are_refused_with_a_vietnamese_reason():
    from django.utils import translation

    user = User(username="canbo2", full_name="Nguyễn Văn A")
    with translation.override("vi"), pytest.raises(ValidationError) as err:
        validate_password("12345678", user)
    text = " ".join(err.value.messages)
    assert "quá ngắn" in text and "hoàn toàn là số" in text


def test_changing_password_needs_the_old_one(users):
    client = Client()
    client.force_login(users["tuvan"])
    bad = client.post("/accounts/password/", {
        "old_password": "nope", "new_password1": "Xanh-la-cay-2020", "new_password2":
        "Xanh-la-cay-2020"})
    assert bad.status_code == 200
    good = client.post("/accounts/password/", {
        "old_password": TEST_PASSWORD, "new_password1": "Xanh-la-cay-2020",
        "new_password2": "Xanh-la-cay-2020"})
    assert good.status_code == 302
    users["tuvan"].refresh_from_db()
    assert users["tuvan"].check_password("Xanh-la-cay-2020")


def test_sessions_expire_after_a_working_day_and_with_the_browser():
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_pages_carry_security_headers():
    response = Client().get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_deployment_checks_pass_with_debug_off(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("SXSH_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update({
        "SXSH_SECRET_KEY": "k" * 20 + "-deploy-check-key-with-enough-entropy-1234567890",
        "SXSH_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "sxsh.settings",
    })
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_without_a_configured_key_each_installation_makes_its_own(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SXSH_")}
    env["SXSH_DATA_DIR"] = str(tmp_path)
    for _ in range(2):
        result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
    key = tmp_path / "secret_key"
    assert len(key.read_text()) >= 50
    assert key.stat().st_mode & 0o777 == 0o600


def test_uploaded_files_are_never_served_outside_the_views_that_check_access():
    from django.urls import Resolver404, resolve

    # Evidence files are served by views that check the user's scope; a media URL would
    # hand them to anyone who guesses the path.
    with pytest.raises(Resolver404):
        resolve("/media/plans/evidence/2026/bc.pdf")
