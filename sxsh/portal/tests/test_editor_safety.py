"""The editor against careless and hostile use: two officers saving the same piece, the
back button after publishing, publication times that are not times."""

import pytest
from django.test import Client

from sxsh.portal.models import Article, Status

from .conftest import PUBLISHED_AT

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(users):
    client = Client()
    client.force_login(users["canbo"])
    return client


@pytest.fixture
def other_officer(users):
    """A second officer of the same department (the demo officer, signed in elsewhere)."""
    client = Client()
    client.force_login(users["canbo"])
    return client


def opened(client, article) -> dict:
    """The editor's form of ``article`` as the browser holds it: its values and token."""
    form = client.get(f"/portal/edit/article/{article.pk}/").context["form"]
    values = {name: form[name].value() or "" for name in
              ("title", "slug", "summary", "body", "image_alt", "version")}
    published_at = form["published_at"].value()
    values["published_at"] = (published_at.strftime("%Y-%m-%dT%H:%M")
                              if hasattr(published_at, "strftime") else published_at or "")
    return values


def test_it_refuses_the_second_of_two_officers_saving_the_same_article(
        make_article, officer, other_officer):
    article = make_article("Hội thảo", "hoi-thao", status=Status.DRAFT)
    first, second = opened(officer, article), opened(other_officer, article)
    assert officer.post(f"/portal/edit/article/{article.pk}/",
                        {**first, "title": "Hội thảo SXSH 2024"}).status_code == 302
    response = other_officer.post(f"/portal/edit/article/{article.pk}/",
                                  {**second, "title": "Hội thảo tháng 5"})
    assert response.status_code == 200
    assert "Người khác đã lưu bản ghi này" in response.content.decode()
    assert "Tiêu đề: Hội thảo SXSH 2024" in response.content.decode()
    assert Article.objects.get(pk=article.pk).title == "Hội thảo SXSH 2024"


def test_it_saves_the_second_officers_text_once_they_save_again_knowingly(
        make_article, officer, other_officer):
    article = make_article("Hội thảo", "hoi-thao", status=Status.DRAFT)
    first, second = opened(officer, article), opened(other_officer, article)
    officer.post(f"/portal/edit/article/{article.pk}/", {**first, "title": "Bản A"})
    refused = other_officer.post(f"/portal/edit/article/{article.pk}/",
                                 {**second, "title": "Bản B"}).context["form"]
    again = {**second, "title": "Bản B", "version": refused["version"].value()}
    assert other_officer.post(f"/portal/edit/article/{article.pk}/", again).status_code == 302
    assert Article.objects.get(pk=article.pk).title == "Bản B"


def test_the_back_button_after_publishing_cannot_take_the_article_off_silently(
        make_article, officer):
    # The form was opened on the draft (no publication time); the officer publishes,
    # goes back and presses save on the old form: without the token the empty time was
    # stored, leaving a piece "published" that no visitor could see.
    article = make_article("Hội thảo", "hoi-thao", status=Status.DRAFT)
    old_form = opened(officer, article)
    officer.post(f"/portal/edit/article/{article.pk}/publish/", {"comment": ""})
    assert Client().get("/news/hoi-thao/").status_code == 200
    response = officer.post(f"/portal/edit/article/{article.pk}/", old_form)
    assert response.status_code == 200
    assert "Người khác đã lưu bản ghi này" in response.content.decode()
    assert Client().get("/news/hoi-thao/").status_code == 200


def test_it_keeps_a_published_articles_time_when_its_form_leaves_the_time_empty(
        make_article, officer):
    article = make_article("Hội thảo", "hoi-thao")
    form = {**opened(officer, article), "title": "Hội thảo (sửa)", "published_at": ""}
    assert officer.post(f"/portal/edit/article/{article.pk}/", form).status_code == 302
    saved = Article.objects.get(pk=article.pk)
    assert (saved.title, saved.status, saved.published_at) == (
        "Hội thảo (sửa)", Status.PUBLISHED, PUBLISHED_AT)
    assert Client().get("/news/hoi-thao/").status_code == 200


@pytest.mark.parametrize("typed", ["0001-01-01T00:00", "1899-12-31T23:00",
                                   "2101-01-01T00:00"])
def test_it_refuses_to_publish_at_a_time_outside_the_years(make_article, officer, typed):
    article = make_article("Hội thảo", "hoi-thao", status=Status.DRAFT)
    response = officer.post(f"/portal/edit/article/{article.pk}/publish/",
                            {"published_at": typed}, follow=True)
    assert response.status_code == 200
    assert "Hãy kiểm tra lại thời điểm đăng." in response.content.decode()
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


def test_the_editor_form_refuses_a_publication_time_in_the_year_1(make_article, officer):
    article = make_article("Hội thảo", "hoi-thao", status=Status.DRAFT)
    form = {**opened(officer, article), "published_at": "0001-01-01T00:00"}
    response = officer.post(f"/portal/edit/article/{article.pk}/", form)
    assert response.status_code == 200
    assert "Không phải năm từ 1900 đến 2100." in response.content.decode()
    assert Article.objects.get(pk=article.pk).published_at is None
