"""The certificate answer of an evaluation, and what follows from it.

The scenario carries the certificate's ledger (``Scenario.certificate_events``; without it, the ledger its key
dates imply). The engine asks, for the as-of date, whether a certificate is held and, if not, since when
and why (:func:`answer`: the ledger replayed, then the partner's rule for a missed maintenance audit applied
to the maintenance schedule, with the partner's sources and the way back). Then:

- a certificate that is no longer held has no maintenance, recertification or expiry deadlines
  (:func:`follow`);
- the path's next step is the way back (``provinces/path.py``);
- no WCB incentive is paid while it is not held (:func:`incentive`).

Choices are documented in docs/rule-choices.md ("The certificate's status"). Plain Python, mypy --strict.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from provinces.base import Deadline, IncentiveResult, RuleCitation, Scenario, evolve
from provinces.certificates import (
    CertificateEvent,
    CertificateStatus,
    EventKind,
    HoldState,
    events_from_key_dates,
    fold,
    missed_maintenance_rule,
    status_on,
)
from provinces.deadlines import certificate_term
from provinces.rule_types import StepSpec

if TYPE_CHECKING:
    from provinces.profile import PartnerProfile
    from provinces.run import Run

# Deadlines that exist only while a certificate is held: the maintenance audits, the recertification and
# expiry, the audit gaps of the certificate's term, moving to COR at the next maintenance audit.
CERTIFICATE_KINDS = frozenset(
    {
        "maintenance_audit",
        "maintenance_audit_final",
        "recertification",
        "certificate_expiry",
        "audit_gap",
        "recertification_window",
        "move_to_cor",
    }
)


def ledger(profile: PartnerProfile, scenario: Scenario) -> tuple[CertificateEvent, ...]:
    """The scenario's certificate events; without them, the ledger its key dates imply (issued on
    ``certified_on`` with the term's expiry, including a granted program exception; maintenance accepted on
    ``last_maintenance_audit_on``)."""
    if scenario.certificate_events:
        return tuple(scenario.certificate_events)
    kd = scenario.key_dates
    if kd.certified_on is None:
        return ()
    term = certificate_term(profile, kd.certified_on, kd.certificate_expires_on, scenario.as_of, scenario)
    return events_from_key_dates(
        certified_on=kd.certified_on,
        expires_on=term.expires_on,
        last_maintenance_audit_on=kd.last_maintenance_audit_on,
    )


def with_ledger_dates(scenario: Scenario, events: tuple[CertificateEvent, ...]) -> Scenario:
    """A scenario that carries its ledger takes the certificate's key dates from it, as of its date: the
    current certificate's issue and expiry dates, its accepted maintenance audits (none before the first
    certificate was issued)."""
    if not scenario.certificate_events:
        return scenario
    on = fold(events, scenario.as_of)
    kd = scenario.key_dates
    # the maintenance audits accepted under the current certificate, by submission date: years 2 and 3
    # (key dates the scenario states itself win)
    accepted = sorted(
        e.submitted_on or e.on
        for e in on.events
        if e.kind is EventKind.MAINTENANCE_ACCEPTED
        and on.issued_on is not None
        and (e.submitted_on or e.on) > on.issued_on
    )
    year2 = accepted[0] if accepted else None
    year3 = accepted[1] if len(accepted) > 1 else None
    key_dates = evolve(
        kd,
        certified_on=on.issued_on,
        certificate_expires_on=on.expires_on,
        last_maintenance_audit_on=on.last_maintenance_on,
        maintenance_year2_submitted_on=kd.maintenance_year2_submitted_on or year2,
        maintenance_year3_submitted_on=kd.maintenance_year3_submitted_on or year3,
    )
    return evolve(scenario, key_dates=key_dates)


def _step(profile: PartnerProfile, *codes: str) -> StepSpec | None:
    for code in codes:
        for spec in profile.steps:
            if spec.code == code:
                return spec
    return None


def _lower(title: str) -> str:
    return title[:1].lower() + title[1:]


def way_back(profile: PartnerProfile, run: Run, status: CertificateStatus) -> tuple[str, str]:
    """The way back to a certificate under this partner, and its source."""
    audit = _step(profile, "self_assessment", "audit", "certified")
    certified = _step(profile, "certified", "audit")
    refs = "; ".join(dict.fromkeys(s.reference for s in (audit, certified) if s is not None))
    again = f"{_lower(audit.title)}" if audit is not None else "a new certification audit"
    name, code = profile.name, profile.code
    if status.state in (HoldState.CANCELLED, HoldState.LAPSED):
        text = (
            f"Start certification again with {name}: {again}; when {code} accepts it, a new certificate "
            "is issued."
        )
        if status.state is HoldState.CANCELLED:
            text += f" If the cancellation was made in error, ask {code} to reinstate the certificate."
        return text, refs
    if status.state is HoldState.EXPIRED:
        term = status.rule.reference if status.rule is not None else ""
        text = (
            f"Recertify with {name}: a recertification audit ({again}) accepted by {code} issues a new "
            "certificate."
        )
        return text, "; ".join(r for r in (term, refs) if r)
    if status.state is HoldState.REMOVED:
        if "reregistration_wait_months" in profile.params:
            wait = profile.param("reregistration_wait_months").at(run.as_of)
            if wait.value is not None:
                return (
                    f"Register with {name} again after the {wait.value}-month wait, then start "
                    "certification again.",
                    wait.reference,
                )
        register = _step(profile, "register")
        return (
            f"Register with {name} again, then start certification again.",
            register.reference if register is not None else profile.website,
        )
    if status.state is HoldState.MOVED_TO_COR:
        threshold = profile.param("threshold").at(run.as_of)
        return f"Follow {name}'s regular COR program: its audits keep your certificate.", threshold.reference
    return "", ""


def _rule(profile: PartnerProfile, run: Run, status: CertificateStatus) -> RuleCitation | None:
    """The partner's rule behind the answer: the certificate's term (held, expired), the missed-maintenance
    rule (a cancellation or lapse the daily job or the engine applied), or the partner's own decision."""
    if status.rule is not None:
        return status.rule
    if status.state in (HoldState.HELD, HoldState.EXPIRED) and status.issued_on is not None:
        term = certificate_term(profile, status.issued_on, status.expires_on, run.as_of, run.scenario)
        return RuleCitation("certificate.term", term.text, term.reference)
    if status.state in (HoldState.CANCELLED, HoldState.LAPSED):
        missed = any(
            e.kind is EventKind.MAINTENANCE_MISSED and e.on == status.not_held_since for e in status.events
        )
        if missed:
            return missed_maintenance_rule(profile.province, profile.code).citation()
        return RuleCitation(
            "certificate.partner_decision",
            f"{profile.name} recorded the decision with its reason.",
            profile.website,
        )
    if status.state is HoldState.MOVED_TO_COR:
        return profile.param("threshold").citation(run.as_of)
    if status.state is HoldState.REMOVED and "reregistration_wait_months" in profile.params:
        return profile.param("reregistration_wait_months").citation(run.as_of)
    return None


