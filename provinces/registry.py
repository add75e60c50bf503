"""Registry of provinces: code → module, imported lazily (like python-holidays' registry and healthchecks'
``TRANSPORTS``). Each module defines ``PROVINCE`` (a ``provinces.profile.Province``).

Adding a province: write ``provinces/<name>.py`` with a ``References:`` docstring and ``PROVINCE``, add it
here,
add its tests and snapshot (see docs/rules.md "Adding a province or partner").
"""

from __future__ import annotations

import importlib
from datetime import date
from functools import cache

from provinces.base import UnknownProvinceError
from provinces.profile import PartnerProfile, Province

PROVINCES: dict[str, str] = {
    "AB": "provinces.alberta",
    "SK": "provinces.saskatchewan",
    "BC": "provinces.british_columbia",
    "MB": "provinces.manitoba",
}


@cache
def _load(code: str) -> Province:
    module = importlib.import_module(PROVINCES[code])
    province: Province = module.PROVINCE
    if province.code != code:  # pragma: no cover - guarded by test_registry
        raise RuntimeError(f"{PROVINCES[code]} declares province {province.code!r}, registered as {code!r}")
    return province


def get_province(code: str) -> Province:
    """The province registered under ``code`` (case-insensitive), e.g. ``get_province("AB")``."""
    key = (code or "").strip().upper()
    if key not in PROVINCES:
        known = ", ".join(PROVINCES)
        raise UnknownProvinceError(f"unknown province {code!r} (known: {known})", field="province")
    return _load(key)


def provinces() -> list[Province]:
    """Every registered province, in registry order."""
    return [_load(code) for code in PROVINCES]


def get_partner(province_code: str, partner_code: str, as_of: date | None = None) -> PartnerProfile:
    """The certifying partner ``partner_code`` of ``province_code``.

    A profile holds every dated version of its rules; ``as_of`` is accepted so callers can state the date they
    will evaluate at (``profile.value(code, as_of)`` resolves a rule on that date)."""
    del as_of  # profiles are not date-specific: each value is resolved at evaluation time
    return get_province(province_code).partner((partner_code or "").strip())
