"""SQLite as configured (write-ahead log, 5 s busy timeout, the write lock taken at BEGIN):
while an import holds its write transaction in another thread, a save waits for it and
completes, or, past the busy timeout, is refused with a page that says so — not a 500.

Real threads on a real database file (the tests' database is in memory, where neither
the log nor the lock applies)."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import OperationalError, connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.test import RequestFactory
from django.utils import translation

from sxsh.core.middleware import DatabaseBusyMiddleware

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="SQLite's locking; PostgreSQL locks rows, not the database")

ALIAS = "file"


def use_file_database(path, **options) -> DatabaseWrapper:
    """This thread's connection to the database file, with the project's options (and
    ``options`` over them)."""
    params = connections.settings["default"]
    wrapper = DatabaseWrapper({**params, "NAME": str(path),
                               "OPTIONS": {**params["OPTIONS"], **options}}, ALIAS)
    connections[ALIAS] = wrapper
    return wrapper


def write(value: str) -> None:
    with transaction.atomic(using=ALIAS), connections[ALIAS].cursor() as cursor:
        cursor.execute("INSERT INTO saved (value) VALUES (%s)", [value])


@pytest.fixture
def database(tmp_path, django_db_blocker):
    """A database file of its own, outside the tests' database (so allowed here)."""
    path = tmp_path / "sxsh.sqlite3"
    with django_db_blocker.unblock():
        wrapper = use_file_database(path)
        with wrapper.cursor() as cursor:
            cursor.execute("CREATE TABLE saved (id INTEGER PRIMARY KEY, value TEXT)")
        yield path
        connections[ALIAS].close()
        del connections[ALIAS]


def hold_import(path, started: threading.Event, seconds: float) -> threading.Thread:
    """A thread that writes 1 000 rows in one transaction and keeps it open ``seconds``."""

    def run() -> None:
        wrapper = use_file_database(path)
        try:
            with transaction.atomic(using=ALIAS), wrapper.cursor() as cursor:
                cursor.executemany("INSERT INTO saved (value) VALUES (%s)",
                                   [["import"]] * 1000)
                started.set()
                threading.Event().wait(seconds)
        finally:
            wrapper.close()

    thread = threading.Thread(target=run)
    thread.start()
    started.wait(10)
    return thread


def test_the_database_file_is_in_wal_mode_with_a_five_second_busy_timeout(database):
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone() == ("wal",)
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone() == (5000,)


def test_a_save_during_an_import_reads_at_once_and_writes_after_it(database):
    started = threading.Event()
    importing = hold_import(database, started, seconds=1.0)
    try:
        with connections[ALIAS].cursor() as cursor:
            # reading is not blocked by the open import: its rows are not visible yet
            cursor.execute("SELECT count(*) FROM saved")
            assert cursor.fetchone() == (0,)
        write("web save")  # waits for the import's commit (within the 5 s timeout)
    finally:
        importing.join()
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT value FROM saved ORDER BY id DESC LIMIT 2")
        assert cursor.fetchall() == [("web save",), ("import",)]


def test_a_save_that_waits_past_the_busy_timeout_is_refused_with_a_clear_page(database):
    use_file_database(database, timeout=0.2)  # a short timeout, not a long test
    started = threading.Event()
    importing = hold_import(database, started, seconds=1.0)
    try:
        with pytest.raises(OperationalError) as refused:
            write("web save")
    finally:
        importing.join()

    request = RequestFactory().post("/facilities/1/edit/")
    request.user = AnonymousUser()
    with translation.override("vi"):
        response = DatabaseBusyMiddleware(lambda r: None).process_exception(
            request, refused.value)

    assert str(refused.value) == "database is locked"
    assert (response.status_code, response["Retry-After"]) == (503, "30")
    assert ("Một lần nhập dữ liệu lớn đang được ghi nên thay đổi của bạn chưa lưu kịp."
            in response.content.decode())
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM saved WHERE value = 'web save'")
        assert cursor.fetchone() == (0,)
