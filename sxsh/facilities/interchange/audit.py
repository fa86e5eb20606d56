"""Fast inserts for imports, and their audit entries (auditlog only sees ``save()``).

``bulk_create`` compiles every value of every row through the ORM; for the 100 000 rows of
a large import that is most of the time. ``insert_rows`` prepares each value once with its
field's own ``get_db_prep_save`` and sends the rows with ``executemany``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connections, models, router
from django.utils import timezone

from sxsh.core.models import User


def insert_rows(model: type[models.Model], rows: list[dict[str, Any]]) -> None:
    """Insert rows given as {attname: value}; missing fields take their default."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(model._meta.db_table)} "
           f"({', '.join(quote(f.column) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    defaults = {f.attname: f.get_default() for f in fields}
    params = []
    for row in rows:
        values = []
        for f in fields:
            value = row[f.attname] if f.attname in row else defaults[f.attname]
            values.append(None if value is None else f.get_db_prep_save(value, connection))
        params.append(values)
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def bulk_log(model: type[models.Model], items: Iterable[tuple[int, str, dict | None, dict]],
             *, user: User | None) -> None:
    """One audit entry per row, as auditlog would write it: (pk, label, diff, values) where
    ``diff`` is ``None`` for a created row (its non-empty ``values`` are logged)."""
    content_type_id = ContentType.objects.get_for_model(model).pk
    now = timezone.now()
    rows = []
    for pk, label, diff, values in items:
        if diff is None:
            changes = {f: ["None", str(v)] for f, v in values.items() if v not in (None, "")}
            action = LogEntry.Action.CREATE
        else:
            changes, action = diff, LogEntry.Action.UPDATE
        rows.append({"content_type_id": content_type_id, "object_pk": str(pk), "object_id": pk,
                     "object_repr": label, "action": action, "changes": changes,
                     "actor_id": user.pk if user else None, "timestamp": now})
    insert_rows(LogEntry, rows)
