"""Nothing unpublished, scheduled or unconsented is reachable by the public: not on a
page, in search, in the feed, in the sitemap, nor as a file or picture."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from sxsh.portal.models import Status

pytestmark = pytest.mark.django_db

SECRET = "bimat"


@pytest.fixture
def hidden(make_article, make_document, make_case_study, make_facility):
    """One public piece of each kind beside pieces that must stay hidden, each with the
    word ``bimat`` in its title."""
    consenting = make_facility(name="Cơ sở Đồng ý", published=True)
    refusing = make_facility(name="Cơ sở Từ chối", published=False)
    future = timezone.now() + dt.timedelta(days=3)
    return {
        "public": [
            make_article("Tin công khai", "tin-cong-khai"),
            make_document("Hướng dẫn công khai", "huong-dan-cong-khai"),
            make_case_study("Điển hình công khai", "dien-hinh-cong-khai", consenting),
        ],
        "hidden": [
            make_article(f"Tin nháp {SECRET}", "tin-nhap", status=Status.DRAFT),
            make_article(f"Tin chờ duyệt {SECRET}", "tin-cho", status=Status.REVIEW),
            make_article(f"Tin hẹn giờ {SECRET}", "tin-hen-gio", published_at=future),
            make_document(f"Hướng dẫn nháp {SECRET}", "hd-nhap", status=Status.DRAFT),
            make_case_study(f"Điển hình không đồng ý {SECRET}", "dh-tu-choi", refusing),
            make_case_study(f"Điển hình nháp {SECRET}", "dh-nhap", consenting,
                            status=Status.DRAFT),
        ],
    }


PAGES = ["/", "/news/", "/library/", "/case-studies/", "/search/?q=bimat",
         "/search/?q=c%C3%B4ng+khai", "/feed/", "/sitemap.xml"]


@pytest.mark.parametrize("path", PAGES)
def test_it_shows_no_hidden_piece_on_any_public_page(hidden, path):
    response = Client().get(path)
    assert response.status_code == 200
    page = response.content.decode()
    assert [h.title for h in hidden["hidden"] if h.title in page] == []


def test_it_shows_the_public_pieces_in_the_lists_the_feed_and_the_sitemap(hidden):
    for path, expected in [("/news/", "Tin công khai"), ("/library/", "Hướng dẫn công khai"),
                           ("/case-studies/", "Điển hình công khai"),
                           ("/search/?q=cong+khai", "Điển hình công khai")]:
        assert expected in Client().get(path).content.decode(), path
    feed = Client().get("/feed/").content.decode()
    assert [t in feed for t in ("Tin công khai", "Hướng dẫn công khai",
                                "Điển hình công khai")] == [True, True, True]
    sitemap = Client().get("/sitemap.xml").content.decode()
    assert "/news/tin-cong-khai/" in sitemap and "/library/huong-dan-cong-khai/" in sitemap
    assert "/case-studies/dien-hinh-cong-khai/" in sitemap
    assert "/news/tin-nhap/" not in sitemap


def test_every_hidden_piece_its_file_and_picture_are_not_found(hidden):
    paths = ["/news/tin-nhap/", "/news/tin-cho/", "/news/tin-hen-gio/", "/library/hd-nhap/",
             "/library/hd-nhap/download/", "/case-studies/dh-tu-choi/",
             "/case-studies/dh-nhap/", "/picture/article/tin-nhap/",
             "/picture/case-study/dh-tu-choi/"]
    assert {p: Client().get(p).status_code for p in paths} == {p: 404 for p in paths}


def test_the_public_pieces_open(hidden):
    paths = ["/news/tin-cong-khai/", "/library/huong-dan-cong-khai/",
             "/library/huong-dan-cong-khai/download/", "/case-studies/dien-hinh-cong-khai/"]
    assert {p: Client().get(p).status_code for p in paths} == {p: 200 for p in paths}


def test_a_case_study_leaves_the_public_pages_when_its_facility_withdraws_consent(hidden):
    study = hidden["public"][2]
    study.facility.published = False
    study.facility.save(update_fields=["published"])
    assert Client().get("/case-studies/dien-hinh-cong-khai/").status_code == 404
    assert "Điển hình công khai" not in Client().get("/feed/").content.decode()


def test_a_withdrawn_consent_takes_the_case_study_out_of_every_kept_list_at_once(hidden):
    visitor = Client()
    kept = ["/", "/case-studies/", "/search/?q=c%C3%B4ng+khai"]
    for path in kept:  # each page kept with the case study on it
        assert "Điển hình công khai" in visitor.get(path).content.decode()
    # Withdrawn by a plain update (no service, no signal), as any write path might.
    type(hidden["public"][2].facility).objects.filter(
        pk=hidden["public"][2].facility_id).update(published=False)
    for path in kept:
        assert "Điển hình công khai" not in visitor.get(path).content.decode(), path
    assert visitor.get("/case-studies/dien-hinh-cong-khai/").status_code == 404


def test_an_unpublished_piece_leaves_the_kept_pages_at_once(hidden, users):
    from sxsh.portal.services import content_unpublish

    visitor = Client()
    assert visitor.get("/news/tin-cong-khai/").status_code == 200
    assert "Tin công khai" in visitor.get("/news/").content.decode()
    content_unpublish(obj=hidden["public"][0], user=users["canbo"])
    assert visitor.get("/news/tin-cong-khai/").status_code == 404
    assert "Tin công khai" not in visitor.get("/news/").content.decode()


def test_a_scheduled_article_becomes_public_at_its_time(hidden, time_machine):
    assert Client().get("/news/tin-hen-gio/").status_code == 404
    time_machine.move_to(timezone.now() + dt.timedelta(days=4))
    assert Client().get("/news/tin-hen-gio/").status_code == 200


def test_officers_see_drafts_marked_as_such_but_other_roles_do_not(hidden, users):
    officer, viewer = Client(), Client()
    officer.force_login(users["canbo"])
    viewer.force_login(users["lanhdao"])
    page = officer.get("/news/tin-nhap/")
    assert page.status_code == 200 and "Bản nháp" in page.content.decode()
    assert viewer.get("/news/tin-nhap/").status_code == 404


@pytest.mark.parametrize("path", ["/", "/case-studies/", "/search/?q=dien+hinh"])
def test_a_kept_page_drops_a_case_study_as_soon_as_its_facility_withdraws_consent(
        hidden, users, path, django_capture_on_commit_callbacks):
    from sxsh.facilities.services import facility_update

    study = hidden["public"][2]
    assert "Điển hình công khai" in Client().get(path).content.decode()  # now kept
    with django_capture_on_commit_callbacks(execute=True):
        facility_update(facility=study.facility, data={"published": False},
                        user=users["canbo"])
    assert "Điển hình công khai" not in Client().get(path).content.decode()


API_LISTS = ["/api/v1/articles/", "/api/v1/documents/", "/api/v1/case-studies/",
             "/api/v1/solutions/"]


@pytest.mark.parametrize("path", API_LISTS)
def test_the_public_api_lists_no_hidden_piece(hidden, path):
    response = Client().get(path)
    assert response.status_code == 200
    assert SECRET not in response.content.decode()


def test_the_public_api_answers_not_found_for_every_hidden_piece(hidden):
    paths = ["/api/v1/articles/tin-nhap/", "/api/v1/articles/tin-cho/",
             "/api/v1/articles/tin-hen-gio/", "/api/v1/documents/hd-nhap/",
             "/api/v1/case-studies/dh-tu-choi/", "/api/v1/case-studies/dh-nhap/"]
    assert {p: Client().get(p).status_code for p in paths} == {p: 404 for p in paths}
    assert Client().get("/api/v1/case-studies/dien-hinh-cong-khai/").status_code == 200
