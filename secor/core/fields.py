"""Small shared model field helpers."""

from __future__ import annotations

from django.db import models

PROVINCE_CHOICES = [
    ("AB", "Alberta"),
    ("SK", "Saskatchewan"),
    ("BC", "British Columbia"),
    ("MB", "Manitoba"),
]


class ProvinceField(models.CharField):
    """Two-letter province code. ``choices`` are left out of migrations (localflavor's trick), so adding a
    province is a registry change, not a schema change."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 2)
        kwargs.setdefault("choices", PROVINCE_CHOICES)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("choices", None)
        return name, path, args, kwargs
