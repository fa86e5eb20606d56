"""Persistent database connections survive a restart of the database server."""

from wsgiref.util import setup_testing_defaults

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, connections
from django.test import Client

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_checks_a_persistent_connection_before_a_request_reuses_it():
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] == 60
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def _get(path: str, cookie: str) -> tuple[str, bytes]:
    """A request through the WSGI handler as gunicorn makes it (the test client does not
    send the request signals that close or check old connections)."""
    environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET", "HTTP_COOKIE": cookie}
    setup_testing_defaults(environ)
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"] = status

    body = b"".join(WSGIHandler()(environ, start_response))
    return answer["status"], body


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL server restart")
def test_it_answers_the_first_request_after_the_server_ended_its_connections(users):
    client = Client()
    client.force_login(users["canbo"])
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    status, _body = _get("/", cookie)
    assert status == "200 OK"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()

    # What a restart of the server does to every connection the workers hold.
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            assert cursor.fetchone() == (True,)
    finally:
        other.close()

    status, body = _get("/", cookie)
    assert status == "200 OK"
    assert "Cán bộ Phòng KTAT&amp;MT (demo)" in body.decode()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone() != (pid,)
