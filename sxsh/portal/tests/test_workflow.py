"""Draft → review → published, scheduled, unpublished: who may, what is recorded, and
what the public sees at each step (kept pages dropped on each change)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from sxsh.core.audit import history
from sxsh.portal import services
from sxsh.portal.models import Article, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(make_article):
    return make_article("Hội thảo sản xuất sạch hơn", "hoi-thao", status=Status.DRAFT)


def test_it_takes_a_draft_through_review_to_the_public_and_records_each_step(draft, users):
    officer = users["canbo"]
    assert Client().get("/news/hoi-thao/").status_code == 404
    services.content_submit(obj=draft, user=officer)
    services.content_publish(obj=draft, user=officer, comment="Đã duyệt")
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED and draft.published_at is not None
    assert Client().get("/news/hoi-thao/").status_code == 200
    steps = [(a.action_type, a.data["from"], a.data["to"], a.data["comment"])
             for a in history(draft)]
    assert steps == [("portal.article.submitted", "draft", "review", ""),
                     ("portal.article.published", "review", "published", "Đã duyệt")]


def test_it_drops_the_kept_public_pages_when_content_is_published(
        draft, users, django_capture_on_commit_callbacks):
    assert "Hội thảo sản xuất sạch hơn" not in Client().get("/news/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.content_publish(obj=draft, user=users["canbo"])
    assert "Hội thảo sản xuất sạch hơn" in Client().get("/news/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.content_unpublish(obj=draft, user=users["canbo"], comment="Sai số liệu")
    assert "Hội thảo sản xuất sạch hơn" not in Client().get("/news/").content.decode()
    assert Article.objects.get(pk=draft.pk).status == Status.DRAFT


def test_it_keeps_a_scheduled_piece_off_the_public_pages_until_its_time(draft, users):
    later = timezone.now() + dt.timedelta(hours=2)
    services.content_publish(obj=draft, user=users["canbo"], published_at=later)
    assert Article.objects.get(pk=draft.pk).is_scheduled
    assert Client().get("/news/hoi-thao/").status_code == 404


def test_it_returns_a_piece_in_review_only_with_a_comment(draft, users):
    services.content_submit(obj=draft, user=users["canbo"])
    with pytest.raises(ValidationError):
        services.content_return(obj=draft, user=users["canbo"], comment="  ")
    services.content_return(obj=draft, user=users["canbo"], comment="Thêm ảnh")
    assert Article.objects.get(pk=draft.pk).status == Status.DRAFT


def test_it_refuses_a_step_from_the_wrong_status(draft, users):
    with pytest.raises(ValidationError):
        services.content_unpublish(obj=draft, user=users["canbo"])


@pytest.mark.parametrize("name", ["lanhdao", "tuvan", "diaphuong", "doanhnghiep", "taichinh"])
def test_it_refuses_other_roles_every_write(draft, users, name):
    for step in (services.content_submit, services.content_publish):
        with pytest.raises(PermissionDenied):
            step(obj=draft, user=users[name])
    with pytest.raises(PermissionDenied):
        services.content_save(obj=draft, user=users[name])


def test_it_publishes_a_case_study_only_with_the_facility_consent(make_case_study,
                                                                   make_facility, users):
    study = make_case_study("Điển hình", "dien-hinh", make_facility(published=False),
                            status=Status.DRAFT)
    with pytest.raises(ValidationError):
        services.content_publish(obj=study, user=users["canbo"])


def test_an_officer_writes_an_article_in_the_editor_and_publishes_it(users, reference):
    officer = Client()
    officer.force_login(users["canbo"])
    response = officer.post("/portal/edit/article/new/", {
        "title": "Tập huấn SXSH 2024", "slug": "tap-huan-2024", "summary": "Lớp tập huấn.",
        "body": "Nội dung **đậm**."})
    article = Article.objects.get(slug="tap-huan-2024")
    assert response.status_code == 302 and article.status == Status.DRAFT
    officer.post(f"/portal/edit/article/{article.pk}/publish/", {"comment": ""})
    page = Client().get("/news/tap-huan-2024/").content.decode()
    assert "Nội dung <strong>đậm</strong>." in page


def test_the_editor_previews_without_saving(users, reference):
    officer = Client()
    officer.force_login(users["canbo"])
    page = officer.post("/portal/edit/article/new/", {
        "title": "Thử", "slug": "thu", "summary": "x", "body": "## Tiêu đề",
        "preview": "1"}).content.decode()
    assert "<h2>Tiêu đề</h2>" in page
    assert not Article.objects.filter(slug="thu").exists()


def test_it_does_not_publish_a_case_study_whose_facility_withdrew_consent_after_the_page_opened(
        make_case_study, make_facility, users):
    from sxsh.facilities.models import Facility
    from sxsh.portal.models import CaseStudy

    facility = make_facility(published=True)
    study = make_case_study("Điển hình", "dien-hinh", facility, status=Status.REVIEW)
    opened = CaseStudy.objects.select_related("facility").get(pk=study.pk)  # the page's copy
    Facility.objects.filter(pk=facility.pk).update(published=False)  # withdrawn meanwhile
    with pytest.raises(ValidationError):
        services.content_publish(obj=opened, user=users["canbo"])
    assert CaseStudy.objects.get(pk=study.pk).status == Status.REVIEW
