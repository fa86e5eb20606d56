"""The CSRF token a kept page gives each visitor (``cache.visitor_token``) is one Django's
own middleware accepts: a new secret for a new visitor, the same secret (newly masked) for
one who already has it, never another visitor's."""

import string

import pytest
from django.conf import settings
from django.test import Client

from sxsh.portal.cache import _random_chars

pytestmark = pytest.mark.django_db


def token_on(client: Client, path: str = "/news/") -> str:
    page = client.get(path).content.decode()
    return page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]


def switches_language(client: Client, token: str) -> bool:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/news/",
                                              "csrfmiddlewaretoken": token})
    return response.status_code == 302


def test_a_new_visitor_gets_a_secret_of_their_own_and_a_token_django_accepts(reference):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    token, other = token_on(first), token_on(second)  # the second from the kept page
    secret = first.cookies[settings.CSRF_COOKIE_NAME].value
    assert len(token) == 64 and len(secret) == 32
    assert set(token + secret) <= set(string.ascii_letters + string.digits)
    assert secret != second.cookies[settings.CSRF_COOKIE_NAME].value
    assert token != other
    assert switches_language(first, token)


def test_a_returning_visitor_keeps_their_secret_under_a_new_mask(reference):
    visitor = Client(enforce_csrf_checks=True)
    first = token_on(visitor)
    secret = visitor.cookies[settings.CSRF_COOKIE_NAME].value
    again = token_on(visitor)
    assert again != first
    assert visitor.cookies[settings.CSRF_COOKIE_NAME].value == secret
    assert switches_language(visitor, again)


def test_another_visitors_token_is_refused(reference):
    visitor, stranger = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    token_on(visitor)
    assert not switches_language(visitor, token_on(stranger))


def test_the_random_characters_are_of_the_alphabet_and_cover_it():
    drawn = _random_chars(20_000)
    assert len(drawn) == 20_000
    # 62 characters in 20 000 draws: each is missing with a chance of about 10^-140.
    assert set(drawn) == set(string.ascii_letters + string.digits)
    assert len(_random_chars(32)) == 32
