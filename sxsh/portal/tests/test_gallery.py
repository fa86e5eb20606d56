"""The galleries of articles and case studies: the editor adds, reorders and removes
pictures (each checked by its bytes and audited); the public page shows them in order with
their descriptions; nothing of a piece the public may not read is reachable."""

from __future__ import annotations

import io
import re
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from sxsh.core.models import AuditAction
from sxsh.indicators.caching import inputs_version
from sxsh.portal import services
from sxsh.portal.models import ArticlePicture, CaseStudyPicture, Status

from .conftest import add_picture, picture_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(users):
    client = Client()
    client.force_login(users["canbo"])
    return client


def add(client, kind: str, pk: int, alt: str, content: bytes, *, caption: str = "",
        name: str = "anh.png"):
    return client.post(f"/portal/edit/{kind}/{pk}/pictures/", {
        "picture-image": SimpleUploadedFile(name, content), "picture-alt": alt,
        "picture-caption": caption})


def gallery(article) -> list[tuple[int, str]]:
    return [(p.position, p.alt) for p in ArticlePicture.objects.filter(article=article)]


def shown(page: str) -> list[tuple[str, str]]:
    """The gallery's pictures on a public page, in order: (description, caption)."""
    section = page.split('class="portal-gallery"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<img [^>]*alt="([^"]*)"[^>]*>(?:<figcaption>([^<]*)</figcaption>)?',
                      section)


def test_the_editor_adds_three_pictures_moves_one_earlier_and_removes_one(
        make_article, officer, users):
    article = make_article("Hội thảo", "hoi-thao")
    for alt, colour in [("Hội trường", "red"), ("Đại biểu", "green"), ("Nhà máy", "blue")]:
        response = add(officer, "article", article.pk, alt, picture_bytes(colour=colour))
        assert response.status_code == 302
        assert response["Location"] == f"/portal/edit/article/{article.pk}/#h-pictures"
    assert gallery(article) == [(1, "Hội trường"), (2, "Đại biểu"), (3, "Nhà máy")]

    third = ArticlePicture.objects.get(alt="Nhà máy")
    officer.post(f"/portal/edit/article/{article.pk}/pictures/{third.pk}/up/")
    assert gallery(article) == [(1, "Hội trường"), (2, "Nhà máy"), (3, "Đại biểu")]
    first = ArticlePicture.objects.get(alt="Hội trường")
    officer.post(f"/portal/edit/article/{article.pk}/pictures/{first.pk}/up/")  # already first
    officer.post(f"/portal/edit/article/{article.pk}/pictures/{first.pk}/remove/")
    assert gallery(article) == [(1, "Nhà máy"), (2, "Đại biểu")]

    steps = [(a.action_type, a.data.get("file"), a.data.get("from"), a.data.get("to"))
             for a in AuditAction.objects.filter(object_pk=str(article.pk)).order_by("pk")]
    assert steps == [
        ("portal.article.picture_added", "Hội trường", None, 1),
        ("portal.article.picture_added", "Đại biểu", None, 2),
        ("portal.article.picture_added", "Nhà máy", None, 3),
        ("portal.article.picture_moved", "Nhà máy", 3, 2),
        ("portal.article.picture_removed", "Hội trường", 1, None),
    ]
    page = officer.get(f"/portal/edit/article/{article.pk}/").content.decode()
    assert "Đã thêm ảnh" in page and "Đã bỏ ảnh" in page  # the history names the steps


def test_a_visitor_sees_the_pictures_in_order_with_their_descriptions(make_article,
                                                                       make_case_study,
                                                                       make_facility):
    article = make_article("Hội thảo", "hoi-thao")
    add_picture(article, "Đại biểu", position=2, caption="Phiên thảo luận")
    add_picture(article, "Hội trường", position=1)
    page = Client().get("/news/hoi-thao/").content.decode()
    assert shown(page) == [("Hội trường", ""), ("Đại biểu", "Phiên thảo luận")]
    first = ArticlePicture.objects.get(alt="Hội trường")
    assert (f'<img src="/picture/article/hoi-thao/{first.pk}/" alt="Hội trường" width="4" '
            f'height="3" loading="lazy" decoding="async">') in page
    study = make_case_study("Nhà máy bia", "bia", make_facility(published=True))
    add_picture(study, "Lò hơi mới")
    page = Client().get("/case-studies/bia/").content.decode()
    assert shown(page) == [("Lò hơi mới", "")]


def test_a_piece_without_pictures_shows_no_gallery(make_article):
    make_article("Hội thảo", "hoi-thao")
    assert "portal-gallery" not in Client().get("/news/hoi-thao/").content.decode()