def answer(
    profile: PartnerProfile, run: Run, events: tuple[CertificateEvent, ...], deadlines: list[Deadline]
) -> CertificateStatus:
    """Is a certificate held on the as-of date; if not, since when, why (the ledger, or the partner's rule
    for a missed maintenance audit applied to ``deadlines``) and the way back, with the partner's sources."""
    rule = missed_maintenance_rule(profile.province, profile.code)
    status = status_on(events, run.as_of, deadlines=deadlines, rule=rule)
    status = replace(status, rule=_rule(profile, run, status), partner=profile.code)
    text, reference = way_back(profile, run, status)
    return replace(status, way_back=text, way_back_reference=reference)


def follow(status: CertificateStatus, deadlines: list[Deadline]) -> list[Deadline]:
    """The deadlines that still apply: none of the certificate's own once it is no longer held."""
    if not status.lost:
        return deadlines
    return [d for d in deadlines if d.kind not in CERTIFICATE_KINDS]


def next_step(status: CertificateStatus) -> str | None:
    """The next step when the certificate is no longer held: what happened and the way back."""
    if not status.lost or not status.way_back:
        return None
    since = f" since {status.not_held_since.isoformat()}" if status.not_held_since else ""
    return f"{status.label}{since}. {status.way_back}"


def incentive(status: CertificateStatus, result: IncentiveResult) -> IncentiveResult:
    """No WCB incentive is paid while the certificate is not held; the estimate is shown for when it is
    again."""
    if not status.lost or not result.available:
        return result
    since = f" since {status.not_held_since.isoformat()}" if status.not_held_since else ""
    estimate = result.verdict.removeprefix("Once certified: ")
    verdict = (
        f"Not paid: {result.program} is paid only while a valid certificate is held "
        f"({status.label.lower()}{since}). Once certified again: {estimate}"
    )
    return evolve(result, amount=None, amount_max=None, verdict=verdict)
