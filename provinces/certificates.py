"""The certificate's own history: ledger events in, "is a certificate held on this date, and if not since when
and why" out.

The certifying partner owns the certificate. Its decisions (issue, renewal, an accepted maintenance audit,
cancellation, reinstatement, removal, the move to COR) and the daily job's application of the partner's rule
for a missed maintenance audit are recorded as :class:`CertificateEvent` rows (the Django side keeps them in
an append-only ledger). :func:`fold` replays them up to a date; :func:`missed_maintenance_rule` says what a
missed maintenance audit does under each partner (documented in docs/rule-choices.md).

Plain Python, no Django, mypy --strict.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from provinces.base import Deadline, RuleCitation


class EventKind(enum.StrEnum):
    """What happened to the certificate. These are the database choices of the ledger."""

    ISSUED = "issued"
    MAINTENANCE_ACCEPTED = "maintenance_accepted"
    MAINTENANCE_MISSED = "maintenance_missed"
    CANCELLED = "cancelled"
    LAPSED = "lapsed"
    EXPIRED = "expired"
    RENEWED = "renewed"
    MOVED_TO_COR = "moved_to_cor"
    REMOVED = "removed"
    REINSTATED = "reinstated"


EVENT_LABELS: dict[EventKind, str] = {
    EventKind.ISSUED: "Certificate issued",
    EventKind.MAINTENANCE_ACCEPTED: "Maintenance audit accepted",
    EventKind.MAINTENANCE_MISSED: "Maintenance audit missed",
    EventKind.CANCELLED: "Certificate cancelled",
    EventKind.LAPSED: "Certificate lapsed",
    EventKind.EXPIRED: "Certificate expired",
    EventKind.RENEWED: "Certificate renewed by recertification",
    EventKind.MOVED_TO_COR: "Moved to the COR program",
    EventKind.REMOVED: "Removed from the program",
    EventKind.REINSTATED: "Certificate reinstated",
}

# Events that end the holding of a certificate, and the state they leave.
ENDING = {
    EventKind.CANCELLED: "cancelled",
    EventKind.LAPSED: "lapsed",
    EventKind.EXPIRED: "expired",
    EventKind.MOVED_TO_COR: "moved_to_cor",
    EventKind.REMOVED: "removed",
}


class HoldState(enum.StrEnum):
    HELD = "held"
    NEVER = "never"  # no certificate issued (yet)
    CANCELLED = "cancelled"
    LAPSED = "lapsed"
    EXPIRED = "expired"
    MOVED_TO_COR = "moved_to_cor"
    REMOVED = "removed"


STATE_LABELS: dict[HoldState, str] = {
    HoldState.HELD: "Certificate held",
    HoldState.NEVER: "No certificate yet",
    HoldState.CANCELLED: "Certificate cancelled",
    HoldState.LAPSED: "Certificate lapsed",
    HoldState.EXPIRED: "Certificate expired",
    HoldState.MOVED_TO_COR: "Moved to the COR program",
    HoldState.REMOVED: "Removed from the program",
}


@dataclass(frozen=True)
class CertificateEvent:
    """One ledger entry. ``on`` is the day the event takes effect; ``issued_on`` / ``expires_on`` are set on
    issue and renewal. ``sequence`` orders events of the same day (the ledger's insertion order)."""

    kind: EventKind
    on: date
    number: str = ""
    issued_on: date | None = None
    expires_on: date | None = None
    reason: str = ""
    decided_by: str = ""
    sequence: int = 0
    submitted_on: date | None = None  # maintenance accepted: the day the audit was submitted


@dataclass(frozen=True)
class CertificateStatus:
    """The answer for one date: is a certificate held; its number and dates; if not held, since when and
    why, and the way back. ``events`` are the ledger entries in force on that date (the sources of the
    answer, with who decided them). ``rule``: the partner's rule behind the answer (the certificate's term
    while held or expired, the missed-maintenance rule for a cancellation or lapse), ``way_back_reference``:
    the partner's page for the way back (both filled by the engine, ``provinces/holding.py``)."""

    held: bool
    state: HoldState
    number: str = ""
    issued_on: date | None = None
    expires_on: date | None = None
    last_maintenance_on: date | None = None
    not_held_since: date | None = None
    reason: str = ""
    way_back: str = ""
    decided_by: str = ""
    rule: RuleCitation | None = None
    events: tuple[CertificateEvent, ...] = ()
    way_back_reference: str = ""
    label: str = ""
    partner: str = ""
    missed: str = ""  # the maintenance audit whose last day passed with nothing submitted (the engine's rule)

    def __post_init__(self) -> None:
        if not self.label:
            object.__setattr__(self, "label", STATE_LABELS[self.state])

    @property
    def lost(self) -> bool:
        """A certificate was held and is not any more (or the employer left the program)."""
        return not self.held and self.state is not HoldState.NEVER

    def to_dict(self) -> dict[str, object]:
        return {
            "held": self.held,
            "state": self.state.value,
            "label": self.label,
            "partner": self.partner,
            "number": self.number,
            "issued_on": _iso(self.issued_on),
            "expires_on": _iso(self.expires_on),
            "last_maintenance_on": _iso(self.last_maintenance_on),
            "not_held_since": _iso(self.not_held_since),
            "reason": self.reason,
            "way_back": self.way_back,
            "way_back_reference": self.way_back_reference,
            "decided_by": self.decided_by,
            "missed": self.missed,
            "rule": None
            if self.rule is None
            else {
                "code": self.rule.code,
                "text": self.rule.text,
                "reference": self.rule.reference,
                "effective_from": _iso(self.rule.effective_from),
            },
            "events": [
                {
                    "kind": e.kind.value,
                    "label": EVENT_LABELS[e.kind],
                    "on": e.on.isoformat(),
                    "number": e.number,
                    "issued_on": _iso(e.issued_on),
                    "expires_on": _iso(e.expires_on),
                    "reason": e.reason,
                    "decided_by": e.decided_by,
                }
                for e in self.events
            ],
        }


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


# ------------------------------------------------------------------------------------------------------------
# The partner's rule for a missed maintenance audit
# ------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MissedMaintenanceRule:
    """What a missed annual maintenance audit does to the certificate under one partner."""

    outcome: EventKind  # CANCELLED or LAPSED
    text: str
    reference: str

    def citation(self) -> RuleCitation:
        return RuleCitation("certificate.missed_maintenance", self.text, self.reference)


_ASC = MissedMaintenanceRule(
    EventKind.CANCELLED,
    "A maintenance audit must be submitted on or before the anniversary date in years 2 and 3; failure to "
    "submit an audit every year results in cancellation of the SECOR.",
    "Alberta Safety Council, SECOR program: https://www.safetycouncil.ab.ca/",
)
_AB_OTHERS = MissedMaintenanceRule(
    EventKind.CANCELLED,
    "An annual self-assessment must be submitted to the certifying partner for quality review to maintain "
    "the SECOR; a missed submission cancels it (Alberta Safety Council's published rule, applied to every "
    "Alberta partner).",
    "Alberta Employment & Immigration, SECOR FAQ ('How do I maintain my SECOR?'); Alberta Safety Council, "
    "SECOR program: https://www.safetycouncil.ab.ca/",
)
_SCSA = MissedMaintenanceRule(
    EventKind.LAPSED,
    "To maintain certification, the company must submit a satisfactory internal or external audit "
    "annually; without it the certification is not maintained and lapses.",
    "Saskatchewan Construction Safety Association, SECOR: https://scsaonline.ca/programs/secor",
)
_BC = MissedMaintenanceRule(
    EventKind.LAPSED,
    "The certificate is valid for 3 years with annual maintenance audits; a maintenance audit not completed "
    "in time means the certificate is no longer maintained and lapses (no partner publishes a cancellation "
    "rule).",
    "WorkSafeBC, Certificate of Recognition (COR) program: https://www.worksafebc.com/en/health-safety/"
    "create-manage/certificate-of-recognition",
)
_MB = MissedMaintenanceRule(
    EventKind.LAPSED,
    "A certificate is kept by annual maintenance audits; a missed maintenance audit means it is no longer "
    "maintained and lapses.",
    "SAFE Work Manitoba, SAFE Work Certified: https://www.safemanitoba.com/safe-work-certified",
)

_RULES: dict[str, MissedMaintenanceRule] = {"AB/ASC": _ASC, "SK": _SCSA, "BC": _BC, "MB": _MB}


def missed_maintenance_rule(province: str, partner: str) -> MissedMaintenanceRule:
    """The partner's rule for a missed maintenance audit (docs/rule-choices.md, "Missed maintenance")."""
    return _RULES.get(f"{province}/{partner}") or _RULES.get(province) or _AB_OTHERS


# ------------------------------------------------------------------------------------------------------------
# Replaying the ledger
# ------------------------------------------------------------------------------------------------------------

WAY_BACK = {
    HoldState.CANCELLED: "Start certification again: a new certification audit, accepted by the partner, "
    "issues a new certificate (or ask the partner to reinstate it if the cancellation was in error).",
    HoldState.LAPSED: "Start certification again: a new certification audit, accepted by the partner, issues "
    "a new certificate.",
    HoldState.EXPIRED: "Recertify: a recertification (or new certification) audit accepted by the partner "
    "issues a new certificate.",
    HoldState.MOVED_TO_COR: "The employer now follows the regular COR program with the partner.",
    HoldState.REMOVED: "Register with the partner again (after any waiting period) and start certification.",
    HoldState.NEVER: "",
    HoldState.HELD: "",
}


def ordered(events: Iterable[CertificateEvent]) -> list[CertificateEvent]:
    return sorted(events, key=lambda e: (e.on, e.sequence))


def fold(events: Iterable[CertificateEvent], as_of: date) -> CertificateStatus:
    """Replay the ledger entries in force on ``as_of`` (``on <= as_of``).

    - issued / renewed: a certificate is held (number and dates from the event; a renewal keeps the number
      when the event names none); maintenance starts over;
    - maintenance accepted: still held, last maintenance audit on that day;
    - maintenance missed: a fact only; the partner's consequence is its own event (cancelled or lapsed);
    - cancelled / lapsed / expired / moved to COR / removed: not held since that day;
    - reinstated: held again with the certificate it had;
    - a held certificate past its expiry date is expired from the day after, even before the daily job has
      recorded it.
    """
    in_force = [e for e in ordered(events) if e.on <= as_of]
    held = False
    state = HoldState.NEVER
    number = ""
    issued_on: date | None = None
    expires_on: date | None = None
    last_maintenance: date | None = None
    since: date | None = None
    reason = ""
    decided_by = ""
    for e in in_force:
        if e.kind in (EventKind.ISSUED, EventKind.RENEWED):
            held, state = True, HoldState.HELD
            number = e.number or number
            issued_on, expires_on = e.issued_on or e.on, e.expires_on
            last_maintenance, since, reason, decided_by = None, None, "", e.decided_by
        elif e.kind is EventKind.MAINTENANCE_ACCEPTED:
            last_maintenance = e.submitted_on or e.on
        elif e.kind in ENDING:
            if held or e.kind in (EventKind.REMOVED, EventKind.MOVED_TO_COR):
                held, state = False, HoldState(ENDING[e.kind])
                since, reason, decided_by = e.on, e.reason, e.decided_by
        elif e.kind is EventKind.REINSTATED and issued_on is not None:
            held, state = True, HoldState.HELD
            since, reason, decided_by = None, "", e.decided_by
    if held and expires_on is not None and as_of > expires_on:
        held, state = False, HoldState.EXPIRED
        since = expires_on + timedelta(days=1)
        reason = f"The certificate expired on {expires_on.isoformat()} without a recorded renewal."
        decided_by = ""
    return CertificateStatus(
        held=held,
        state=state,
        number=number,
        issued_on=issued_on,
        expires_on=expires_on,
        last_maintenance_on=last_maintenance,
        not_held_since=since,
        reason=reason,
        way_back=WAY_BACK[state],
        decided_by=decided_by,
        events=tuple(in_force),
    )


def missed_maintenance(deadlines: Sequence[Deadline], as_of: date) -> Deadline | None:
    """The first maintenance audit of the schedule whose last day (the due date, or the slip date where the
    partner allows one) passed before ``as_of`` without a submission. ``deadlines`` are the engine's, with
    ``met`` computed (``PartnerProfile.maintenance_schedule`` with a run)."""
    rows = sorted(deadlines, key=lambda d: d.due)
    for i, d in enumerate(rows):
        if d.kind != "maintenance_audit" or d.met is not False:
            continue
        final = next(
            (f for f in rows[i + 1 :] if f.kind == "maintenance_audit_final" and f.met is False), None
        )
        last = final if final is not None and final.title.split(":")[0] in d.title else d
        if last.due < as_of:
            return last
    return None


def status_on(
    events: Iterable[CertificateEvent],
    as_of: date,
    *,
    deadlines: Sequence[Deadline] = (),
    rule: MissedMaintenanceRule | None = None,
) -> CertificateStatus:
    """:func:`fold`, then the partner's rule: a held certificate whose maintenance audit was missed (its last
    day passed with nothing submitted) is cancelled or lapsed, per ``rule``, from the day after that last
    day, even when the daily job has not recorded it yet (an as-of date in the future, a job that did not
    run). ``deadlines``: the engine's maintenance schedule of the held certificate."""
    status = fold(events, as_of)
    if not status.held or rule is None:
        return status
    missed = missed_maintenance(deadlines, as_of)
    if missed is None or (status.issued_on is not None and missed.due < status.issued_on):
        return status
    state = HoldState(ENDING[rule.outcome])
    return replace(
        status,
        held=False,
        state=state,
        label=STATE_LABELS[state],
        missed=missed.title.split(" (")[0],
        not_held_since=missed.due + timedelta(days=1),
        reason=f"{missed.title.split(' (')[0]}: nothing was submitted by {missed.due.isoformat()}. "
        f"{rule.text}",
        way_back=WAY_BACK[state],
        decided_by="",
        rule=rule.citation(),
    )


def events_from_key_dates(
    *,
    certified_on: date | None,
    expires_on: date | None,
    last_maintenance_audit_on: date | None,
    number: str = "",
) -> tuple[CertificateEvent, ...]:
    """The ledger a scenario without certificate events implies from its key dates (scenarios written
    before the ledger existed, and the public what-if endpoint): issued on ``certified_on``, maintenance
    accepted on ``last_maintenance_audit_on``."""
    if certified_on is None:
        return ()
    out = [
        CertificateEvent(
            EventKind.ISSUED,
            certified_on,
            number=number,
            issued_on=certified_on,
            expires_on=expires_on,
            decided_by="the scenario's key dates",
        )
    ]
    if last_maintenance_audit_on is not None and last_maintenance_audit_on > certified_on:
        out.append(
            CertificateEvent(
                EventKind.MAINTENANCE_ACCEPTED,
                last_maintenance_audit_on,
                submitted_on=last_maintenance_audit_on,
                decided_by="the scenario's key dates",
                sequence=1,
            )
        )
    return tuple(out)


__all__ = [
    "ENDING",
    "EVENT_LABELS",
    "CertificateEvent",
    "CertificateStatus",
    "EventKind",
    "HoldState",
    "MissedMaintenanceRule",
    "events_from_key_dates",
    "fold",
    "missed_maintenance",
    "missed_maintenance_rule",
    "status_on",
]
