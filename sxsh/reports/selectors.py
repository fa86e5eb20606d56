"""Reads of the reports context: the reports a user may see, two versions compared."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from sxsh.core.models import User

from .assembly import NARRATIVE_KEYS, narrative_headings
from .content import ReportContent, Section, Table
from .models import Report, ReportVersion


def reports_for(user: User) -> QuerySet[Report]:
    """The reports ``user`` may read, newest year first, with the plan, the versions the
    user may read (prefetched) and whether one is issued (two queries)."""
    versions = ReportVersion.objects.for_user(user).order_by("number")
    return (Report.objects.for_user(user).select_related("plan")
            .prefetch_related(Prefetch("versions", queryset=versions, to_attr="shown"))
            .annotate(last=Max("versions__number"),
                      issued=Count("versions", filter=Q(versions__status="issued")))
            .order_by("-year", "kind", "plan__code"))


@dataclass(frozen=True)
class CellChange:
    table: str
    row: str
    column: str
    before: str
    after: str


@dataclass(frozen=True)
class TextChange:
    heading: str
    before: str
    after: str


@dataclass
class Comparison:
    cells: list[CellChange]
    texts: list[TextChange]

    @property
    def same(self) -> bool:
        return not self.cells and not self.texts


def _tables(content: ReportContent) -> Iterator[Table]:
    def walk(sections: list[Section]) -> Iterator[Table]:
        for section in sections:
            yield from section.tables
            yield from walk(section.subsections)

    yield from walk(content.sections)
    yield from content.annexes
    yield from content.ministry


def _rows(table: Table) -> dict[str, list[str]]:
    """A table's rows by their first cell (with its place when two rows share one)."""
    rows: dict[str, list[str]] = {}
    for row in table.rows:
        key = row[0] if row else ""
        while key in rows:
            key += " "
        rows[key] = row
    return rows


def compare(before: ReportContent, after: ReportContent) -> Comparison:
    """The figures that differ, cell by cell (tables matched by caption, rows by their first
    cell, columns by heading), and the officer's sections that differ."""
    cells = []
    old_tables = {t.caption: t for t in _tables(before)}
    for table in _tables(after):
        old = old_tables.get(table.caption, Table(table.caption, table.columns, []))
        old_rows, new_rows = _rows(old), _rows(table)
        for key in [*new_rows, *(k for k in old_rows if k not in new_rows)]:
            new_row, old_row = new_rows.get(key, []), old_rows.get(key, [])
            for index, column in enumerate(table.columns[1:], start=1):
                a = old_row[index] if index < len(old_row) else ""
                b = new_row[index] if index < len(new_row) else ""
                if a != b:
                    cells.append(CellChange(table.caption, key.strip(), column, a, b))
    texts = []
    headings = narrative_headings()
    old_text, new_text = _narrative(before), _narrative(after)
    for key in NARRATIVE_KEYS:
        if old_text.get(key, "") != new_text.get(key, ""):
            texts.append(TextChange(headings[key], old_text.get(key, ""), new_text.get(key, "")))
    if before.signature.capacity != after.signature.capacity:
        texts.append(TextChange(_("Signer's capacity"), " / ".join(before.signature.capacity),
                                " / ".join(after.signature.capacity)))
    if before.signature.name != after.signature.name:
        texts.append(TextChange(_("Signed by"), before.signature.name, after.signature.name))
    return Comparison(cells=cells, texts=texts)


def _narrative(content: ReportContent) -> dict[str, str]:
    found: dict[str, str] = {}

    def walk(sections: list[Section]) -> None:
        for section in sections:
            if section.narrative_key:
                found[section.narrative_key] = "\n\n".join(section.paragraphs)
            walk(section.subsections)

    walk(content.sections)
    return found
