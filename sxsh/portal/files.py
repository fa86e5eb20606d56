"""The rules of uploaded files: a document is a PDF, DOCX or XLSX file, an image a JPEG,
PNG or WebP picture, each within its size — judged by the bytes, never by the name."""

from __future__ import annotations

import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from sxsh.core.formatting import number
from sxsh.facilities.interchange.sources import FileProblem, check_workbook

from .models import MAX_DOCUMENT_BYTES, MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS

#: A document's type by its first bytes (and, for the zip-based office files, the part
#: every such file holds).
_OFFICE_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
IMAGE_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
IMAGE_TYPES = {ext: IMAGE_FORMATS[kind] for kind, ext in IMAGE_EXTENSIONS.items()}
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _megabytes(size: int) -> str:
    return str(size // (1024 * 1024))


def document_type(upload) -> str:
    """The document's type (``pdf``, ``docx``, ``xlsx``) read from its bytes;
    ValidationError for anything else or a file above the size limit."""
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(_("The file is larger than %(mb)s MB.")
                              % {"mb": _megabytes(MAX_DOCUMENT_BYTES)})
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        return "pdf"
    if head[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            names = set()
        finally:
            upload.seek(0)
        for kind, part in _OFFICE_PARTS.items():
            if part in names:
                _check_unpacking(upload)
                return kind
    raise ValidationError(_("The file is not a PDF, Word (.docx) or Excel (.xlsx) document."))


def _check_unpacking(upload) -> None:
    """Refuse an office file that would unpack into far more than it weighs (a zip bomb
    put in the public library for every visitor's office suite to open), or that declares
    a DTD: the limits every uploaded workbook is held to (``check_workbook``)."""
    try:
        check_workbook(upload)
    except FileProblem as exc:
        raise ValidationError(_("The file would unpack into far more than its size, or is "
                                "damaged: it looks like a zip bomb and was refused.")) from exc


def image_format(upload) -> str:
    """The picture's format (``JPEG``, ``PNG``, ``WEBP``) read by Pillow; ValidationError
    for anything else, a damaged picture or one above the size or area limit."""
    if upload.size > MAX_IMAGE_BYTES:
        raise ValidationError(_("The image is larger than %(mb)s MB.")
                              % {"mb": _megabytes(MAX_IMAGE_BYTES)})
    upload.seek(0)
    try:
        with Image.open(upload) as picture:
            picture.verify()
            kind = picture.format or ""
            width, height = picture.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError) as exc:
        raise ValidationError(_("The image is not a JPEG, PNG or WebP picture.")) from exc
    finally:
        upload.seek(0)
    if kind not in IMAGE_FORMATS:
        raise ValidationError(_("The image is not a JPEG, PNG or WebP picture."))
    if width * height > MAX_IMAGE_PIXELS:
        raise ValidationError(
            _("The image is %(width)s × %(height)s pixels, above the limit of %(limit)s "
              "million pixels: make it smaller.")
            % {"width": number(width), "height": number(height),
               "limit": number(MAX_IMAGE_PIXELS // 1_000_000)})
    return kind
