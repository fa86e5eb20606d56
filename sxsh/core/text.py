"""Text people type or send in files: control characters.

A control character (U+0000–U+001F other than tab, line feed and carriage return) has no
place in a name, an address or a comment; it cannot be stored by PostgreSQL (NUL), nor
written into an XLSX or a DOCX (XML 1.0 forbids it). Requests and files that carry one are
refused where they come in (``ControlCharacterMiddleware``, the file readers); what is
written out goes through ``printable`` as well, for text stored before the rule.

The same rule covers the invisible characters that change how text reads without being
seen: the zero-width space, joiners and marks (U+200B–U+200F, U+2060–U+2064, U+FEFF inside
a text) and the direction overrides and isolates (U+202A–U+202E, U+2066–U+2069). None has a
place in Vietnamese text; a direction override makes a title or a file name read otherwise
than it is stored ("Trojan source"), and a zero-width space makes "sản​xuất" look like
"sản xuất" to a reader while search does not find it. They usually come with text pasted
from a web page; the message asks for the text to be typed again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u2069\ufeff]")


def has_control(text: str) -> bool:
    return CONTROL.search(text) is not None


def printable(text: str) -> str:
    """``text`` without the control characters that XML 1.0 and PostgreSQL refuse."""
    return CONTROL.sub("", text)


def first_control(text: str) -> str:
    """The first control character of ``text`` as U+XXXX (for a message), "" if none."""
    found = CONTROL.search(text)
    return f"U+{ord(found.group()):04X}" if found else ""


def controls_in(data: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Each (field, U+XXXX) of a parsed JSON document whose key or text holds a control
    character; a field is named by its path (``0.name``: the name of the first item)."""
    if isinstance(data, str):
        if found := first_control(data):
            yield path, found
    elif isinstance(data, dict):
        for key, value in data.items():
            field = f"{path}.{key}" if path else str(key)
            if found := first_control(str(key)):
                yield field, found
            yield from controls_in(value, field)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from controls_in(value, f"{path}.{index}" if path else str(index))


def control_message(field: str, character: str) -> str:
    """A request refused for a control character, in words (for the API's clients)."""
    return _("The field “%(field)s” contains a control character (%(character)s), which no "
             "name, address or comment may hold.") % {"field": field, "character": character}
