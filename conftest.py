"""Fixtures shared by every context's tests."""

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM beside it is safe
# here because the tests and the live server never share a connection.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("SXSH_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}


@pytest.fixture
def reference(db):
    """The shipped reference data: admin units, agencies, VSIC, factors, thresholds."""
    from sxsh.core.services import reference_load

    reference_load()


@pytest.fixture
def users(reference):
    """One user per role, bound as the demo users are (password: ``Test-pass-2016``)."""
    from sxsh.core.services import demo_users_ensure

    return {u.username: u for u in demo_users_ensure(password=TEST_PASSWORD)}


TEST_PASSWORD = "Test-pass-2016"
