"""Errors answered as JSON, never as a 500: the services' ``ValidationError`` (Django's) is
a 400 with the messages by field, like DRF's own; ``PermissionDenied`` a 403 (DRF's)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.views import exception_handler


def handle(exc, context):
    if isinstance(exc, DjangoValidationError):
        detail = (exc.message_dict if hasattr(exc, "error_dict")
                  else {"non_field_errors": exc.messages})
        exc = exceptions.ValidationError(detail=detail)
    return exception_handler(exc, context)
