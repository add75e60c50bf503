"""The API's default filter backend (``REST_FRAMEWORK["DEFAULT_FILTER_BACKENDS"]``): query parameters mean
what the OpenAPI schema says they mean (issue 12).

- A foreign key built from a view's ``filterset_fields`` is a plain whole number
  (``secor.employers.filters.id_filter``), not a model choice, so a missing id and another tenant's id both
  answer 200 with an empty list instead of 400 "Select a valid choice" for one of them.
- django-filter is lenient where the schema is not: it ignores an empty value (``?due_before=``), reads
  ``?archived=null`` as "no filter" and ``?employer=0.5`` as a number. Here a filter that is not free text
  refuses an empty value, a yes/no filter takes only ``true`` or ``false``, and an id or whole-number filter
  (``IdFilter``, documented as an integer) takes only a whole number: 400 with the parameter's name.
"""

from __future__ import annotations

from django import forms
from django.db import models
from django_filters import BooleanFilter, CharFilter, NumberFilter
from django_filters.filterset import FILTER_FOR_DBFIELD_DEFAULTS
from django_filters.rest_framework import DjangoFilterBackend, FilterSet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(NumberFilter):
    """An id (or any whole number): documented as an integer, and only a whole number is taken."""

    field_class = forms.IntegerField


class IdFilterSet(FilterSet):
    """The base of the FilterSets built from a view's ``filterset_fields``."""

    FILTER_DEFAULTS = {
        **FILTER_FOR_DBFIELD_DEFAULTS,
        **{
            field: {"filter_class": IdFilter}
            for field in (
                models.ForeignKey,
                models.OneToOneField,
                models.AutoField,
                models.BigAutoField,
                models.IntegerField,
                models.BigIntegerField,
                models.SmallIntegerField,
                models.PositiveIntegerField,
                models.PositiveSmallIntegerField,
                models.PositiveBigIntegerField,
            )
        },
    }


def strict_errors(filterset: FilterSet, params) -> dict[str, list[str]]:
    """What the schema refuses and django-filter would let through, by parameter name."""
    errors: dict[str, list[str]] = {}
    for name, flt in filterset.filters.items():
        for value in params.getlist(name):
            if isinstance(flt, BooleanFilter):
                if value not in ("true", "false"):
                    errors[name] = ["Use true or false."]
            elif value == "" and not isinstance(flt, CharFilter):
                errors[name] = ["Give a value, or leave the parameter out."]
    return errors


def _integer_field(model, field_name: str) -> bool:
    from django_filters.utils import get_model_field

    field = get_model_field(model, field_name) if model is not None else None
    if isinstance(field, models.ForeignKey | models.OneToOneField):
        field = field.target_field
    return isinstance(field, models.IntegerField | models.AutoField)


class IdFilterBackend(DjangoFilterBackend):
    filterset_base = IdFilterSet

    def get_filterset_class(self, view, queryset=None):
        """A plain ``NumberFilter`` on an id or whole-number field becomes an ``IdFilter`` (documented and
        read as an integer), whichever FilterSet declared it."""
        filterset_class = super().get_filterset_class(view, queryset)
        if filterset_class is None:
            return None
        model = filterset_class._meta.model or getattr(queryset, "model", None)
        swap = {
            name: IdFilter(field_name=flt.field_name, lookup_expr=flt.lookup_expr, **flt.extra)
            for name, flt in filterset_class.base_filters.items()
            if type(flt) is NumberFilter and _integer_field(model, flt.field_name)
        }
        if not swap:
            return filterset_class
        # Declared as class attributes: django-filter's metaclass rebuilds ``base_filters`` from them.
        return type(filterset_class.__name__, (filterset_class,), swap)

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is not None:
            errors = strict_errors(filterset, request.query_params)
            if errors:
                raise ValidationError(errors)
        return super().filter_queryset(request, queryset, view)
