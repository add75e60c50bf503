"""API helpers shared by every area: the exception handler that keeps domain errors out of 500s."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from secor.core.exceptions import ApplicationError


def exception_handler(exc, context):
    """Map Django ``ValidationError`` and ``ApplicationError`` to 400 with field-level messages."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, ApplicationError):
        exc = exceptions.ValidationError({"detail": exc.message, **exc.extra})
    return drf_exception_handler(exc, context)
