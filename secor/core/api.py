"""API helpers shared by every area: the exception handler that keeps domain errors out of 500s, and the
tenancy-scoped base viewset, related field and model-clean serializer every area builds on."""

from __future__ import annotations

import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, ProtectedError, QuerySet, RestrictedError
from rest_framework import exceptions, permissions, serializers, viewsets
from rest_framework.exceptions import PermissionDenied
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


class ModelCleanSerializer(serializers.ModelSerializer):
    """A ModelSerializer that also runs the model's ``clean()`` (cross-field rules such as the WCB account
    number format per board, end date before start) and reports its errors per field (400)."""

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
