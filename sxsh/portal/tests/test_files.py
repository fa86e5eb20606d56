"""Uploaded files are judged by their bytes; downloads are counted, safely named, and
never sniffed into something else."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from sxsh.portal import files
from sxsh.portal.models import Article, Document

from .conftest import PDF, office_file

pytestmark = pytest.mark.django_db


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def picture(kind: str, size=(4, 3)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, kind)
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("a.pdf", PDF, "pdf"),
    ("b.docx", office_file("word/document.xml"), "docx"),
    ("c.xlsx", office_file("xl/workbook.xml"), "xlsx"),
    ("renamed.txt", PDF, "pdf"),
])
def test_it_knows_a_document_by_its_bytes(name, content, expected):
    assert files.document_type(upload(name, content)) == expected


@pytest.mark.parametrize(("name", "content"), [
    ("fake.pdf", b"<html><script>alert(1)</script></html>"),
    ("other.docx", office_file("content.xml")),
    ("broken.xlsx", b"PK\x03\x04 not a zip"),
    ("virus.pdf", b"MZ\x90\x00"),
])
def test_it_refuses_a_file_that_is_not_a_pdf_docx_or_xlsx(name, content):
    with pytest.raises(ValidationError):
        files.document_type(upload(name, content))


def test_it_refuses_a_document_above_20_mb():
    with pytest.raises(ValidationError, match="20 MB"):
        files.document_type(upload("big.pdf", PDF + b"0" * (20 * 1024 * 1024)))


@pytest.mark.parametrize(("kind", "expected"), [("PNG", "PNG"), ("JPEG", "JPEG"),
                                                ("WEBP", "WEBP")])
def test_it_knows_a_picture_by_its_bytes(kind, expected):
    assert files.image_format(upload("x.bin", picture(kind))) == expected


@pytest.mark.parametrize("content", [b"GIF89a", PDF, b"<svg onload='x()'/>",
                                     picture("GIF")])
def test_it_refuses_anything_but_jpeg_png_or_webp(content):
    with pytest.raises(ValidationError):
        files.image_format(upload("photo.png", content))


def test_a_download_is_counted_named_by_its_address_and_not_sniffed(make_document):
    document = make_document("Hướng dẫn ngành bia", "huong-dan-bia", name='x"; evil.html')
    response = Client().get("/library/huong-dan-bia/download/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="huong-dan-bia.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    Client().get("/library/huong-dan-bia/download/")
    assert Document.objects.get(pk=document.pk).download_count == 2


def test_the_editor_stores_an_upload_under_the_name_of_what_it_is(users, reference):
    officer = Client()
    officer.force_login(users["canbo"])
    officer.post("/portal/edit/article/new/", {
        "title": "Ảnh", "slug": "anh", "summary": "x", "body": "y",
        "image": upload("anh.png", picture("JPEG")), "image_alt": "Nhà xưởng"})
    article = Article.objects.get(slug="anh")
    assert article.image.name.endswith("/image.jpg")
    response = officer.get("/picture/article/anh/")
    assert response["Content-Type"] == "image/jpeg"


def test_the_editor_refuses_a_document_that_is_not_one(users, reference):
    officer = Client()
    officer.force_login(users["canbo"])
    page = officer.post("/portal/edit/document/new/", {
        "title": "Giả", "slug": "gia", "kind": "guide", "summary": "x",
        "file": upload("gia.pdf", b"<html></html>")}).content.decode()
    assert "Tệp không phải là tài liệu PDF, Word (.docx) hoặc Excel (.xlsx)." in page
    assert not Document.objects.filter(slug="gia").exists()


def blank_png(width: int, height: int) -> bytes:
    """A one-bit PNG of that size: a few kilobytes, however large its area."""
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def test_it_takes_a_picture_of_exactly_40_million_pixels():
    assert files.image_format(upload("photo.png", blank_png(8000, 5000))) == "PNG"


def test_it_refuses_a_small_file_holding_a_picture_too_large_to_show():
    # 12 000 × 12 000 = 144 million pixels in about 17 KB: a browser would need over
    # 500 MB to show it on the home page.
    content = blank_png(12000, 12000)
    assert len(content) < 50_000
    with pytest.raises(ValidationError) as refused:
        files.image_format(upload("photo.png", content))
    assert refused.value.messages == [
        "Ảnh có kích thước 12.000 × 12.000 điểm ảnh, vượt giới hạn 40 triệu điểm ảnh: "
        "hãy thu nhỏ ảnh."]


def test_the_editor_refuses_an_article_whose_image_is_a_pixel_bomb(users):
    officer = Client()
    officer.force_login(users["canbo"])
    response = officer.post("/portal/edit/article/new/", {
        "title": "Tin có ảnh", "slug": "tin-co-anh", "summary": "Tóm tắt", "body": "Nội dung",
        "image": upload("anh.png", blank_png(10000, 4001))})
    assert response.status_code == 200
    assert "vượt giới hạn 40 triệu điểm ảnh" in response.content.decode()
    assert not Article.objects.filter(slug="tin-co-anh").exists()


def zip_bomb(part: str) -> bytes:
    """An office file of about 200 KB holding ``part`` and 200 MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(part, "<x/>")
        archive.writestr("docProps/padding.xml", b"\0" * (200 * 1024 * 1024))
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "part"), [("bom.xlsx", "xl/workbook.xml"),
                                            ("bom.docx", "word/document.xml")])
def test_it_refuses_an_office_file_that_unpacks_into_a_zip_bomb(name, part):
    content = zip_bomb(part)
    assert len(content) < 300_000
    with pytest.raises(ValidationError) as refused:
        files.document_type(upload(name, content))
    assert refused.value.messages == [
        "Tệp sẽ bung ra lớn hơn kích thước của nó rất nhiều, hoặc đã bị hỏng: tệp có dấu "
        "hiệu là bom nén (zip bomb) nên bị từ chối."]
