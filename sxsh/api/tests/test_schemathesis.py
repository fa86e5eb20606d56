"""Schemathesis against the API's own schema, in-process (WSGI, no server), signed in as
each role and anonymous: no answer is a server error, and every answer the schema
documents (its status, content type and body) conforms to it.

The requests run on the page matrix's data set (``world``: facilities, reports,
assessments, activities, progress, annual reports in and out of each role's scope), each
role with a personal token of its demo user made through the token service (a Bearer
header, as the API's clients send it): the writes are checked by their serializers and
services, not refused by the CSRF check a session would meet. ``MAX_EXAMPLES`` bounds the
examples per operation and role so that the whole run stays under a minute on the 2-core
machine; the figures of a run are in ``bench/README.md``.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from sxsh.api.tokens import token_create
from sxsh.core.tests import test_permission_matrix as pages
from sxsh.core.tests.test_permission_matrix import ANONYMOUS, ROLES
from sxsh.wsgi import application

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 3
#: 4xx answers (401/403/404: refusals, a record out of scope) are not documented for every
#: operation; their bodies are not checked, their absence of a 5xx is.
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
# Fuzzing alone, bounded by MAX_EXAMPLES: the coverage phase would add dozens of cases per
# operation and role, beyond the minute this run may take.
schema.config.phases.coverage.enabled = False
world = pages.world


@pytest.fixture(scope="module", autouse=True)
def kept_connection():
    """The WSGI handler closes the database connection after each request when it is not in
    autocommit — here always, inside the test's transaction; on PostgreSQL that closes the
    test's own connection. As Django's test client does, the handler leaves it open."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def tokens(world, django_db_blocker) -> dict[str, str]:
    """A token per role's demo user, made once for the module inside the data set's
    transaction (rolled back with it)."""
    with django_db_blocker.unblock():
        return {role: token_create(user=world.users[role], name="Schemathesis")[1]
                for role in ROLES if role != ANONYMOUS}


@pytest.fixture(params=ROLES)
def session(request, tokens) -> dict[str, str]:
    """The headers of a request as ``role``: its token (none for anonymous)."""
    role = request.param
    if role == ANONYMOUS:
        return {}
    return {"Authorization": f"Bearer {tokens[role]}"}


#: What the run did, per worker: operations × roles asked, examples sent, failures.
TALLY = {"examples": 0, "failures": 0}


@pytest.fixture(scope="module", autouse=True)
def summary():
    """Prints the run's figures at the end of the module (``pytest -s``: bench/README.md)."""
    yield
    print(f"\nschemathesis: {len(schema)} operations × {len(ROLES)} roles, "
          f"{TALLY['examples']} examples, {TALLY['failures']} failures")


@schema.parametrize()
@hypothesis_settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True,
                     suppress_health_check=list(HealthCheck))
def test_it_answers_every_operation_without_a_server_error_and_as_its_schema_says(
        case, session):
    TALLY["examples"] += 1
    try:
        case.call_and_validate(headers=session, checks=CHECKS)
    except Exception:
        TALLY["failures"] += 1
        raise
