import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def nav_links(client) -> list[str]:
    return [url for url, _label in client.get("/").context["nav_items"]]


def test_the_menu_offers_only_pages_the_user_may_open(users):
    anonymous = nav_links(Client())
    assert "/indicators/public/" in anonymous and "/indicators/" not in anonymous
    assert "/facilities/" not in anonymous
    for username in ("canbo", "lanhdao", "tuvan", "diaphuong", "admin"):
        client = Client()
        client.force_login(users[username])
        links = nav_links(client)
        assert "/indicators/" in links and "/facilities/" in links, username
    for username in ("taichinh", "doitac"):
        client = Client()
        client.force_login(users[username])
        links = nav_links(client)
        assert "/indicators/public/" in links and "/facilities/" not in links, username
        assert "/plans/" in links


def test_every_link_in_the_menu_opens_for_its_user(users):
    for username in ("canbo", "lanhdao", "tuvan", "taichinh", "doitac", "diaphuong",
                     "doanhnghiep", "admin"):
        client = Client()
        client.force_login(users[username])
        for url in nav_links(client):
            assert client.get(url).status_code == 200, (username, url)
