"""Fast inserts for imports into the register's own tables (their audit entries are written
through ``sxsh.core.audit``: ``log_diffs``, ``log_actions``).

``bulk_create`` compiles every value of every row through the ORM; for the 100 000 rows of
a large import that is most of the time. ``insert_rows`` prepares each value once with its
field's own ``get_db_prep_save`` and sends the rows with ``executemany``.
"""

from __future__ import annotations

from typing import Any

from django.db import connections, models, router


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
