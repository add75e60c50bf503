"""API helpers shared by every area: the exception handler that keeps domain errors out of 500s, and the
tenancy-scoped base viewset, related field and model-clean serializer every area builds on."""

from __future__ import annotations

import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import Model, ProtectedError, QuerySet, RestrictedError
from rest_framework import exceptions, permissions, serializers, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.fields import empty
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from secor import tenancy
from secor.core.exceptions import ApplicationError


def exception_handler(exc, context):
    """Map Django ``ValidationError`` and ``ApplicationError`` to 400 with field-level messages."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, ApplicationError):
        exc = exceptions.ValidationError({"detail": exc.message, **exc.extra})
    return drf_exception_handler(exc, context)


# --- Tenancy-scoped viewsets and fields -------------------------------------------------------------------
# Every employer-owned endpoint is a thin ModelViewSet on ``ScopedModelViewSet``: its ``get_queryset`` goes
# through ``secor.tenancy.scope`` (another tenant's row is a 404), and every write action re-checks the row
# with ``scope(..., write=True)`` (a row you may read but not change is a 403).

WRITE_ACTIONS = frozenset({"update", "partial_update", "destroy"})


class ScopedModelViewSet(viewsets.ModelViewSet):
    """A ModelViewSet whose rows are the user's tenancy scope.

    1. ``get_queryset`` = ``scope(queryset, user)``: lists show only permitted rows, a detail outside the
       scope is a 404.
    2. ``get_object`` for update/partial_update/destroy (and detail actions listed in ``write_actions``)
       checks ``scope(..., write=True)``: read-only viewers (reviewers) get a 403.
    3. Create checks the parent the new row hangs on (``tenant_parent_field``, e.g. ``employer`` or
       ``person``): the serializer field only accepts parents the user can read (another tenant's id is a
       400 "does not exist", never a leak), and a parent the user can read but not change is a 403. The same
       check runs on update when the parent changes.
    4. ``destroy`` soft-deletes models that have ``soft_delete()`` (restorable, with a history entry).
    """

    permission_classes = [permissions.IsAuthenticated]
    tenant_parent_field: str | None = "employer"
    write_actions: frozenset[str] = WRITE_ACTIONS

    def get_queryset(self) -> QuerySet:
        return tenancy.scope(super().get_queryset(), self.request.user)

    def get_object(self) -> Model:
        obj = super().get_object()
        if self.action in self.write_actions:
            self.check_write(obj)
        return obj

    def check_write(self, obj: Model) -> None:
        model = type(obj)
        writable = tenancy.scope(model._default_manager.filter(pk=obj.pk), self.request.user, write=True)
        if not writable.exists():
            raise PermissionDenied("You can view this record but not change it.")

    def check_parent_write(self, parent: Model | None) -> None:
        if parent is not None:
            self.check_write(parent)

    def perform_create(self, serializer) -> None:
        if self.tenant_parent_field:
            self.check_parent_write(serializer.validated_data.get(self.tenant_parent_field))
        serializer.save()

    def perform_update(self, serializer) -> None:
        field = self.tenant_parent_field
        if field and field in serializer.validated_data:
            new_parent = serializer.validated_data[field]
            if getattr(new_parent, "pk", None) != getattr(serializer.instance, f"{field}_id", None):
                self.check_parent_write(new_parent)
        serializer.save()

    def perform_destroy(self, instance: Model) -> None:
        if hasattr(instance, "soft_delete"):
            from secor.employers.restore import soft_delete

            soft_delete(obj=instance, user=self.request.user)
        else:
            try:
                instance.delete()
            except (ProtectedError, RestrictedError) as exc:
                # Raised while collecting, before anything is deleted: the request changes nothing.
                blocking = getattr(exc, "protected_objects", None) or exc.restricted_objects
                names = sorted({str(obj._meta.verbose_name_plural) for obj in blocking})
                raise exceptions.ValidationError(
                    {
                        "detail": f"This {instance._meta.verbose_name} cannot be deleted while "
                        f"{', '.join(names)} refer to it; remove those first."
                    }
                ) from exc


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A related-object field whose choices are the requesting user's scope (``write=False``: rows the user
    can read; the viewset then asks for write permission). An id outside the scope is answered exactly like
    an id that does not exist, so nothing about other tenants leaks."""

    def __init__(self, **kwargs):
        self.scope_write = kwargs.pop("write", False)
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return tenancy.scope(queryset, user, write=self.scope_write)


