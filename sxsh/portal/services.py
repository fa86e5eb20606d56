"""Writes to the public CP section: saving content and moving it through its workflow.

draft → review → published (now, or scheduled at ``published_at``); review → draft
(returned); published → draft (unpublished). Officers write (``portal.edit``) and publish
(``portal.publish``); each step is an audit action carrying ``from``, ``to`` and
``comment``, and each change drops the public pages kept for anonymous visitors.
"""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from sxsh.core.audit import log_action
from sxsh.core.capabilities import require
from sxsh.core.concurrency import check_version
from sxsh.core.models import User

from .models import (
    PICTURE_MODELS,
    CaseStudy,
    Content,
    Document,
    Picture,
    Status,
    content_kind,
)

C = TypeVar("C", bound=Content)

#: What the editor's form edits of each kind, and so what its version token holds.
EDITED_FIELDS: dict[str, tuple[str, ...]] = {
    "article": ("title", "slug", "summary", "body", "image", "image_alt", "category", "tags",
                "published_at"),
    "document": ("title", "slug", "kind", "number", "issued_on", "issuer", "in_force",
                 "vsic_divisions", "summary", "file", "published_at"),
    "case-study": ("title", "slug", "facility", "summary", "what_changed", "options",
                   "cost_million_vnd", "saving_million_vnd_per_year", "photo", "photo_alt",
                   "featured", "published_at"),
}


_kind = content_kind


def case_study_option_errors(case_study: CaseStudy, options) -> dict[str, str]:
    """The options of a case study are implemented or verified options of its facility."""
    wrong = [o for o in options
             if o.assessment.facility_id != case_study.facility_id or not o.is_implemented]
    if wrong:
        return {"options": _("Choose only implemented or verified options of this facility.")}
    return {}


@transaction.atomic
def content_save(*, obj: C, user: User, m2m: dict | None = None,
                 expected_version: str | None = None) -> C:
    """Save a new or edited piece with its many-to-many choices (``m2m``: field → rows).

    Editing a published piece keeps it published (a correction), at its publication time
    when the form leaves that empty; its kept public pages are dropped. With
    ``expected_version`` (the form's token), a piece changed by someone else since the
    form was opened — edited, published, unpublished — is refused, naming what changed
    (``sxsh.core.concurrency``)."""
    require(user, "portal.edit")
    if obj.pk:
        # The row must be one the user may edit (re-read under lock through the scope).
        locked = type(obj).objects.select_for_update().get_for_user_or_404(user, pk=obj.pk)
        check_version(locked, expected_version, EDITED_FIELDS[_kind(obj)])
        if obj.published_at is None and locked.status == Status.PUBLISHED:
            obj.published_at = locked.published_at
    if isinstance(obj, CaseStudy) and m2m and "options" in m2m:
        if errors := case_study_option_errors(obj, m2m["options"]):
            raise ValidationError(errors)
    obj.save()
    for name, rows in (m2m or {}).items():
        getattr(obj, name).set(rows)
    return obj


def _step(obj: C, user: User, *, capability: str, allowed: tuple[str, ...], to: str,
          step: str, comment: str = "", published_at: dt.datetime | None = None) -> C:
    require(user, capability)
    locked = type(obj).objects.select_for_update().get_for_user_or_404(user, pk=obj.pk)
    if locked.status not in allowed:
        raise ValidationError(_("This step is not possible from the status “%(status)s”.")
                              % {"status": locked.get_status_display()})
    if to == Status.PUBLISHED and isinstance(locked, CaseStudy):
        # Read with the row under lock, not from the page's copy: consent withdrawn
        # since the page was opened must stop the publication.
        consenting = type(locked.facility).objects.select_for_update().filter(
            pk=locked.facility_id, published=True).exists()
        if not consenting:
            raise ValidationError(_("The facility has not agreed to be published: a case "
                                    "study of it cannot be published."))
    before, locked.status = locked.status, to
    if to == Status.PUBLISHED:
        locked.published_at = published_at or locked.published_at or timezone.now()
    locked.save(update_fields=["status", "published_at", "updated_at"])
    log_action(locked, f"portal.{_kind(locked)}.{step}", user=user,
               data={"from": before, "to": to, "comment": comment.strip()})
    return locked


@transaction.atomic
def content_submit(*, obj: C, user: User, comment: str = "") -> C:
    """Send a draft for review."""
    return _step(obj, user, capability="portal.edit", allowed=(Status.DRAFT,),
                 to=Status.REVIEW, step="submitted", comment=comment)


