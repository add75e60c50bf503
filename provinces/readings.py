"""Readings: where the sources conflict, each way of reading them is a selectable *reading*.

A conflict (its code is the warning code the engine already raises, see ``provinces/conflicts.py`` and
docs/rule-choices.md) lists its readings. Today's choice is the default; a scenario (``Scenario.readings``),
the checker and an employer's settings can pick another. The answer names the reading it used and, where
another reading gives a different answer, says what that answer would be ("under 'at any given time': …").

A reading changes rule values only: ``apply`` rewrites the partner's dated ``Param`` versions (every
version, so a past as-of date reads the same way) and the algorithms run unchanged.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from provinces.base import Param, PersonCategory, Value
from provinces.rule_types import RefresherRule, Threshold

if TYPE_CHECKING:
    from provinces.profile import PartnerProfile


@dataclass(frozen=True)
class Reading:
    code: str
    label: str  # plain words, shown to users: "at any given time (the count on the day)"
    source: str  # who reads it this way (public pages)


@dataclass(frozen=True)
class Conflict:
    """A source conflict with its readings. ``area`` is the part of the answer it can change."""

    code: str
    topic: str
    area: str  # "eligibility" | "training" | "deadlines" | "incentive" | "audit"
    readings: tuple[Reading, ...]
    applies: Callable[[PartnerProfile, date], bool]
    default: Callable[[PartnerProfile, date], str]  # today's choice for this partner on this date
    apply: Callable[[PartnerProfile, str], dict[str, Param[Any]]]  # rewritten params for a reading
    warning_codes: frozenset[str] = frozenset()  # warnings that mean "this conflict mattered here"
    kinds: frozenset[str] = frozenset()  # area "deadlines": the deadline kinds compared between readings

    def reading_codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.readings)

    def reading(self, code: str) -> Reading:
        return next(r for r in self.readings if r.code == code)

    def raised_by(self) -> frozenset[str]:
        return self.warning_codes | {self.code}


def _rewrite(profile: PartnerProfile, code: str, fn: Callable[[Any], Any]) -> dict[str, Param[Any]]:
    """``code``'s versions with ``fn`` applied to each value (text, source and warning kept)."""
    param = profile.param(code)
    versions = tuple(dataclasses.replace(v, value=fn(v.value)) for v in param.versions)
    return {code: Param(code, versions)}


def _threshold(profile: PartnerProfile, on: date) -> Threshold:
    th: Threshold = profile.param("threshold").at(on).value
    return th


# ---- AB look-back (C2) -----------------------------------------------------------------------------------


def _lookback_applies(profile: PartnerProfile, on: date) -> bool:
    return profile.province == "AB" and _threshold(profile, on).method == "peak_headcount"


def _lookback_default(profile: PartnerProfile, on: date) -> str:
    return "any_given_time" if _threshold(profile, on).lookback_months == 0 else "past_12_months"


def _limit_words(th: Threshold) -> str:
    n = f"{th.limit:g}"
    return f"{n} or fewer employees" if th.inclusive else f"fewer than {n} employees"


def _lookback_apply(profile: PartnerProfile, reading: str) -> dict[str, Param[Any]]:
    months = 0 if reading == "any_given_time" else 12
    when = "on the day (at any given time)" if months == 0 else "at any time within the past 12 months"

    def fn(th: Threshold) -> Threshold:
        return dataclasses.replace(th, lookback_months=months, limit_text=f"{_limit_words(th)} {when}")

    return _rewrite(profile, "threshold", fn)


# ---- limits (C1, C4) -------------------------------------------------------------------------------------


def _inclusive_apply(profile: PartnerProfile, reading: str) -> dict[str, Param[Any]]:
    inclusive = reading.endswith("_or_fewer")

    def fn(th: Threshold) -> Threshold:
        changed = dataclasses.replace(th, inclusive=inclusive)
        return dataclasses.replace(changed, limit_text=_limit_words(changed))

    return _rewrite(profile, "threshold", fn)


def _inclusive_default(profile: PartnerProfile, on: date) -> str:
    th = _threshold(profile, on)
    word = {9: "nine", 10: "ten"}.get(int(th.limit), str(th.limit))
    return f"{word}_or_fewer" if th.inclusive else f"fewer_than_{word}"


