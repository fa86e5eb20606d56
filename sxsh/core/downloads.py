"""A stored file sent to the one who may read the record it belongs to.

Files are never served from a bare media address: the view reads the record through the
user's scope (``get_for_user_or_404``), then hands its file field here."""

from __future__ import annotations

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404


def file_download(field: FieldFile) -> FileResponse:
    """The field's file as an attachment named as stored; 404 if there is none or it is
    missing from the storage."""
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=(field.name or "").rsplit("/", 1)[-1])