def _form_body(field) -> bool:
    """Whether the serializer reads a form-encoded body (where every value is text) rather than JSON."""
    from django.http import QueryDict

    return isinstance(getattr(field.root, "initial_data", None), QueryDict)


class StrictBooleanField(serializers.BooleanField):
    """A yes/no field that takes JSON ``true``/``false`` only (DRF's also takes 0, 1, "yes", "on"…, which the
    schema's ``boolean`` does not allow); a form-encoded body may still send the words."""

    def to_internal_value(self, data):
        if isinstance(data, bool):
            return data
        if _form_body(self) and isinstance(data, str):
            return super().to_internal_value(data)
        self.fail("invalid", input=data)


class StrictDecimalField(serializers.DecimalField):
    """A decimal as the schema documents it: in JSON a string of digits (``"12.50"``, as the API answers it),
    not a number (which a float would round) and not "" read as ``null``."""

    def validate_empty_values(self, data):
        if not _form_body(self) and data is not None and data is not empty:
            if not isinstance(data, str) or not data.strip():
                self.fail("invalid")
        return super().validate_empty_values(data)


class _JsonTyped:
    """In a JSON body a value has the schema's JSON type: text is a string and a whole number a number (DRF
    would read ``0`` as the text "0" and ``"5"`` or ``5.0`` as the number 5). Form bodies are all text."""

    json_types: tuple[type, ...] = ()

    def to_internal_value(self, data):
        if not _form_body(self) and (isinstance(data, bool) or not isinstance(data, self.json_types)):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictCharField(_JsonTyped, serializers.CharField):
    json_types = (str,)


class StrictEmailField(_JsonTyped, serializers.EmailField):
    json_types = (str,)


class StrictURLField(_JsonTyped, serializers.URLField):
    json_types = (str,)


class StrictIntegerField(_JsonTyped, serializers.IntegerField):
    json_types = (int,)


class ModelCleanSerializer(serializers.ModelSerializer):
    """A ModelSerializer that also runs the model's ``clean()`` (cross-field rules such as the WCB account
    number format per board, end date before start) and reports its errors per field (400). Yes/no fields
    take JSON ``true``/``false`` only (``StrictBooleanField``)."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.BooleanField: StrictBooleanField,
        models.DecimalField: StrictDecimalField,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.EmailField: StrictEmailField,
        models.URLField: StrictURLField,
        models.IntegerField: StrictIntegerField,
        models.BigIntegerField: StrictIntegerField,
        models.SmallIntegerField: StrictIntegerField,
        models.PositiveIntegerField: StrictIntegerField,
        models.PositiveSmallIntegerField: StrictIntegerField,
        models.PositiveBigIntegerField: StrictIntegerField,
    }

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        # A copy: the serializer's instance must stay untouched if validation fails.
        obj = copy.copy(self.instance) if self.instance is not None else model()
        for name, value in attrs.items():
            field = model._meta.get_field(name) if _is_concrete(model, name) else None
            if field is not None and not field.many_to_many:
                setattr(obj, name, value)
        try:
            obj.clean()
        except DjangoValidationError as exc:
            raise serializers.ValidationError(as_serializer_error(exc)) from exc
        return attrs


def _is_concrete(model, name: str) -> bool:
    try:
        field = model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - FieldDoesNotExist and friends: not a model field
        return False
    return getattr(field, "concrete", False)


# --- Query parameters read by hand (the schema declares them; a value it does not allow is a 400) ---------


def query_bool(request, name: str) -> bool:
    """``?name=true|false`` (also ``1``/``0``); absent is false; anything else answers 400."""
    values = request.query_params.getlist(name)
    if not values:
        return False
    value = values[-1]
    if value not in ("true", "false", "1", "0") or any(v not in ("true", "false", "1", "0") for v in values):
        raise exceptions.ValidationError({name: ["Use true or false."]})
    return value in ("true", "1")


def query_choice(request, name: str, choices) -> str | None:
    """``?name=`` one of ``choices``; absent is ``None``; anything else (empty included) answers 400."""
    values = request.query_params.getlist(name)
    if not values:
        return None
    allowed = {str(c) for c in choices}
    if any(v not in allowed for v in values):
        raise exceptions.ValidationError({name: [f"Choose one of: {', '.join(sorted(allowed))}."]})
    return values[-1]
