"""Errors answered as JSON, never as a 500: the services' ``ValidationError`` (Django's) is
a 400 with the messages by field, like DRF's own; ``PermissionDenied`` a 403 (DRF's); a
record not found a 404 in the user's language (``get_object_or_404`` says "No Facility
matches the given query." in English, which DRF would pass on)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler


def handle(exc, context):
    if isinstance(exc, DjangoValidationError):
        detail = (exc.message_dict if hasattr(exc, "error_dict")
                  else {"non_field_errors": exc.messages})
        exc = exceptions.ValidationError(detail=detail)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    return exception_handler(exc, context)