# ---- AB subcontractors (C3) ------------------------------------------------------------------------------

_CONTRACTORS = frozenset({PersonCategory.SUBCONTRACTOR, PersonCategory.DEDICATED_CONTRACTOR})


def _subs_default(profile: PartnerProfile, on: date) -> str:
    categories: frozenset[PersonCategory] = profile.param("counted_categories").at(on).value
    return "counted" if PersonCategory.SUBCONTRACTOR in categories else "not_counted"


def _subs_apply(profile: PartnerProfile, reading: str) -> dict[str, Param[Any]]:
    if reading == "counted":
        return _rewrite(profile, "counted_categories", lambda c: frozenset(c) | _CONTRACTORS)
    return _rewrite(profile, "counted_categories", lambda c: frozenset(c) - _CONTRACTORS)


# ---- AB documented history (C5) --------------------------------------------------------------------------


def _history_applies(profile: PartnerProfile, on: date) -> bool:
    return profile.province == "AB" and profile.param("history_months").at(on).value is not None


def _history_default(profile: PartnerProfile, on: date) -> str:
    return "twelve_months" if profile.param("history_months").at(on).value == 12 else "three_months"


def _history_apply(profile: PartnerProfile, reading: str) -> dict[str, Param[Any]]:
    months = 12 if reading == "twelve_months" else 3
    return _rewrite(profile, "history_months", lambda _m: months)


# ---- AB maintenance anchor (C6) --------------------------------------------------------------------------

_ANCHORS = ("anniversary", "calendar_year", "expiry_month")


def _anchor_applies(profile: PartnerProfile, on: date) -> bool:
    return profile.province == "AB" and profile.param("maintenance_anchor").at(on).value in _ANCHORS


def _anchor_default(profile: PartnerProfile, on: date) -> str:
    anchor: str = profile.param("maintenance_anchor").at(on).value
    return anchor


def _anchor_apply(profile: PartnerProfile, reading: str) -> dict[str, Param[Any]]:
    return _rewrite(profile, "maintenance_anchor", lambda _a: reading)


# ---- AB PIR first year (C7) ------------------------------------------------------------------------------


def _pir_default(profile: PartnerProfile, on: date) -> str:
    rates: Mapping[str, Decimal] = profile.param("incentive").at(on).value
    return "ten_percent_first_year" if rates.get("first_year") else "five_percent"


def _pir_apply(profile: PartnerProfile, reading: str) -> dict[str, Param[Any]]:
    def fn(rates: Mapping[str, Decimal]) -> dict[str, Decimal]:
        out = {k: v for k, v in rates.items() if k != "first_year"}
        if reading == "ten_percent_first_year":
            out["first_year"] = Decimal("0.10")
        return out

    return _rewrite(profile, "incentive", fn)


# ---- AB refresher (C8) -----------------------------------------------------------------------------------


def _refresher_modes(profile: PartnerProfile) -> dict[str, Value[Any]]:
    return {
        v.value.mode: v for v in profile.param("refresher").versions if isinstance(v.value, RefresherRule)
    }


def _refresher_applies(profile: PartnerProfile, on: date) -> bool:
    return len(_refresher_modes(profile)) > 1


def _refresher_apply(profile: PartnerProfile, reading: str) -> dict[str, Param[Any]]:
    if reading == "by_date":
        return {}
    param = profile.param("refresher")
    chosen = _refresher_modes(profile)[reading]
    first = param.versions[0].effective_from
    return {"refresher": Param("refresher", (dataclasses.replace(chosen, effective_from=first),))}


# ---- BC incentive floor (C9) -----------------------------------------------------------------------------


def _floor_default(profile: PartnerProfile, on: date) -> str:
    spec: Mapping[str, Any] = profile.param("incentive").at(on).value
    return "base_premium" if spec.get("floor_basis") == "base" else "total_premium"


def _floor_apply(profile: PartnerProfile, reading: str) -> dict[str, Param[Any]]:
    basis = "base" if reading == "base_premium" else "total"
    return _rewrite(profile, "incentive", lambda spec: {**spec, "floor_basis": basis})


