"""Fast writes for imports: the rows of a large file and their audit entries
(``sxsh.core.audit``: ``log_diffs``, ``log_actions``).

``bulk_create`` and ``bulk_update`` compile every value of every row through the ORM; for
the 100 000 rows of a large import that is most of the time. ``insert_rows`` and
``update_rows`` prepare each value with its field's own ``get_db_prep_save`` and send the
rows with ``executemany``.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import connections, models, router

#: Columns whose value of their own type goes to SQLite and PostgreSQL as it is.
PLAIN: dict[type[models.Field], type] = {
    models.CharField: str, models.TextField: str, models.BooleanField: bool,
    **dict.fromkeys((models.IntegerField, models.SmallIntegerField, models.BigIntegerField,
                     models.PositiveIntegerField, models.PositiveSmallIntegerField), int)}


def insert_rows(model: type[models.Model], rows: list[dict[str, Any]],
                batch_size: int | None = None) -> None:
    """Insert rows given as {attname: value}; missing fields take their default. No signal
    is sent and no ``save()`` runs, as with ``bulk_create``. On PostgreSQL the rows go
    through ``COPY`` (its triggers fire as for ``INSERT``)."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    table, columns = quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
    # (name, default, the type passed as it is or None, how to prepare another value)
    prepare = [(f.attname, f.get_default(), _plain(f, connection), _preparer(f, connection))
               for f in fields]
    # one comprehension a row (an explicit loop's appends were a third of an insert's time)
    params = [[value if (value := row.get(name, default)) is None or type(value) is plain
               else prep(value) for name, default, plain, prep in prepare] for row in rows]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # psycopg's own cursor: its errors made Django's (a unique key taken meanwhile
            # is an IntegrityError, as from INSERT)
            sql = f"COPY {table} ({columns}) FROM STDIN"
            started = time.monotonic()
            with connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
                for values in params:
                    copy.write_row(values)
            if connection.queries_logged:
                # Django's query log (and so the pinned query counts) sees the COPY as the
                # one statement it is, as it sees SQLite's executemany.
                connection.queries_log.append(
                    {"sql": f"{sql} -- {len(params)} rows",
                     "time": f"{time.monotonic() - started:.3f}"})
            return
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
        step = batch_size or len(params)
        for start in range(0, len(params), step):
            cursor.executemany(sql, params[start:start + step])


def update_rows(model: type[models.Model], field: str,
                values: Iterable[tuple[Any, Any]]) -> None:
    """Set one field of the rows given as (primary key, value)."""
    connection = connections[router.db_for_write(model)]
    target = model._meta.get_field(field)
    pk = model._meta.pk
    assert isinstance(target, models.Field) and pk is not None
    quote = connection.ops.quote_name
    sql = (f"UPDATE {quote(model._meta.db_table)} SET {quote(target.column)} = %s "
           f"WHERE {quote(pk.column)} = %s")
    params = [(target.get_db_prep_save(value, connection), key) for key, value in values]
    if params:
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)


def _plain(field: models.Field, connection) -> type | None:
    """The type whose values a column takes as they are (text, whole number or truth value
    of a plain column: ``get_db_prep_save`` would convert them again, most of an insert's
    time), or None."""
    plain = PLAIN.get(type(field))
    if isinstance(field, models.ForeignKey):
        plain = PLAIN.get(type(field.target_field)) or (
            int if isinstance(field.target_field, models.AutoField) else None)
    return plain if connection.vendor in ("sqlite", "postgresql") else None


def _preparer(field: models.Field, connection):
    """The value as the database takes it (one that ``_plain`` does not pass as it is). A
    Decimal needs only the database's adaptation."""
    def prepare(value: Any) -> Any:
        return field.get_db_prep_save(value, connection)

    if isinstance(field, models.DateTimeField | models.JSONField):
        # An import stamps all its rows with one time, and gives many the same object (a
        # default [], the command line's user data): prepared once while it repeats.
        last: list[Any] = [None, None]

        def prepare_repeated(value: Any) -> Any:
            if value is not last[0]:
                last[:] = [value, prepare(value)]
            return last[1]

        return prepare_repeated
    if isinstance(field, models.DecimalField):
        adapt = connection.ops.adapt_decimalfield_value

        def prepare_decimal(value: Any) -> Any:
            if type(value) is Decimal and value.is_finite():
                return adapt(value, field.max_digits, field.decimal_places)
            return prepare(value)

        return prepare_decimal
    return prepare
