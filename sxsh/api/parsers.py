"""The API's JSON: refused, as a form is (``core.middleware.ControlCharacterMiddleware``),
when a key or a text holds a control character, before any serializer reads it."""

from __future__ import annotations

from rest_framework import parsers
from rest_framework.exceptions import ParseError

from sxsh.core.text import control_message, controls_in


class RefusingControls:
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)  # type: ignore[misc]
        # A form's body (a PUT or PATCH the middleware does not read) by its lists.
        texts = dict(data.lists()) if hasattr(data, "lists") else data
        for field, character in controls_in(texts):
            raise ParseError(control_message(field, character))
        return data


class JSONParser(RefusingControls, parsers.JSONParser):
    pass


class FormParser(RefusingControls, parsers.FormParser):
    pass
