"""Build a ``Scenario`` from JSON-like data, with one clear message per problem (``ScenarioError``).

Every message names the field by its path, e.g. ``people[2].start: not a date (expected YYYY-MM-DD):
'2024-13-01'``.
Unknown keys are rejected so typos do not silently drop data. The format is documented in docs/rules.md.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from provinces import readings
from provinces.base import (
    AUDIT_KINDS,
    REMOVED_ON_MEANINGS,
    ROLES,
    AuditScores,
    ElementScore,
    KeyDates,
    MonthlyHeadcount,
    Person,
    PersonCategory,
    Scenario,
    ScenarioError,
    TrainingRecord,
)
from provinces.certificates import CertificateEvent, EventKind
from provinces.profile import PartnerProfile
from provinces.registry import get_partner, get_province

_SCENARIO_KEYS = {f.name for f in dataclasses.fields(Scenario)}
_KEY_DATES = {f.name for f in dataclasses.fields(KeyDates)}


def _fail(path: str, message: str) -> ScenarioError:
    return ScenarioError(f"{path}: {message}", field=path)


def _mapping(value: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _fail(path, f"expected an object, got {type(value).__name__}")
    return value


def _list(value: Any, path: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _fail(path, f"expected a list, got {type(value).__name__}")
    return value


def _no_extra(data: Mapping[str, Any], allowed: set[str], path: str) -> None:
    extra = sorted(set(data) - allowed)
    if extra:
        where = f"{path}: " if path else ""
        raise ScenarioError(
            f"{where}unknown field(s) {', '.join(extra)}", field=f"{path}.{extra[0]}" if path else extra[0]
        )


def _required(data: Mapping[str, Any], key: str, path: str) -> Any:
    if key not in data or data[key] is None:
        raise _fail(f"{path}{key}", "missing required field")
    return data[key]


def _str(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, f"expected a non-empty string, got {value!r}")
    return value.strip()


def _opt_str(value: Any, path: str) -> str | None:
    return None if value is None else _str(value, path)


# Dates far outside the programs' lifetime are input mistakes; they would also overflow month arithmetic.
MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2199, 12, 31)


def _date(value: Any, path: str) -> date:
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise _fail(path, f"not a date (expected YYYY-MM-DD): {value!r}")
    try:
        parsed = date.fromisoformat(value.strip())
    except ValueError:
        raise _fail(path, f"not a date (expected YYYY-MM-DD): {value!r}") from None
    if not MIN_DATE <= parsed <= MAX_DATE:
        raise _fail(path, f"{value!r} is outside the supported range {MIN_DATE} to {MAX_DATE}")
    return parsed


def _opt_date(value: Any, path: str) -> date | None:
    return None if value is None else _date(value, path)


def _number(value: Any, path: str, minimum: float | None = 0) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _fail(path, f"expected a number, got {value!r}")
    if minimum is not None and value < minimum:
        raise _fail(path, f"must be at least {minimum}, got {value!r}")
    return float(value)


def _opt_number(value: Any, path: str) -> float | None:
    return None if value is None else _number(value, path)


def _money(value: Any, path: str) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise _fail(path, f"expected an amount, got {value!r}")
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise _fail(path, f"expected an amount, got {value!r}") from None
    if not amount.is_finite() or amount < 0:
        raise _fail(path, f"expected a non-negative amount, got {value!r}")
    return amount


def _bool(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise _fail(path, f"expected true or false, got {value!r}")
    return value


def _int(value: Any, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _fail(path, f"expected a whole number of at least 0, got {value!r}")
    return value


def _person(data: Any, path: str) -> Person:
    d = _mapping(data, path)
    _no_extra(d, {f.name for f in dataclasses.fields(Person)}, path)
    pid = _str(_required(d, "id", f"{path}."), f"{path}.id")
    raw_category = _required(d, "category", f"{path}.")
    try:
        category = PersonCategory(raw_category)
    except ValueError:
        known = ", ".join(c.value for c in PersonCategory)
        raise _fail(f"{path}.category", f"unknown category {raw_category!r} (known: {known})") from None
    roles = _list(d.get("roles"), f"{path}.roles")
    for i, role in enumerate(roles):
        if role not in ROLES:
            raise _fail(f"{path}.roles[{i}]", f"unknown role {role!r} (known: {', '.join(sorted(ROLES))})")
    start = _opt_date(d.get("start"), f"{path}.start")
    end = _opt_date(d.get("end"), f"{path}.end")
    if start and end and end < start:
        raise _fail(f"{path}.end", "is before start")
    hours = _opt_number(d.get("hours_per_week"), f"{path}.hours_per_week")
    if hours is not None and hours > 168:
        raise _fail(f"{path}.hours_per_week", f"must be at most 168, got {hours!r}")
    province = _opt_str(d.get("province"), f"{path}.province")
    return Person(
        id=pid,
        name=_opt_str(d.get("name"), f"{path}.name") or pid,
        category=category,
        start=start,
        end=end,
        hours_per_week=hours,
        province=province.upper() if province else None,
        roles=frozenset(roles),
        wcb_account=_opt_str(d.get("wcb_account"), f"{path}.wcb_account"),
        audits_done=None if d.get("audits_done") is None else _int(d["audits_done"], f"{path}.audits_done"),
    )


def scenario_from_dict(data: Any) -> Scenario:
    """Validate ``data`` (parsed JSON) and build a ``Scenario``. Raises ``ScenarioError`` naming the field."""
    d = _mapping(data, "scenario")
    _no_extra(d, _SCENARIO_KEYS, "")
    province = _str(_required(d, "province", ""), "province").upper()
    get_province(province)
    partner = _str(_required(d, "partner", ""), "partner").upper()
    as_of = _date(_required(d, "as_of", ""), "as_of")
    profile = get_partner(province, partner, as_of)

    people = tuple(_person(p, f"people[{i}]") for i, p in enumerate(_list(d.get("people"), "people")))
    ids = [p.id for p in people]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise _fail("people", f"duplicate person id(s) {', '.join(dupes)}")

    training: list[TrainingRecord] = []
    for i, raw in enumerate(_list(d.get("training"), "training")):
        path = f"training[{i}]"
        t = _mapping(raw, path)
        _no_extra(t, {f.name for f in dataclasses.fields(TrainingRecord)}, path)
        person_id = _str(_required(t, "person_id", f"{path}."), f"{path}.person_id")
        if person_id not in ids:
            raise _fail(f"{path}.person_id", f"unknown person {person_id!r}")
        course = _str(_required(t, "course", f"{path}."), f"{path}.course").upper()
        if course not in profile.courses:
            known = ", ".join(sorted(profile.courses))
            raise _fail(f"{path}.course", f"unknown course {course!r} for {profile.code} (known: {known})")
        training.append(
            TrainingRecord(
                person_id,
                course,
                _date(_required(t, "completed_on", f"{path}."), f"{path}.completed_on"),
                _opt_date(t.get("expires_on"), f"{path}.expires_on"),
            )
        )

    headcounts: list[MonthlyHeadcount] = []
    for i, raw in enumerate(_list(d.get("monthly_headcounts"), "monthly_headcounts")):
        path = f"monthly_headcounts[{i}]"
        h = _mapping(raw, path)
        _no_extra(h, {"month", "count"}, path)
        month = _date(_required(h, "month", f"{path}."), f"{path}.month")
        headcounts.append(
            MonthlyHeadcount(month.replace(day=1), _int(_required(h, "count", f"{path}."), f"{path}.count"))
        )

    kd_raw = _mapping(d.get("key_dates") or {}, "key_dates")
    _no_extra(kd_raw, _KEY_DATES, "key_dates")
    key_dates = KeyDates(**{k: _opt_date(kd_raw.get(k), f"key_dates.{k}") for k in _KEY_DATES})

    audit = None
    if d.get("audit") is not None:
        a = _mapping(d["audit"], "audit")
        _no_extra(a, {"kind", "elements", "qa_score"}, "audit")
        kind = _str(_required(a, "kind", "audit."), "audit.kind")
        if kind not in AUDIT_KINDS:
            raise _fail("audit.kind", f"expected one of {', '.join(AUDIT_KINDS)}, got {kind!r}")
        elements: list[ElementScore] = []
        for i, raw in enumerate(_list(_required(a, "elements", "audit."), "audit.elements")):
            path = f"audit.elements[{i}]"
            e = _mapping(raw, path)
            _no_extra(e, {"name", "awarded", "available"}, path)
            awarded = _number(_required(e, "awarded", f"{path}."), f"{path}.awarded")
            available = _number(_required(e, "available", f"{path}."), f"{path}.available")
            if awarded > available:
                raise _fail(f"{path}.awarded", f"{awarded} is more than the {available} available")
            elements.append(
                ElementScore(_str(_required(e, "name", f"{path}."), f"{path}.name"), awarded, available)
            )
        if not elements:
            raise _fail("audit.elements", "needs at least one element")
        qa = _opt_number(a.get("qa_score"), "audit.qa_score")
        if qa is not None and qa > 100:
            raise _fail("audit.qa_score", f"must be at most 100, got {qa!r}")
        audit = AuditScores(kind, tuple(elements), qa)

    gc = d.get("general_contractor_expected_workers")
    return Scenario(
        province=province,
        partner=profile.code,
        as_of=as_of,
        people=people,
        training=tuple(training),
        monthly_headcounts=tuple(headcounts),
        annual_payroll_hours=_opt_number(d.get("annual_payroll_hours"), "annual_payroll_hours"),
        key_dates=key_dates,
        audit=audit,
        general_contractor_expected_workers=None
        if gc is None
        else _int(gc, "general_contractor_expected_workers"),
        annual_premium=_money(d.get("annual_premium"), "annual_premium"),
        base_assessment=_money(d.get("base_assessment"), "base_assessment"),
        wcb_account=_opt_str(d.get("wcb_account"), "wcb_account"),
        employer_name=_opt_str(d.get("employer_name"), "employer_name"),
        has_wcb_account=_bool(d.get("has_wcb_account", True), "has_wcb_account"),
        has_membership=_bool(d.get("has_membership", True), "has_membership"),
        permanent_office_in_province=_bool(
            d.get("permanent_office_in_province", True), "permanent_office_in_province"
        ),
        holds_secor=_bool(d.get("holds_secor", False), "holds_secor"),
        removed_on_means=_choice(
            d.get("removed_on_means") or REMOVED_ON_MEANINGS[0], REMOVED_ON_MEANINGS, "removed_on_means"
        ),
        program_exceptions=tuple(
            _choice(c, exception_codes(profile, as_of), f"program_exceptions[{i}]")
            for i, c in enumerate(_list(d.get("program_exceptions"), "program_exceptions"))
        ),
        wcb_administrative_penalty=_opt_bool(
            d.get("wcb_administrative_penalty"), "wcb_administrative_penalty"
        ),
        wcb_outstanding_balance=_opt_bool(d.get("wcb_outstanding_balance"), "wcb_outstanding_balance"),
        wcb_payroll_reported=_opt_bool(d.get("wcb_payroll_reported"), "wcb_payroll_reported"),
        readings=_readings(d.get("readings"), profile),
        certificate_events=_certificate_events(d.get("certificate_events")),
    )


_EVENT_KEYS = {"kind", "on", "number", "issued_on", "expires_on", "reason", "submitted_on"}


def _certificate_events(value: Any) -> tuple[CertificateEvent, ...] | None:
    """``certificate_events``: the certificate's ledger (kind, on, and for issued / renewed the number and
    dates); omitted, the ledger follows from the key dates."""
    if value is None:
        return None
    out: list[CertificateEvent] = []
    for i, raw in enumerate(_list(value, "certificate_events")):
        path = f"certificate_events[{i}]"
        e = _mapping(raw, path)
        _no_extra(e, _EVENT_KEYS, path)
        kind = _choice(_required(e, "kind", f"{path}."), tuple(k.value for k in EventKind), f"{path}.kind")
        issued = _opt_date(e.get("issued_on"), f"{path}.issued_on")
        expires = _opt_date(e.get("expires_on"), f"{path}.expires_on")
        if issued is not None and expires is not None and expires <= issued:
            raise _fail(f"{path}.expires_on", "must be after issued_on")
        out.append(
            CertificateEvent(
                EventKind(kind),
                _date(_required(e, "on", f"{path}."), f"{path}.on"),
                number=_opt_str(e.get("number"), f"{path}.number") or "",
                issued_on=issued,
                expires_on=expires,
                reason=_opt_str(e.get("reason"), f"{path}.reason") or "",
                sequence=i,
                submitted_on=_opt_date(e.get("submitted_on"), f"{path}.submitted_on"),
            )
        )
    return tuple(out)


def _opt_bool(value: Any, path: str) -> bool | None:
    return None if value is None else _bool(value, path)


def _choice(value: Any, allowed: tuple[str, ...], path: str) -> str:
    if value not in allowed:
        known = ", ".join(allowed) if allowed else "none"
        raise _fail(path, f"unknown value {value!r} (known: {known})")
    return str(value)


def exception_codes(profile: PartnerProfile, as_of: date) -> tuple[str, ...]:
    if "exceptions" not in profile.params:
        return ()
    return tuple(e.code for e in profile.param("exceptions").at(as_of).value)


def _readings(value: Any, profile: PartnerProfile) -> dict[str, str]:
    if value is None:
        return {}
    raw = _mapping(value, "readings")
    out: dict[str, str] = {}
    for conflict, reading in raw.items():
        known = readings.conflict(conflict)
        if known is None:
            raise _fail(f"readings.{conflict}", f"unknown conflict (known: {', '.join(readings.codes())})")
        out[conflict] = _choice(reading, known.reading_codes(), f"readings.{conflict}")
    return out
