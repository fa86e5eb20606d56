"""Text people type or send in files: control characters.

A control character (U+0000–U+001F other than tab, line feed and carriage return) has no
place in a name, an address or a comment; it cannot be stored by PostgreSQL (NUL), nor
written into an XLSX or a DOCX (XML 1.0 forbids it). Requests and files that carry one are
refused where they come in (``ControlCharacterMiddleware``, the file readers); what is
written out goes through ``printable`` as well, for text stored before the rule.
"""

from __future__ import annotations

import re

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def has_control(text: str) -> bool:
    return CONTROL.search(text) is not None


def printable(text: str) -> str:
    """``text`` without the control characters that XML 1.0 and PostgreSQL refuse."""
    return CONTROL.sub("", text)


def first_control(text: str) -> str:
    """The first control character of ``text`` as U+XXXX (for a message), "" if none."""
    found = CONTROL.search(text)
    return f"U+{ord(found.group()):04X}" if found else ""
