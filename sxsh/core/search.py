"""Search that understands Vietnamese: "phu da", "PHÚ ĐA" and "phú Đa" find the same.

Text is *folded* — every letter with a diacritic becomes its bare letter (``đ`` → ``d``),
capitals become small letters, combining marks (text typed with a decomposing keyboard)
are dropped — and the folded query is looked for in the folded column.

The folding is one character table, ``FROM`` → ``TO``, applied character by character:

- in Python, ``fold()``, for the query;
- in SQLite, the same ``fold()`` registered as the deterministic function ``sxsh_fold``
  on every connection (``register_sqlite``);
- in PostgreSQL, ``translate(text, FROM, TO)`` in the SQL function ``sxsh_fold`` that
  migration ``core.0004`` creates from this table (written out there; a test
  compares the two character by character).

So both databases give the same results by construction, whatever their collation (a
``lower()`` or ``unaccent`` in PostgreSQL would depend on the server's locale and
dictionary). Characters outside the table are kept as they are.
"""

from __future__ import annotations

import unicodedata

from django.db.models import Func, Q, TextField
from django.db.models.lookups import Contains

#: Latin letters that fold to one ASCII letter: ASCII capitals, Latin-1, Latin Extended-A
#: and -B, and Latin Extended Additional (every precomposed Vietnamese letter).
_RANGES = ((0x41, 0x5A), (0xC0, 0x24F), (0x1E00, 0x1EFF))
#: Combining diacritical marks: dropped.
_MARKS = range(0x300, 0x370)
_SPECIAL = {"đ": "d", "Đ": "d", "Ð": "d", "ð": "d", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l"}


def _folded(char: str) -> str:
    if char in _SPECIAL:
        return _SPECIAL[char]
    bare = "".join(c for c in unicodedata.normalize("NFKD", char)
                   if not unicodedata.combining(c)).lower()
    return bare if len(bare) == 1 and bare.isascii() and bare.isalpha() else char


def _table() -> tuple[str, str]:
    pairs = [(chr(code), _folded(chr(code)))
             for low, high in _RANGES for code in range(low, high + 1)]
    pairs = [(c, f) for c, f in pairs if f != c]
    marks = "".join(chr(code) for code in _MARKS)
    return "".join(c for c, _f in pairs) + marks, "".join(f for _c, f in pairs)


#: The table: character ``FROM[i]`` becomes ``TO[i]``; characters of ``FROM`` past the end
#: of ``TO`` (the combining marks) are dropped — the semantics of SQL ``translate``.
FROM, TO = _table()
_TRANSLATION = str.maketrans(FROM[:len(TO)], TO, FROM[len(TO):])


def fold(text: str | None) -> str | None:
    """``text`` without diacritics and capitals, as the database folds it."""
    if text is None:
        return None
    return text.translate(_TRANSLATION)


class Fold(Func):
    """The database's ``sxsh_fold(expression)``."""

    function = "sxsh_fold"
    output_field = TextField()


def matches(query: str, *fields: str) -> Q:
    """Rows where any of ``fields`` contains ``query``, diacritics and case ignored.

    An empty query matches every row."""
    needle = fold(" ".join(query.split())) or ""
    if not needle:
        return Q()
    found = Q()
    for field in fields:
        found |= Q(Contains(Fold(field), needle))
    return found


def register_sqlite(sender, connection, **kwargs) -> None:
    """Give each SQLite connection ``sxsh_fold`` (the ``connection_created`` receiver)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("sxsh_fold", 1, fold, deterministic=True)

