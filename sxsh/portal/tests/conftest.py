"""Content of the CP section, made as the editor makes it, and a clean page cache."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sxsh.facilities.tests.conftest import make_facility, make_report, vietnamese
from sxsh.portal.models import PICTURE_MODELS, Article, CaseStudy, Document, Status, content_kind

__all__ = ["make_facility", "make_report", "vietnamese"]

#: Bytes that really are a PDF (the smallest file a reader opens).
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
       b"2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
PUBLISHED_AT = dt.datetime(2024, 5, 6, 8, 0, tzinfo=dt.UTC)


def office_file(part: str) -> bytes:
    """A zip holding ``part``, as a .docx (word/document.xml) or .xlsx (xl/workbook.xml)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def own_media(settings, tmp_path):
    """Each test stores its files in its own folder."""
    settings.MEDIA_ROOT = tmp_path


def _published(values: dict) -> dict:
    values.setdefault("status", Status.PUBLISHED)
    if values["status"] == Status.PUBLISHED:
        values.setdefault("published_at", PUBLISHED_AT)
    return values


@pytest.fixture
def make_article(db):
    def make(title: str, slug: str, **values) -> Article:
        values = _published(values)
        values.setdefault("summary", f"Tóm tắt: {title}")
        values.setdefault("body", f"Nội dung: {title}")
        return Article.objects.create(title=title, slug=slug, **values)

    return make


@pytest.fixture
def make_document(db):
    def make(title: str, slug: str, *, kind: str = Document.Kind.GUIDE, vsic=(),
             content: bytes = PDF, name: str = "document.pdf", **values) -> Document:
        values = _published(values)
        values.setdefault("summary", f"Tóm tắt: {title}")
        document = Document.objects.create(
            title=title, slug=slug, kind=kind, file=SimpleUploadedFile(name, content),
            **values)
        if vsic:
            from sxsh.core.models import VsicDivision

            document.vsic_divisions.set(VsicDivision.objects.filter(code__in=vsic))
        return document

    return make


@pytest.fixture
def make_case_study(db):
    def make(title: str, slug: str, facility, **values) -> CaseStudy:
        values = _published(values)
        values.setdefault("summary", f"Tóm tắt: {title}")
        values.setdefault("what_changed", "Thay nồi hơi")
        return CaseStudy.objects.create(title=title, slug=slug, facility=facility, **values)

    return make



def picture_bytes(kind: str = "PNG", size=(4, 3), colour: str = "green") -> bytes:
    """A real picture of that format and size."""
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, kind)
    return buffer.getvalue()


def add_picture(piece, alt: str, *, caption: str = "", position: int = 1):
    """A picture in ``piece``'s gallery, stored as the editor stores one."""
    model = PICTURE_MODELS[content_kind(piece)]
    return model.objects.create(**{model.piece_field: piece}, alt=alt, caption=caption,
                                position=position,
                                image=SimpleUploadedFile("image.png", picture_bytes()))
