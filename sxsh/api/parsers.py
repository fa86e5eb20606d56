"""The API's request bodies: refused, as a form is (``core.middleware.
ControlCharacterMiddleware``), when a key or a text holds a control character, before any
serializer reads it; and a body that cannot be read is said in the user's language (DRF
writes its parse errors in English, untranslated)."""

from __future__ import annotations

import json

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from sxsh.core.text import control_message, controls_in


class Translated:
    """DRF's parser, its parse error told in the user's language (where the JSON breaks)."""

    media_type: str

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)  # type: ignore[misc]
        except ParseError as exc:
            cause = exc.__context__
            if isinstance(cause, json.JSONDecodeError):
                raise ParseError(_("The request's body is not valid JSON (line %(line)s, "
                                   "column %(column)s).")
                                 % {"line": cause.lineno, "column": cause.colno}) from None
            if cause is not None:  # DRF's "… parse error - <Python's words>"
                raise ParseError(_("The request's body could not be read as "
                                   "%(media_type)s.") % {"media_type": self.media_type}
                                 ) from None
            raise


class RefusingControls(Translated):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        # A form's body (a PUT or PATCH the middleware does not read) by its lists.
        texts = dict(data.lists()) if hasattr(data, "lists") else data
        for field, character in controls_in(texts):
            raise ParseError(control_message(field, character))
        return data


class JSONParser(RefusingControls, parsers.JSONParser):
    pass


class FormParser(RefusingControls, parsers.FormParser):
    pass


class MultiPartParser(Translated, parsers.MultiPartParser):
    pass
