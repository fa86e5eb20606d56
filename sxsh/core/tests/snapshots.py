"""Rows a loader adds, captured once per test session and put back cheaply in each test.

Loading the seed plan through ``plan_load`` takes a third of a second; restoring the rows it
added takes a few milliseconds. The first test that asks for a snapshot runs the loader for
real, inside a savepoint: the rows it added (primary key above the table's largest before)
are read back and the savepoint is rolled back. Every test that asks for it, that first one
included, then gets those rows inserted again with their own primary keys, foreign keys and
audit entries, exactly as the loader wrote them.

Loaders here only add rows (they do not change rows that were there), and the rows they add
refer only to the reference data loaded for the whole session, so a snapshot fits every
test. After a test that flushes the database the reference data is loaded again with new
primary keys: ``forget_all`` drops the snapshots so that they are taken again.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.db import connection, models, transaction

# On SQLite the counter behind AUTOINCREMENT is rolled back with the savepoint, so later rows
# would be given the snapshot's primary keys again: each snapshot takes its keys from a band
# of its own, far above the rows a test makes. PostgreSQL never hands out a sequence value
# twice, rolled back or not.
BAND = 10_000_000

Rows = list[tuple[type[models.Model], list[dict[str, Any]]]]

_taken: dict[str, Rows] = {}
_bands_used = 0


class _Discard(Exception):
    pass


def restore(name: str, loader: Callable[[], object]) -> dict[type[models.Model], list[Any]]:
    """Insert the rows ``loader`` adds, taking the snapshot ``name`` on first use.

    Returns the primary keys of the rows inserted, by model.
    """
    if name not in _taken:
        _taken[name] = _take(loader)
    keys = {}
    with transaction.atomic():
        for model, rows in _taken[name]:
            model._base_manager.bulk_create([model(**copy.deepcopy(row)) for row in rows])
            keys[model] = [row[model._meta.pk.attname] for row in rows]
    return keys


def forget_all() -> None:
    """Drop every snapshot, for the database was flushed and the keys they refer to are gone."""
    _taken.clear()


def _tables() -> tuple[list[type[models.Model]], list[type[models.Model]]]:
    """The tables whose new rows can be told by their key, and the others."""
    keyed, other = [], []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        # bulk_create cannot write a child of multi-table inheritance; none of ours is one
        assert not meta.parents, f"{meta.label}: multi-table inheritance is not supported"
        (keyed if isinstance(meta.pk, models.AutoField) else other).append(model)
    return keyed, other


def _take(loader: Callable[[], object]) -> Rows:
    global _bands_used
    tables, other = _tables()
    rows: Rows = []
    try:
        with transaction.atomic():
            before = {m: m._base_manager.aggregate(top=models.Max("pk"))["top"] or 0
                      for m in tables}
            counts = {m: m._base_manager.count() for m in other}
            if connection.vendor == "sqlite":
                _bands_used += 1
                _start_keys_at(tables, _bands_used * BAND)
            loader()
            changed = [m._meta.label for m in other if m._base_manager.count() != counts[m]]
            assert not changed, f"the loader wrote rows a snapshot cannot tell apart: {changed}"
            for model in tables:
                fields = [f.attname for f in model._meta.concrete_fields]
                added = list(model._base_manager.filter(pk__gt=before[model])
                             .order_by("pk").values(*fields))
                if added:
                    rows.append((model, added))
            raise _Discard
    except _Discard:
        pass
    return rows


def _start_keys_at(tables: list[type[models.Model]], start: int) -> None:
    with connection.cursor() as cursor:
        for model in tables:
            table = model._meta.db_table
            cursor.execute("UPDATE sqlite_sequence SET seq = MAX(seq, %s) WHERE name = %s",
                           [start, table])
            if cursor.rowcount == 0:
                cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)",
                               [table, start])
