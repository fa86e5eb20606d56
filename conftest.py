"""Fixtures shared by every context's tests."""

import os

import pytest
from hypothesis import HealthCheck, settings

# Playwright's sync API runs an event loop in the test thread; the ORM beside it is safe
# here because the tests and the live server never share a connection.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("SXSH_CHROMIUM", "/usr/bin/chromium")

# Property tests (Hypothesis): "sxsh" keeps the whole property suite under 20 s on the
# 2-core machine and CI, the same examples every run (derandomize) and no example database
# left behind; HYPOTHESIS_PROFILE=deep runs many more, found anew each time.
settings.register_profile("sxsh", max_examples=150, deadline=None, derandomize=True,
                          database=None, print_blob=True,
                          suppress_health_check=[HealthCheck.function_scoped_fixture])
settings.register_profile("deep", parent=settings.get_profile("sxsh"), max_examples=5000,
                          derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "sxsh"))


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


@pytest.fixture(autouse=True)
def _own_data_dir(settings, tmp_path_factory):
    """What the application keeps in ``DATA_DIR`` during a test (the marked files of failed
    uploads, the demo password) goes to this worker's own folder, not the checkout's: the
    workers' databases give their users the same ids, and the marked files are kept by user
    id, so one worker's clean-up (or a test whose clock stands years ahead) removed the
    other's file between its upload and its download."""
    settings.DATA_DIR = tmp_path_factory.getbasetemp() / "data"


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: no public page kept by an earlier test."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database with the reference data, loaded once for the session (per worker).

    Each test runs in a transaction rolled back at its end, so it finds the reference data as
    shipped. A test that flushes the database (``transaction=True``, ``live_server``) leaves
    it empty: ``pytest_runtest_teardown`` below loads it again for the tests after it.
    """
    global _db_blocker
    with django_db_blocker.unblock():
        _base_data_ensure()
    _db_blocker = django_db_blocker
    yield
    # the test database goes next: no test after this one to load it for
    _db_blocker = None


_db_blocker = None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    if _db_blocker is not None and _flushes(item):
        from django.db import connection

        with _db_blocker.unblock():
            _base_data_ensure()
            # Beside Playwright's event loop this hook is given another context-local
            # connection than the test's; closed, it does not hold the test database open.
            connection.close()
    return result


def _flushes(item: pytest.Item) -> bool:
    """Whether pytest-django empties the database after the test, as it does after a
    transactional one."""
    from pytest_django.plugin import validate_django_db

    marker = item.get_closest_marker("django_db")
    transaction, reset_sequences, *_ = validate_django_db(marker) if marker else (False, False)
    names = getattr(item, "fixturenames", ())
    return bool(transaction or reset_sequences or "transactional_db" in names
                or "live_server" in names or "django_db_reset_sequences" in names)


def _base_data_ensure() -> None:
    from sxsh.core.models import AdminUnit
    from sxsh.core.services import reference_load
    from sxsh.core.tests import snapshots

    if not AdminUnit.objects.exists():
        reference_load()
        snapshots.forget_all()


@pytest.fixture(scope="session", autouse=True)
def private_files(tmp_path_factory):
    """Files the site keeps for its users (an upload's marked errors) go to a folder of the
    test session, not to the checkout's data folder."""
    from django.conf import settings

    settings.DATA_DIR = tmp_path_factory.mktemp("data")


@pytest.fixture
def reference(db):
    """The shipped reference data: admin units, agencies, VSIC, factors, thresholds.

    Loaded once for the session (see ``django_db_setup``); asking for it asks for the database.
    """


@pytest.fixture
def users(reference):
    """One user per role, bound as the demo users are (password: ``Test-pass-2016``)."""
    from sxsh.core.models import User
    from sxsh.core.services import DEMO_USERS, demo_users_ensure
    from sxsh.core.tests import snapshots

    snapshots.restore("users", lambda: demo_users_ensure(password=TEST_PASSWORD))
    names = [username for username, *_ in DEMO_USERS]
    by_name = User.objects.in_bulk(names, field_name="username")
    return {name: by_name[name] for name in names}


TEST_PASSWORD = "Test-pass-2016"


@pytest.fixture(autouse=True)
def _indicator_cache_emptied():
    """Each test starts with an empty cache: the indicator pages key their figures by a
    counter in the database, which a test's rollback winds back for the next test."""
    from django.core.cache import cache

    cache.clear()
    yield
