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
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from sxsh.core.audit import log_action
from sxsh.core.capabilities import require
from sxsh.core.concurrency import check_version
from sxsh.core.models import User

from .models import CONTENT_MODELS, CaseStudy, Content, Document, Status

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


def _kind(obj: Content) -> str:
    return next(k for k, model in CONTENT_MODELS.items() if isinstance(obj, model))


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
