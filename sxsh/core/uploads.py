"""Uploaded files: as the importers read them (twice: check every row, then write), and the
largest anyone may upload."""

from __future__ import annotations

import io

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest
from django.utils.translation import gettext as _


def upload_opener(upload_file):
    """An importer's opener for an uploaded file, which it reads twice (check, then write)."""

    def opener():
        upload_file.seek(0)
        return io.BufferedReader(_Unclosable(upload_file))

    return opener


class _Unclosable(io.RawIOBase):
    """The uploaded file, read twice (validate, then write): closing only rewinds it."""

    def __init__(self, inner) -> None:
        self.inner = inner

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.inner.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.inner.seek(offset, whence)

    def tell(self) -> int:
        return self.inner.tell()

    def close(self) -> None:
        self.inner.seek(0)


# --- The largest file anyone may upload -------------------------------------------------


def size_limit_message() -> str:
    """The refusal of a file over ``settings.UPLOAD_MAX_BYTES``, naming the limit."""
    return _("The file is larger than %(limit)s MB, the largest that can be uploaded. "
             "Split it into several files.") % {
                 "limit": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}


def too_large(request: HttpRequest) -> bool:
    """Whether the request's file was thrown away for being over the limit."""
    return getattr(request, "upload_too_large", False)


class SizeLimitUploadHandler(FileUploadHandler):
    """Throws away the files of a request larger than ``settings.UPLOAD_MAX_BYTES`` as they
    arrive (nothing is kept in memory or on disk) and marks the request, so that the form
    answers with the limit (``LimitedFileField``) rather than a 413 page or a 500."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.over = bool(content_length and content_length > settings.UPLOAD_MAX_BYTES)
        if self.over and self.request is not None:
            self.request.upload_too_large = True  # type: ignore[attr-defined]

    def new_file(self, *args, **kwargs):
        if self.over:
            raise SkipFile

    def receive_data_chunk(self, raw_data, start):
        return raw_data

    def file_complete(self, file_size):
        return None


class LimitedFileField(forms.FileField):
    """A file field that refuses a file over ``settings.UPLOAD_MAX_BYTES`` with the limit
    named; ``refuse_as_too_large`` says so for a file thrown away on the way in."""

    thrown_away = False

    def clean(self, data, initial=None):
        if self.thrown_away:
            raise ValidationError(size_limit_message(), code="too_large")
        data = super().clean(data, initial)
        if data and data.size and data.size > settings.UPLOAD_MAX_BYTES:
            raise ValidationError(size_limit_message(), code="too_large")
        return data


def answers_oversize(view):
    """Marks a view whose form says the file is over the limit (``refuse_as_too_large``):
    ``UploadSizeMiddleware`` lets its requests through."""
    view.answers_oversize = True
    return view


def refuse_as_too_large(form: forms.Form, request: HttpRequest) -> None:
    """Tell a form's file fields that the request's files were over the limit."""
    if too_large(request):
        for field in form.fields.values():
            if isinstance(field, LimitedFileField):
                field.thrown_away = True