@transaction.atomic
def content_return(*, obj: C, user: User, comment: str) -> C:
    """Return a piece in review to its draft, saying what to change."""
    if not comment.strip():
        raise ValidationError({"comment": _("Say what should be changed.")})
    return _step(obj, user, capability="portal.publish", allowed=(Status.REVIEW,),
                 to=Status.DRAFT, step="returned", comment=comment)


@transaction.atomic
def content_publish(*, obj: C, user: User, published_at: dt.datetime | None = None,
                    comment: str = "") -> C:
    """Publish a draft or a piece in review: now, at the time already set on it, or at
    ``published_at`` (a future time schedules it; until then it is not public). A case
    study is published only with its facility's consent to publication."""
    return _step(obj, user, capability="portal.publish",
                 allowed=(Status.DRAFT, Status.REVIEW), to=Status.PUBLISHED, step="published",
                 comment=comment, published_at=published_at)


@transaction.atomic
def content_unpublish(*, obj: C, user: User, comment: str = "") -> C:
    """Take a published (or scheduled) piece off the public pages; it becomes a draft."""
    return _step(obj, user, capability="portal.publish", allowed=(Status.PUBLISHED,),
                 to=Status.DRAFT, step="unpublished", comment=comment)


def document_downloaded(*, document: Document) -> None:
    """Count one download (in SQL, so simultaneous downloads are all counted). The count
    is not content: no audit entry, no page dropped."""
    Document.objects.filter(pk=document.pk).update(download_count=F("download_count") + 1)


# --- A piece's gallery ----------------------------------------------------------------

def _piece_locked(piece: Content, user: User) -> Content:
    """The piece under lock, read through the user's scope, after checking the user may
    edit it: a gallery's change is a change of its piece."""
    require(user, "portal.edit")
    return type(piece).objects.select_for_update().get_for_user_or_404(user, pk=piece.pk)


def _log_picture(piece: Content, user: User, step: str, picture: Picture, **data) -> None:
    log_action(piece, f"portal.{_kind(piece)}.picture_{step}", user=user,
               data={"file": picture.alt, **data})


@transaction.atomic
def picture_add(*, piece: Content, user: User, image, alt: str, caption: str = "") -> Picture:
    """Add a picture (already checked by its bytes) at the end of the piece's gallery."""
    model = PICTURE_MODELS[_kind(piece)]
    piece = _piece_locked(piece, user)
    last = model.objects.filter(**{model.piece_field: piece}).aggregate(
        last=Max("position"))["last"] or 0
    picture = model(**{model.piece_field: piece}, image=image, alt=alt.strip(),
                    caption=caption.strip(), position=last + 1)
    picture.full_clean()
    picture.save()
    _log_picture(piece, user, "added", picture, to=picture.position)
    return picture


def _gallery(picture: Picture, user: User) -> tuple[Content, list[Picture]]:
    """The picture's piece under lock and its gallery in order (``picture`` one of them,
    else 404: another piece's, or one the user does not read)."""
    piece = _piece_locked(picture.piece, user)
    rows = list(type(picture).objects.filter(**{picture.piece_field: piece}))
    if picture.pk not in {p.pk for p in rows}:
        raise Http404
    return piece, rows


def _renumber(rows: list[Picture]) -> None:
    for position, row in enumerate(rows, start=1):
        if row.position != position:
            row.position = position
            row.save(update_fields=["position"])


@transaction.atomic
def picture_move(*, picture: Picture, user: User, by: int) -> Picture:
    """Move a picture ``by`` places in its gallery (-1: one earlier, 1: one later); at
    either end it stays where it is."""
    piece, rows = _gallery(picture, user)
    at = next(n for n, row in enumerate(rows) if row.pk == picture.pk)
    to = min(max(at + by, 0), len(rows) - 1)
    if to != at:
        rows.insert(to, rows.pop(at))
        _renumber(rows)
        _log_picture(piece, user, "moved", rows[to], **{"from": at + 1, "to": to + 1})
    return rows[to]


@transaction.atomic
def picture_remove(*, picture: Picture, user: User) -> None:
    """Take a picture out of its piece's gallery (its file with it); the others close up."""
    piece, rows = _gallery(picture, user)
    removed = next(row for row in rows if row.pk == picture.pk)
    removed.delete()
    transaction.on_commit(lambda: removed.image.delete(save=False))
    _renumber([row for row in rows if row.pk != removed.pk])
    _log_picture(piece, user, "removed", removed, **{"from": removed.position})