def _has_floor(profile: PartnerProfile, on: date) -> bool:
    spec = profile.param("incentive").at(on).value
    return profile.province == "BC" and isinstance(spec, Mapping) and "floor_share" in spec


# ---- SK auditor maintenance (C11) ------------------------------------------------------------------------


def _sk_auditor_applies(profile: PartnerProfile, on: date) -> bool:
    return profile.province == "SK" and "auditor_audit_cadence" in profile.params


def _sk_auditor_default(profile: PartnerProfile, on: date) -> str:
    cadence: str = profile.param("auditor_audit_cadence").at(on).value
    return cadence


def _sk_auditor_apply(profile: PartnerProfile, reading: str) -> dict[str, Param[Any]]:
    return _rewrite(profile, "auditor_audit_cadence", lambda _c: reading)


def _always(profile: PartnerProfile, on: date) -> bool:
    return True


CONFLICTS: tuple[Conflict, ...] = (
    Conflict(
        "AB_THRESHOLD_WORDING",
        "Alberta: the limit of 10",
        "eligibility",
        (
            Reading("ten_or_fewer", "10 or fewer employees", "ACSA, AASP, AHSA, ESC"),
            Reading("fewer_than_ten", "fewer than 10 employees", "older Alberta government page"),
        ),
        lambda p, on: p.province == "AB" and _threshold(p, on).limit == 10,
        _inclusive_default,
        _inclusive_apply,
    ),
    Conflict(
        "AB_LOOKBACK_PERIOD",
        "Alberta: counting period",
        "eligibility",
        (
            Reading("past_12_months", "the most at any one time within the past 12 months", "ACSA"),
            Reading("any_given_time", "at any given time (the count on the day)", "AASP, AHSA"),
        ),
        _lookback_applies,
        _lookback_default,
        _lookback_apply,
    ),
    Conflict(
        "AB_SUBCONTRACTORS",
        "Alberta: who counts toward the limit",
        "eligibility",
        (
            Reading("not_counted", "only people covered by your WCB account count", "ACSA, AASP"),
            Reading("counted", "subcontractors and dedicated contractors count", "AMHSA"),
        ),
        lambda p, on: p.province == "AB",
        _subs_default,
        _subs_apply,
    ),
    Conflict(
        "SK_THRESHOLD_NINE",
        "Saskatchewan: the limit of 9",
        "eligibility",
        (
            Reading("nine_or_fewer", "nine or fewer employees", "SCSA (headline), SCSA 2018 page"),
            Reading("fewer_than_nine", "fewer than nine employees", "SCSA (eligibility list)"),
        ),
        lambda p, on: p.province == "SK" and _threshold(p, on).limit == 9,
        _inclusive_default,
        _inclusive_apply,
    ),
    Conflict(
        "AB_HISTORY_PERIOD",
        "Alberta: documented history before applying",
        "deadlines",
        (
            Reading("three_months", "3 months of documented history", "older ACSA guidance"),
            Reading("twelve_months", "12 months of documented history", "Energy Safety Canada, AHSA"),
        ),
        _history_applies,
        _history_default,
        _history_apply,
        kinds=frozenset(
            {"history_minimum", "history_one_year_secor", "maintenance_audit", "certificate_expiry"}
        ),
    ),
    Conflict(
        "AB_MAINTENANCE_ANCHOR",
        "Alberta: maintenance audit due date",
        "deadlines",
        (
            Reading("anniversary", "on or before the certification anniversary", "Alberta Safety Council"),
            Reading("calendar_year", "by 31 December of each maintenance year", "AMHSA"),
            Reading("expiry_month", "by the end of the certificate's expiry month", "Energy Safety Canada"),
        ),
        _anchor_applies,
        _anchor_default,
        _anchor_apply,
        frozenset({"AB_MAINTENANCE_ANCHOR_INFERRED"}),
        frozenset({"maintenance_audit"}),
    ),
    Conflict(
        "AB_PIR_FIRST_YEAR",
        "Alberta: PIR refund in the first year",
        "incentive",
        (
            Reading("five_percent", "5% from the start", "AEI SECOR FAQ, AMHSA SECOR page"),
            Reading("ten_percent_first_year", "10% in the first year, then 5%", "AMHSA PIR page, CCSA"),
        ),
        lambda p, on: p.province == "AB",
        _pir_default,
        _pir_apply,
    ),
    Conflict(
        "AB_REFRESHER_RULE",
        "Alberta: 3-year maintenance training",
        "training",
        (
            Reading("by_date", "the rule in force on the date", "ACSA (current), AEI SECOR FAQ (older)"),
            Reading("initial_person", "the initially trained person takes a refresher", "AEI SECOR FAQ"),
            Reading("any_full_time", "any full-time employee takes an accredited course", "ACSA (current)"),
        ),
        _refresher_applies,
        lambda p, on: "by_date",
        _refresher_apply,
    ),
    Conflict(
        "BC_INCENTIVE_FLOOR_BASIS",
        "BC: small-employer incentive floor",
        "incentive",
        (
            Reading("total_premium", "75% of the total premium", "BC Forest Safety Council, AgSafe BC"),
            Reading("base_premium", "75% of the base-rate premium", "go2HR"),
        ),
        _has_floor,
        _floor_default,
        _floor_apply,
    ),
    Conflict(
        "SK_AUDITOR_MAINTENANCE",
        "Saskatchewan: keeping internal auditor status",
        "deadlines",
        (
            Reading("once_in_three_years", "one maintenance audit within the 3-year validity", "SCSA"),
            Reading("annual", "an audit every year", "SCSA (older re-certification page)"),
        ),
        _sk_auditor_applies,
        _sk_auditor_default,
        _sk_auditor_apply,
        kinds=frozenset({"auditor_maintenance_audit"}),
    ),
)