def test_a_public_pieces_picture_is_served_as_what_its_bytes_are(make_article):
    picture = add_picture(make_article("Hội thảo", "hoi-thao"), "Hội trường")
    response = Client().get(f"/picture/article/hoi-thao/{picture.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == picture_bytes()


def test_no_picture_of_a_piece_the_public_may_not_read_is_reachable(
        make_article, make_case_study, make_facility, users):
    draft = add_picture(make_article("Nháp", "nhap", status=Status.DRAFT), "Nháp")
    review = add_picture(make_article("Chờ", "cho", status=Status.REVIEW), "Chờ")
    refusing = make_facility(name="Cơ sở Từ chối", published=False)
    unconsented = add_picture(make_case_study("Từ chối", "tu-choi", refusing), "Từ chối")
    public = add_picture(make_article("Công khai", "cong-khai"), "Công khai")
    paths = [f"/picture/article/nhap/{draft.pk}/", f"/picture/article/cho/{review.pk}/",
             f"/picture/case-study/tu-choi/{unconsented.pk}/",
             # a hidden piece's picture asked under a public piece's address
             f"/picture/article/cong-khai/{draft.pk}/",
             # the file's own path in the media folder: never served as such
             f"/media/{draft.image.name}", f"/media/{public.image.name}",
             "/picture/article/cong-khai/99999999999999999999/"]
    assert {p: Client().get(p).status_code for p in paths} == {p: 404 for p in paths}
    # A viewer signed in reads what the public reads; officers see the draft's picture.
    viewer, officer = Client(), Client()
    viewer.force_login(users["lanhdao"])
    officer.force_login(users["canbo"])
    assert viewer.get(f"/picture/article/nhap/{draft.pk}/").status_code == 404
    assert officer.get(f"/picture/article/nhap/{draft.pk}/").status_code == 200
    assert Client().get(f"/picture/article/cong-khai/{public.pk}/").status_code == 200


def test_a_picture_added_to_a_published_piece_shows_at_once(make_case_study, make_facility,
                                                           users):
    study = make_case_study("Nhà máy bia", "bia", make_facility(published=True))
    visitor = Client()
    assert "portal-gallery" not in visitor.get("/case-studies/bia/").content.decode()  # kept
    before = inputs_version()
    picture = services.picture_add(piece=study, user=users["canbo"], alt="Lò hơi mới",
                                   image=SimpleUploadedFile("image.png", picture_bytes()))
    assert inputs_version() > before
    assert shown(visitor.get("/case-studies/bia/").content.decode()) == [("Lò hơi mới", "")]
    services.picture_remove(picture=picture, user=users["canbo"])
    assert "portal-gallery" not in visitor.get("/case-studies/bia/").content.decode()


def test_a_write_to_either_gallery_table_bumps_the_contents_version(make_article,
                                                                    make_case_study,
                                                                    make_facility):
    # A plain insert, update and delete (no service): the database's triggers count them.
    article = make_article("Hội thảo", "hoi-thao")
    study = make_case_study("Nhà máy bia", "bia", make_facility(published=True))
    for piece, model in [(article, ArticlePicture), (study, CaseStudyPicture)]:
        rows = model.objects.filter(pk=add_picture(piece, "Ảnh").pk)
        before = inputs_version()
        rows.update(caption="Chú thích")
        assert inputs_version() == before + 1
        rows.delete()
        assert inputs_version() == before + 2


def png_with_text(text: bytes, *, after_pixels: bool) -> bytes:
    """A PNG carrying ``text`` in a tEXt chunk, before or after its pixels."""
    content = picture_bytes()
    body = b"tEXtComment\0" + text
    chunk = struct.pack(">I", len(body) - 4) + body + struct.pack(">I", zlib.crc32(body))
    at = content.rindex(b"IEND") - 4 if after_pixels else content.index(b"IDAT") - 4
    return content[:at] + chunk + content[at:]


def jpeg_with_comment(comment: bytes) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "green").save(buffer, "JPEG", comment=comment)
    return buffer.getvalue()


def jpeg_with_segment(marker: bytes, payload: bytes, **options) -> bytes:
    """A JPEG with one more segment after its start marker (as a camera puts its Exif,
    whose thumbnail is a JPEG of its own, end marker included)."""
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), "green").save(buffer, "JPEG", **options)
    data = buffer.getvalue()
    return data[:2] + marker + (len(payload) + 2).to_bytes(2, "big") + payload + data[2:]


#: A thumbnail's own bytes: start and end of image.
THUMBNAIL = b"\xff\xd8\xff\xd9"


def huge_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("1", (10000, 4001)).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


NOT_A_PICTURE = "Ảnh không phải là ảnh JPEG, PNG hoặc WebP."
POLYGLOT = ("Ảnh chứa nhiều thứ hơn một bức ảnh (chữ hoặc một tệp khác giấu bên trong): "
            "hãy lưu lại thành ảnh JPEG, PNG hoặc WebP thông thường.")
