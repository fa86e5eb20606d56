"""The drill-down selector says in its own terms that a list does not exist; the page 404s."""

import pytest
from django.test import Client

from sxsh.facilities.models import Facility
from sxsh.indicators import selectors
from sxsh.indicators.engine import Scope

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("code", "part"), [("I5", "numerator"), ("I1", "everything")])
def test_an_unlisted_drilldown_is_a_domain_error_not_an_http_one(code, part):
    assert not selectors.is_listed(code, part)
    with pytest.raises(selectors.UnknownDrillDown):
        selectors.drilldown(Scope(base=Facility.objects.all()), code, part, 2018)


def test_a_listed_drilldown_is_known():
    assert selectors.is_listed("I1", "numerator") and selectors.is_listed("I4", "denominator")


def test_the_page_of_an_unlisted_drilldown_is_not_found(users):
    client = Client()
    client.force_login(users["canbo"])
    assert client.get("/indicators/I5/numerator/", {"year": 2018}).status_code == 404