_BY_CODE = {c.code: c for c in CONFLICTS}


def conflict(code: str) -> Conflict | None:
    return _BY_CODE.get(code)


def codes() -> tuple[str, ...]:
    return tuple(_BY_CODE)


def available(profile: PartnerProfile, on: date) -> tuple[Conflict, ...]:
    """The conflicts that apply to this partner on ``on`` (what a checker or settings page can offer)."""
    return tuple(c for c in CONFLICTS if c.applies(profile, on))


def chosen(profile: PartnerProfile, on: date, selected: Mapping[str, str]) -> dict[str, str]:
    """Conflict code → the reading in use: the selected one, else today's default."""
    return {c.code: selected.get(c.code) or c.default(profile, on) for c in available(profile, on)}


def apply(profile: PartnerProfile, on: date, selected: Mapping[str, str]) -> PartnerProfile:
    """``profile`` with the selected readings applied (the same object when every reading is the default).

    Pure (profiles are frozen and live as long as the process), so the answer is kept per (profile, date,
    readings): an evaluation and its comparisons of readings ask for the same few again and again."""
    try:
        return _apply(profile, on, tuple(sorted(selected.items())))
    except TypeError:  # readings that are not strings (not from the scenario parser): not kept
        return _apply.__wrapped__(profile, on, tuple(selected.items()))


@functools.lru_cache(maxsize=1024)
def _apply(profile: PartnerProfile, on: date, chosen: tuple[tuple[str, str], ...]) -> PartnerProfile:
    selected = dict(chosen)
    params: dict[str, Param[Any]] = {}
    for c in available(profile, on):
        reading = selected.get(c.code)
        if reading is None or reading == c.default(profile, on):
            continue
        params.update(c.apply(dataclasses.replace(profile, params={**profile.params, **params}), reading))
    if not params:
        return profile
    return dataclasses.replace(profile, params={**profile.params, **params})


def check(selected: object) -> list[str]:
    """Messages for a readings mapping entered by a user (empty when valid): a JSON object of conflict code →
    reading code."""
    if not isinstance(selected, Mapping):
        return ["Expected an object of conflict → reading."]
    errors: list[str] = []
    for code, reading in selected.items():
        c = conflict(str(code))
        if c is None:
            errors.append(f"Unknown conflict {code!r} (known: {', '.join(codes())}).")
        elif reading not in c.reading_codes():
            errors.append(f"{code}: unknown reading {reading!r} (known: {', '.join(c.reading_codes())}).")
    return errors