HOSTILE = [
    ("anh.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', NOT_A_PICTURE),
    ("anh.png", picture_bytes() + b"<html><script>alert(1)</script></html>", POLYGLOT),
    ("anh.png", picture_bytes() + b"PK\x03\x04" + b"\0" * 26, POLYGLOT),
    ("anh.png", png_with_text(b"<script>alert(1)</script>", after_pixels=False), POLYGLOT),
    ("anh.png", png_with_text(b"<svg onload=alert(1)>", after_pixels=True), POLYGLOT),
    ("anh.jpg", jpeg_with_comment(b"<?php system($_GET['c']); ?>"), POLYGLOT),
    ("anh.jpg", picture_bytes("JPEG") + b"<script>alert(1)</script>", POLYGLOT),
    ("anh.webp", picture_bytes("WEBP") + b"<html></html>", POLYGLOT),
    # What follows the picture made to end as a JPEG ends.
    ("anh.jpg", picture_bytes("JPEG") + b"<html><script>alert(1)</script></html>\xff\xd9",
     POLYGLOT),
    ("anh.jpg", picture_bytes("JPEG") + b"PK\x03\x04" + b"\0" * 26 + b"\xff\xd9", POLYGLOT),
    ("anh.jpg", jpeg_with_segment(b"\xff\xe9", THUMBNAIL) + b"<html></html>\xff\xd9",
     POLYGLOT),
    ("anh.png", huge_png(), "Ảnh có kích thước 10.000 × 4.001 điểm ảnh, vượt giới hạn 40 "
                            "triệu điểm ảnh: hãy thu nhỏ ảnh."),
]


@pytest.mark.parametrize(("name", "content", "message"), HOSTILE)
def test_the_editor_refuses_a_hostile_picture(make_article, officer, name, content, message):
    article = make_article("Hội thảo", "hoi-thao")
    response = add(officer, "article", article.pk, "Ảnh", content, name=name)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert gallery(article) == []


@pytest.mark.parametrize("content", [picture_bytes("JPEG"), picture_bytes("WEBP"),
                                     jpeg_with_comment(b"Nha may bia Phu Bai"),
                                     picture_bytes("JPEG") + b"\0\0\0",
                                     jpeg_with_segment(b"\xff\xe9", THUMBNAIL),
                                     jpeg_with_segment(b"\xff\xe9", THUMBNAIL,
                                                       progressive=True),
                                     picture_bytes("JPEG", size=(64, 48), colour="red")])
def test_the_editor_takes_a_plain_picture(make_article, officer, content):
    article = make_article("Hội thảo", "hoi-thao")
    assert add(officer, "article", article.pk, "Ảnh", content).status_code == 302
    assert gallery(article) == [(1, "Ảnh")]


def test_a_picture_needs_its_description(make_article, officer):
    article = make_article("Hội thảo", "hoi-thao")
    response = add(officer, "article", article.pk, "  ", picture_bytes())
    assert response.status_code == 422
    assert gallery(article) == []


def test_a_document_has_no_gallery(make_document, officer):
    document = make_document("Hướng dẫn", "huong-dan")
    assert add(officer, "document", document.pk, "Ảnh", picture_bytes()).status_code == 404
    assert "h-pictures" not in officer.get(
        f"/portal/edit/document/{document.pk}/").content.decode()


def test_a_picture_cannot_be_changed_through_another_pieces_address(make_article, officer):
    first, other = make_article("Một", "mot"), make_article("Hai", "hai")
    picture = add_picture(first, "Ảnh")
    response = officer.post(f"/portal/edit/article/{other.pk}/pictures/{picture.pk}/remove/")
    assert response.status_code == 404
    huge = officer.post(f"/portal/edit/article/{other.pk}/pictures/{10**20}/remove/")
    assert huge.status_code == 404
    assert gallery(first) == [(1, "Ảnh")]


@pytest.mark.parametrize("name", ["lanhdao", "tuvan", "doanhnghiep"])
def test_only_officers_change_a_gallery(make_article, users, name):
    article = make_article("Hội thảo", "hoi-thao")
    picture = add_picture(article, "Ảnh")
    client = Client()
    client.force_login(users[name])
    assert add(client, "article", article.pk, "Khác", picture_bytes()).status_code == 403
    assert client.post(f"/portal/edit/article/{article.pk}/pictures/{picture.pk}/remove/"
                       ).status_code == 403
    assert gallery(article) == [(1, "Ảnh")]


def test_a_pictures_description_and_caption_carry_no_script(make_article):
    article = make_article("Hội thảo", "hoi-thao")
    add_picture(article, '"><script>alert(1)</script>', caption="<img src=x onerror=alert(2)>")
    page = Client().get("/news/hoi-thao/").content.decode()
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert shown(page) == [("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;",
                            "&lt;img src=x onerror=alert(2)&gt;")]


@pytest.mark.parametrize("change", ["remove", "up"])
def test_a_picture_removed_in_another_tab_is_said_to_be_gone(make_article, officer, change):
    article = make_article("Hội thảo", "hoi-thao")
    gone, kept = add_picture(article, "Ảnh 1"), add_picture(article, "Ảnh 2", position=2)
    officer.post(f"/portal/edit/article/{article.pk}/pictures/{gone.pk}/remove/")

    again = officer.post(f"/portal/edit/article/{article.pk}/pictures/{gone.pk}/{change}/",
                         follow=True)

    assert again.redirect_chain == [(f"/portal/edit/article/{article.pk}/#h-pictures", 302)]
    assert [str(m) for m in again.context["messages"]][-1] == (
        "Ảnh này không còn trong bộ ảnh: ảnh đã được bỏ ở một cửa sổ khác.")
    assert gallery(article) == [(1, "Ảnh 2")]
    assert kept.pk != gone.pk
