"""Django's JSON serializer (``dumpdata``, ``loaddata``, the backup) keeping times to the
microsecond.

Django's encoder cuts a time to milliseconds (the JavaScript format), so a restored
backup would differ from the database it came from in every timestamp of the audit trail;
this one writes them whole. Registered for the "json" format in ``SERIALIZATION_MODULES``;
Django's own deserializer reads both forms.
"""

import datetime

from django.core.serializers import json as django_json
from django.core.serializers.json import Deserializer, DjangoJSONEncoder

__all__ = ["Serializer", "Deserializer"]


class Encoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time) and o.microsecond:
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self):
        self.options.setdefault("cls", Encoder)
        super()._init_options()  # type: ignore[misc]  # a private hook the stubs do not list
