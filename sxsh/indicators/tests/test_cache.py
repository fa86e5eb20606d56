"""The indicator pages' cache never serves a figure older than the last write to its inputs.

Figures from the hand-built data set of ``conftest.py``: in 2018 I1 is 3/7 = 42,9 % over
accepted reports; D's 2017 report (aware) is submitted, and accepting it makes I1 4/7 =
57,1 %.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from sxsh.facilities.models import Facility, Report
from sxsh.facilities.services import report_accept
from sxsh.indicators.caching import inputs_version
from sxsh.plans.models import Plan, Target

pytestmark = pytest.mark.django_db

PUBLIC = "/indicators/public/"


def i1_card(body: str) -> str:
    """The figure of I1's card, such as "42,9 % (3 / 7)"."""
    section = body.split('id="I1">', 1)[1].split("</p>", 1)[0]
    text = " ".join(re.sub(r"<[^>]+>", " ", section).split())
    return re.search(r"[\d,]+ % \( ?\d+ / \d+ ?\)", text)[0].replace("( ", "(").replace(" )", ")")


def without_token(content: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", content)


def i1_shown(client: Client) -> str:
    return i1_card(client.get(PUBLIC, {"year": 2018}).content.decode())


def test_it_shows_an_accepted_report_on_the_public_page_at_once(users, facilities, plan):
    visitor = Client()
    assert i1_shown(visitor) == "42,9 % (3 / 7)"
    assert i1_shown(visitor) == "42,9 % (3 / 7)"  # from the cache
    report = Report.objects.get(facility=facilities["D"], year=2017)
    report_accept(report=report, user=users["canbo"])
    assert i1_shown(visitor) == "57,1 % (4 / 7)"
    assert i1_shown(Client()) == "57,1 % (4 / 7)"


def test_it_shows_an_accepted_report_on_the_dashboard_at_once(users, facilities, plan):
    officer = Client()
    officer.force_login(users["canbo"])
    page = officer.get("/indicators/", {"year": 2018}).content.decode()
    assert i1_card(page) == "42,9 % (3 / 7)"
    report = Report.objects.get(facility=facilities["D"], year=2017)
    report_accept(report=report, user=users["canbo"])
    page = officer.get("/indicators/", {"year": 2018}).content.decode()
    assert i1_card(page) == "57,1 % (4 / 7)"


def test_it_never_shows_one_users_kept_cards_or_filters_to_another(users, facilities, plan):
    province = Client()
    province.force_login(users["canbo"])
    local = Client()
    local.force_login(users["diaphuong"])
    assert i1_card(province.get("/indicators/", {"year": 2018}).content.decode()) == (
        "42,9 % (3 / 7)")
    # Phú Vang, 2018: A B H J open, A and B aware → 2/4; its filter names its own area.
    page = local.get("/indicators/", {"year": 2018}).content.decode()
    assert i1_card(page) == "50,0 % (2 / 4)"
    assert 'value="huong-thuy"' not in page
    assert 'value="huong-thuy"' in province.get(
        "/indicators/", {"year": 2018}).content.decode()


def test_it_keeps_the_dashboards_cards_and_filters_until_a_write(users, facilities, plan,
                                                                 django_assert_num_queries):
    officer = Client()
    officer.force_login(users["canbo"])
    first = officer.get("/indicators/", {"year": 2018}).content
    # session, user, the inputs' version, unit and VSIC choices: nothing rendered again
    # reads the figures.
    with django_assert_num_queries(5):
        again = officer.get("/indicators/", {"year": 2018}).content
    # The same page below its header (whose tokens are per request).
    assert again.split(b"<h1>", 1)[1] == first.split(b"<h1>", 1)[1]
    Facility.objects.filter(pk=facilities["H"].pk).update(opened_year=2019)
    # H no longer open in 2018: P = A B C D G J, aware A B C → 3/6.
    assert i1_card(officer.get("/indicators/", {"year": 2018}).content.decode()) == (
        "50,0 % (3 / 6)")


def test_it_serves_a_repeat_of_the_public_page_with_one_query(facilities, plan,
                                                              django_assert_num_queries):
    visitor = Client()
    first = visitor.get(PUBLIC, {"year": 2018})
    with django_assert_num_queries(1):  # the version of the inputs
        again = visitor.get(PUBLIC, {"year": 2018})
    assert without_token(again.content) == without_token(first.content)
    assert i1_card(again.content.decode()) == "42,9 % (3 / 7)"


def test_it_gives_each_visitor_of_a_kept_page_a_csrf_token_of_their_own(facilities, plan):
    Client().get(PUBLIC, {"year": 2018})
    visitor = Client(enforce_csrf_checks=True)
    body = visitor.get(PUBLIC, {"year": 2018}).content.decode()
    token = body.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert len(token) == 64
    response = visitor.post("/i18n/setlang/", {"language": "en", "next": PUBLIC,
                                               "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_it_keeps_a_page_per_address(facilities, plan):
    visitor = Client()
    # 2019: A B C F G H J open (D and E closed), of which A B C F aware → 4/7.
    first = visitor.get(PUBLIC, {"year": 2018}).content.decode()
    other = visitor.get(PUBLIC, {"year": 2019}).content.decode()
    assert i1_card(first) == "42,9 % (3 / 7)" and i1_card(other) == "57,1 % (4 / 7)"


def _version_after(write) -> int:
    before = inputs_version()
    write()
    return inputs_version() - before


def test_it_counts_a_write_by_every_path_to_the_inputs(users, facilities, plan):
    d = facilities["D"]
    report = Report.objects.get(facility=d, year=2017)
    assert _version_after(lambda: report_accept(report=report, user=users["canbo"])) > 0
    assert _version_after(lambda: Facility.objects.filter(pk=d.pk).update(size_class="large")) > 0
    assert _version_after(lambda: Report.objects.filter(facility=d, year=2018).delete()) > 0
    assert _version_after(lambda: Report.objects.bulk_create([
        Report(facility=d, year=2019, status=Report.Status.ACCEPTED)])) > 0

    def executemany() -> None:  # as the imports write reports
        with connection.cursor() as cursor:
            cursor.executemany("UPDATE facilities_report SET aware = %s WHERE id = %s",
                               [(True, report.pk)])

    assert _version_after(executemany) > 0
    assert _version_after(lambda: Target.objects.filter(plan=plan).update(order=9)) > 0
    # A plan's own row too: its years and province decide which plan a scope is held to.
    assert _version_after(lambda: Plan.objects.filter(pk=plan.pk).update(end_year=2021)) > 0
    officer = users["canbo"]
    officer.cp_trained = True
    assert _version_after(lambda: officer.save(update_fields=["cp_trained"])) > 0


def test_it_does_not_count_a_sign_in(users):
    user = users["canbo"]
    user.last_login = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    assert _version_after(lambda: user.save(update_fields=["last_login"])) == 0


def test_it_counts_the_demo_data_and_a_reload_of_facilities(reference, tmp_path):
    assert _version_after(lambda: call_command("demo-data", "--facilities", "3",
                                               verbosity=0)) > 0
