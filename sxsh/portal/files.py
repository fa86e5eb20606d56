"""The rules of uploaded files: a document is a PDF, DOCX or XLSX file, an image a JPEG,
PNG or WebP picture, each within its size — judged by the bytes, never by the name."""

from __future__ import annotations

import re
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
            info = dict(picture.info)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError) as exc:
        raise ValidationError(_("The image is not a JPEG, PNG or WebP picture.")) from exc
    finally:
        upload.seek(0)
    if kind not in IMAGE_FORMATS:
        raise ValidationError(_("The image is not a JPEG, PNG or WebP picture."))
    if _carries_more_than_a_picture(upload, kind, info):
        raise ValidationError(_("The image carries more than a picture (text or another "
                                "file hidden in it): save it again as a plain JPEG, PNG "
                                "or WebP picture."))
    if width * height > MAX_IMAGE_PIXELS:
        raise ValidationError(
            _("The image is %(width)s × %(height)s pixels, above the limit of %(limit)s "
              "million pixels: make it smaller.")
            % {"width": number(width), "height": number(height),
               "limit": number(MAX_IMAGE_PIXELS // 1_000_000)})
    return kind


#: Markup that makes a picture's bytes a web page, a script or a vector drawing too.
_MARKUP = re.compile(rb"<\s*(script|html|body|svg|iframe|object|embed|\?php)\b|javascript:",
                     re.IGNORECASE)


def _carries_more_than_a_picture(upload, kind: str, info: dict) -> bool:
    """A polyglot: bytes after the picture's end (a web page or an archive appended to
    it), or markup in its text (a PNG's chunks other than pixels, a JPEG's comment, XMP
    or Exif). Only such text is searched for markup, never the compressed pixels, where
    such bytes turn up by chance."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    texts = [v if isinstance(v, bytes) else str(v).encode("utf-8", "replace")
             for v in info.values() if isinstance(v, str | bytes)]
    end, chunks = _png_chunks(data) if kind == "PNG" else (_end(data, kind), [])
    # A few zero bytes after the end are some cameras' padding, not a file.
    appended = end < 0 or data[end:].strip(b"\0") != b""
    return appended or any(_MARKUP.search(t) for t in texts + chunks)


def _png_chunks(data: bytes) -> tuple[int, list[bytes]]:
    """Where a PNG ends (after its IEND chunk; -1 if it has none) and its chunks other
    than the pixels (IDAT)."""
    at, chunks = 8, []
    while at + 8 <= len(data):
        length = int.from_bytes(data[at:at + 4], "big")
        name = data[at + 4:at + 8]
        if name != b"IDAT":
            chunks.append(data[at + 8:at + 8 + length])
        at += 12 + length
        if name == b"IEND":
            return at, chunks
    return -1, chunks


def _end(data: bytes, kind: str) -> int:
    """Where a JPEG's or WebP's own bytes end: after a JPEG's end-of-image marker, at a
    WebP's RIFF length; -1 if it has none."""
    if kind == "WEBP":
        size = 8 + int.from_bytes(data[4:8], "little")
        return size + size % 2
    return _jpeg_end(data)


def _jpeg_end(data: bytes) -> int:
    """After a JPEG's end-of-image marker, found by walking its segments by their lengths
    (an Exif thumbnail is a JPEG with an end marker of its own, and appended bytes may end
    with one too) and each scan's coded data (where 0xFF is followed by 0, a restart
    marker or more 0xFF); -1 if it has none."""
    at = 2
    while at + 2 <= len(data):
        if data[at] != 0xFF:
            return -1
        marker = data[at + 1]
        if marker == 0xD9:
            return at + 2
        if marker == 0xFF or 0xD0 <= marker <= 0xD7 or marker == 0x01:
            at += 1 if marker == 0xFF else 2  # fill byte, or a marker without a length
            continue
        at += 2 + int.from_bytes(data[at + 2:at + 4], "big")
        if marker == 0xDA:  # start of scan: its coded data runs to the next marker
            while (at := data.find(b"\xff", at)) >= 0 and at + 1 < len(data) and (
                    data[at + 1] == 0 or 0xD0 <= data[at + 1] <= 0xD7):
                at += 2
            if at < 0:
                return -1
    return -1
