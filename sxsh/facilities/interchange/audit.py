"""Audit entries for rows written in bulk (auditlog only sees ``save()``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models

from sxsh.core.models import User


def bulk_log(model: type[models.Model], items: Iterable[tuple[Any, dict | None]], *,
             user: User | None, fields: Iterable[str],
             label: Callable[[Any], str] = str) -> None:
    """One audit entry per created (diff ``None``) or changed row, as auditlog would write."""
    content_type = ContentType.objects.get_for_model(model)
    fields = tuple(fields)
    entries = []
    for obj, diff in items:
        if diff is None:
            changes = {f: ["None", str(getattr(obj, f))] for f in fields
                       if getattr(obj, f) not in (None, "")}
            action = LogEntry.Action.CREATE
        else:
            changes, action = diff, LogEntry.Action.UPDATE
        entries.append(LogEntry(
            content_type=content_type, object_pk=str(obj.pk), object_id=obj.pk,
            object_repr=label(obj), action=action, changes=changes, actor=user,
        ))
    LogEntry.objects.bulk_create(entries, batch_size=1000)
