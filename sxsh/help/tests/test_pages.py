"""The guide pages and the "Hướng dẫn" link each page carries in its header."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

#: The demo login of each role and the guide its header link opens.
OWN_GUIDE = {"admin": "admin", "canbo": "officer", "tuvan": "consultant", "taichinh": "finance",
             "doitac": "partner", "diaphuong": "local", "doanhnghiep": "enterprise",
             "lanhdao": "viewer", "bocongthuong": "ministry"}


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def help_links(body: str) -> list[str]:
    return re.findall(r'<a class="help-link" href="([^"]+)">Hướng dẫn</a>', body)


@pytest.mark.parametrize("username", sorted(OWN_GUIDE))
def test_the_header_link_opens_the_roles_own_guide_at_its_work_section(users, username):
    body = client_for(users[username]).get("/work/").content.decode()
    # in the header, and again in the footer
    assert help_links(body) == [f"/help/{OWN_GUIDE[username]}/#work"] * 2


@pytest.mark.parametrize(("username", "path", "link"), [
    ("canbo", "/facilities/review/", "/help/officer/#review"),
    ("canbo", "/indicators/", "/help/officer/#indicators"),
    ("doanhnghiep", "/facilities/upload/", "/help/enterprise/#upload"),
    ("diaphuong", "/facilities/reminders/", "/help/local/#reminders"),
    ("lanhdao", "/facilities/completeness/", "/help/viewer/#completeness"),
    ("bocongthuong", "/indicators/provinces/", "/help/ministry/#provinces"),
    # a page the guide does not explain: the guide from its start
    ("canbo", "/accounts/password/", "/help/officer/"),
    ("taichinh", "/help/", "/help/finance/"),
])
def test_the_header_link_opens_the_section_for_the_page_the_user_is_on(users, username,
                                                                        path, link):
    response = client_for(users[username]).get(path)
    assert response.status_code == 200
    assert help_links(response.content.decode())[0] == link


@pytest.mark.parametrize(("path", "link"), [
    ("/", "/help/visitor/#portal"), ("/indicators/public/", "/help/visitor/#indicators"),
    ("/library/", "/help/visitor/#library"), ("/accounts/login/", "/help/visitor/"),
])
def test_a_visitor_gets_the_visitors_guide_from_the_portal(reference, path, link):
    body = client_for().get(path).content.decode()
    assert help_links(body) == [link] * 2


def test_the_visitors_guide_is_open_to_everyone_with_its_pictures(reference):
    body = client_for().get("/help/visitor/").content.decode()
    assert "<h1 id=\"guide-title\">Hướng dẫn cho người xem công khai</h1>" in body
    assert body.count('<img alt="') == 4
    assert 'src="/static/help/visitor-indicators.png"' in body


def test_a_roles_guide_sends_a_visitor_to_log_in(reference):
    response = client_for().get("/help/officer/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/help/officer/"


def test_anyone_signed_in_reads_another_roles_guide(users):
    body = client_for(users["doanhnghiep"]).get("/help/finance/").content.decode()
    assert "Hướng dẫn cho Sở Tài chính" in body
    assert '<h2 id="appraise">Thẩm định dự toán năm</h2>' in body


@pytest.mark.parametrize("name", ["visitor-x", "root", "Officer", "admin1"])
def test_an_unknown_guide_is_not_found(users, name):
    assert client_for(users["canbo"]).get(f"/help/{name}/").status_code == 404


def test_the_list_shows_a_visitor_only_the_public_guide(reference):
    body = client_for().get("/help/").content.decode()
    assert re.findall(r'<li><a href="([^"]+)">', body) == ["/help/visitor/"]
    assert "Đăng nhập</a> để đọc hướng dẫn dành cho vai trò của bạn." in body


def test_the_list_shows_a_signed_in_user_every_guide_and_marks_their_own(users):
    body = client_for(users["diaphuong"]).get("/help/").content.decode()
    assert re.findall(r'<li><a href="([^"]+)">', body) == [
        "/help/admin/", "/help/officer/", "/help/consultant/", "/help/finance/",
        "/help/partner/", "/help/local/", "/help/enterprise/", "/help/viewer/",
        "/help/ministry/", "/help/visitor/"]
    assert re.findall(r'<li><a href="/help/([a-z]+)/">[^<]+</a> <strong class="own-guide">',
                      body) == ["local"]


def test_a_guide_page_reads_only_the_session_and_the_user(users, django_assert_num_queries):
    client = client_for(users["canbo"])
    with django_assert_num_queries(2):
        assert client.get("/help/officer/").status_code == 200
