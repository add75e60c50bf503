"""Writes to the certificate ledger. The only code that records certificate events and the only code that
writes an enrolment's status and certificate columns (``sync_enrolment``: a cache of the ledger).

Who may write:
- an accepted audit (``audits.services.apply_outcome`` calls :func:`issue` / :func:`record_event`);
- a reviewer of the enrolment's certifying partner, or site staff, with a reason (:func:`decide`,
  :func:`issue_by_decision`, :func:`confirm_declaration`);
- the daily job applying each partner's rule for a missed maintenance audit (:mod:`secor.certificates.job`).
Employers and consultants read the ledger; they can only *declare* a certificate (:func:`declare`), which
changes nothing until the partner confirms it.

Every service is keyword-only and runs in one transaction; the enrolment row is locked while its ledger
grows, so two decisions at once are recorded one after the other.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from provinces import certificates as rules
from provinces.certificates import EventKind, HoldState
from secor.certificates.models import Certificate, CertificateEvent, DeclaredCertificate
from secor.core.exceptions import ApplicationError
from secor.employers.models import Enrolment

if TYPE_CHECKING:
    from secor.accounts.models import User

logger = logging.getLogger(__name__)

Decider = CertificateEvent.Decider

# Decisions a reviewer or staff may record by hand (issue and renewal carry a number and dates:
# :func:`issue_by_decision`).
DECISION_KINDS = (
    EventKind.MAINTENANCE_ACCEPTED,
    EventKind.CANCELLED,
    EventKind.LAPSED,
    EventKind.EXPIRED,
    EventKind.MOVED_TO_COR,
    EventKind.REMOVED,
    EventKind.REINSTATED,
)


def who_can_change(enrolment: Enrolment) -> str:
    return (
        f"The certificate and its status are recorded by {enrolment.partner.name} (its reviewers) or site "
        "staff: an accepted audit or their decision with a reason. You can declare a certificate you hold; "
        "it "
        "shows as declared until the partner confirms it."
    )


def can_decide(user: User | None, enrolment: Enrolment) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(
        user.is_staff or (user.reviewer_partner_id and user.reviewer_partner_id == enrolment.partner_id)
    )


def _require_decider(user: User | None, enrolment: Enrolment) -> str:
    if not can_decide(user, enrolment):
        raise PermissionDenied(who_can_change(enrolment))
    assert user is not None
    return Decider.STAFF if user.is_staff else Decider.REVIEWER


# ------------------------------------------------------------------------------------------------------------
# Reading the ledger
# ------------------------------------------------------------------------------------------------------------


def to_rule_event(row: CertificateEvent, number: str = "") -> rules.CertificateEvent:
    return rules.CertificateEvent(
        kind=EventKind(row.kind),
        on=row.effective_on,
        number=number,
        issued_on=row.issued_on,
        expires_on=row.expires_on,
        reason=row.reason,
        decided_by=row.decider_label,
        sequence=row.pk or 0,
        submitted_on=row.submitted_on,
    )


def rule_events(enrolment: Enrolment) -> tuple[rules.CertificateEvent, ...]:
    """The enrolment's ledger as the rules engine reads it (prefetch-aware: ``_ledger`` set by
    :func:`ledger_prefetch`)."""
    rows = getattr(enrolment, "_ledger", None)
    if rows is None:
        rows = list(
            CertificateEvent.objects.filter(enrolment=enrolment).select_related("certificate", "decided_by")
        )
    return tuple(to_rule_event(r, r.certificate.number if r.certificate_id else "") for r in rows)


def scenario_events(enrolment: Enrolment) -> tuple[rules.CertificateEvent, ...]:
    """The certificate events the rules engine reads for ``enrolment``: its ledger; an enrolment with
    certificate columns but no ledger (records written before the ledger, or straight into the table) has
    the ledger its columns imply, as :func:`ledger_from_enrolments` would write it: issued, maintenance
    accepted, and the loss its status records (on the expiry date, or today if earlier)."""
    events = rule_events(enrolment)
    if events or not enrolment.issued_on:
        return events
    implied = list(
        rules.events_from_key_dates(
            certified_on=enrolment.issued_on,
            expires_on=enrolment.expires_on,
            last_maintenance_audit_on=enrolment.last_maintenance_audit_on,
            number=enrolment.certificate_number,
        )
    )
    loss = _LOSS.get(enrolment.status)
    if loss is not None:
        today = timezone.localdate()
        last = enrolment.last_maintenance_audit_on or enrolment.issued_on
        when = max(min(today, enrolment.expires_on or today), last)
        implied.append(rules.CertificateEvent(loss, when, sequence=2))
    return tuple(implied)


def ledger_prefetch():
    from django.db.models import Prefetch

    return Prefetch(
        "certificate_events",
        queryset=CertificateEvent.objects.select_related("certificate", "decided_by").order_by(
            "effective_on", "pk"
        ),
        to_attr="_ledger",
    )


def current_status(enrolment: Enrolment, *, as_of: date | None = None) -> rules.CertificateStatus:
    """What the ledger says on ``as_of`` (default today), without the engine's schedule rules."""
    return rules.fold(rule_events(enrolment), as_of or timezone.localdate())


def history(enrolment: Enrolment) -> list[CertificateEvent]:
    """Every ledger entry, oldest first, with who decided it."""
    return list(
        CertificateEvent.objects.filter(enrolment=enrolment)
        .select_related("certificate", "decided_by", "audit")
        .order_by("effective_on", "pk")
    )


# ------------------------------------------------------------------------------------------------------------
# The enrolment's cached status
# ------------------------------------------------------------------------------------------------------------

_STATUS_FOR = {
    HoldState.CANCELLED: Enrolment.Status.CANCELLED,
    HoldState.LAPSED: Enrolment.Status.LAPSED,
    HoldState.EXPIRED: Enrolment.Status.LAPSED,
    HoldState.MOVED_TO_COR: Enrolment.Status.MOVED_TO_COR,
    HoldState.REMOVED: Enrolment.Status.REMOVED,
}


def derived_status(status: rules.CertificateStatus, previous: str) -> str:
    """The enrolment status the ledger gives: certified / in maintenance while held, the loss otherwise;
    before any certificate the employer's own progress (registered / in progress) stays."""
    if status.held:
        return Enrolment.Status.IN_MAINTENANCE if status.last_maintenance_on else Enrolment.Status.CERTIFIED
    if status.state is HoldState.NEVER:
        return (
            previous
            if previous in (Enrolment.Status.REGISTERED, Enrolment.Status.IN_PROGRESS)
            else "registered"
        )
    return _STATUS_FOR[status.state]


def sync_enrolment(enrolment: Enrolment, *, reason: str, by: User | None = None) -> Enrolment:
    """Write the ledger's answer into the enrolment's status and certificate columns (kept in its history
    with ``reason``). The caller holds the row lock."""
    rows = list(CertificateEvent.objects.filter(enrolment=enrolment).select_related("certificate"))
    events = [to_rule_event(r, r.certificate.number if r.certificate_id else "") for r in rows]
    last = max((e.on for e in events), default=timezone.localdate())
    status = rules.fold(events, max(last, min(timezone.localdate(), status_cap(events))))
    enrolment.status = derived_status(status, enrolment.status)
    enrolment.certificate_number = status.number
    enrolment.issued_on = status.issued_on
    enrolment.expires_on = status.expires_on
    enrolment.last_maintenance_audit_on = status.last_maintenance_on
    if status.state is HoldState.REMOVED and enrolment.removed_on is None:
        enrolment.removed_on = status.not_held_since
    enrolment._change_reason = reason[:100]
    if by is not None and getattr(by, "is_authenticated", False):
        enrolment._history_user = by
    enrolment.full_clean()
    enrolment.save()
    return enrolment


def status_cap(events: list[rules.CertificateEvent]) -> date:
    """The stored status follows the recorded events only: a certificate past its expiry stays "certified"
    in the cached column until the daily job records the expiry (so the column never moves without a ledger
    entry); the engine answers the as-of question itself."""
    latest_expiry = max((e.expires_on for e in events if e.expires_on), default=None)
    return latest_expiry or date.max


# ------------------------------------------------------------------------------------------------------------
# Writing the ledger
# ------------------------------------------------------------------------------------------------------------


def _lock(enrolment: Enrolment) -> Enrolment:
    return Enrolment.objects.select_for_update().select_related("partner", "employer").get(pk=enrolment.pk)


def _check_transition(kind: EventKind, status: rules.CertificateStatus, enrolment: Enrolment) -> None:
    if (
        kind
        in (
            EventKind.MAINTENANCE_ACCEPTED,
            EventKind.MAINTENANCE_MISSED,
            EventKind.CANCELLED,
            EventKind.LAPSED,
            EventKind.EXPIRED,
        )
        and not status.held
    ):
        raise ApplicationError(
            f"{rules.EVENT_LABELS[kind]}: {enrolment.employer} holds no certificate with "
            f"{enrolment.partner.name} ({status.label.lower()}).",
            {"kind": "No certificate is held."},
        )
    if kind is EventKind.REINSTATED and (status.held or status.issued_on is None):
        raise ApplicationError(
            "Only a certificate that was cancelled, lapsed or expired can be reinstated.",
            {"kind": "Nothing to reinstate."},
        )
    if kind is EventKind.RENEWED and status.issued_on is None:
        raise ApplicationError("There is no certificate to renew; issue one.", {"kind": "Nothing to renew."})


def record_event(
    *,
    enrolment: Enrolment,
    kind: EventKind | str,
    effective_on: date,
    reason: str,
    decided_as: str,
    by: User | None = None,
    certificate: Certificate | None = None,
    issued_on: date | None = None,
    expires_on: date | None = None,
    submitted_on: date | None = None,
    audit: Any = None,
    due_on: date | None = None,
    notify: bool = True,
) -> CertificateEvent:
    """Append one event and update the enrolment's cached status. Refuses an event the certificate's state
    does not allow (cancelling a certificate that is not held, reinstating one that is) and an empty
    reason."""
    kind = EventKind(kind)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            "Say why: every certificate decision is recorded with its reason.", {"reason": "Required."}
        )
    with transaction.atomic():
        locked = _lock(enrolment)
        status = rules.fold(rule_events(locked), effective_on)
        _check_transition(kind, status, locked)
        if certificate is None and kind not in (EventKind.ISSUED,):
            certificate = Certificate.objects.filter(enrolment=locked).order_by("-created_at", "-pk").first()
        event = CertificateEvent.objects.create(
            enrolment=locked,
            certificate=certificate,
            kind=kind,
            effective_on=effective_on,
            issued_on=issued_on,
            expires_on=expires_on,
            submitted_on=submitted_on,
            reason=reason,
            decided_as=decided_as,
            decided_by=by if getattr(by, "is_authenticated", False) else None,
            decided_by_name=(getattr(by, "email", "") or "") if by is not None else "",
            audit=audit,
            due_on=due_on,
        )
        sync_enrolment(locked, reason=reason, by=by)
        enrolment.__dict__.update(
            {
                f: getattr(locked, f)
                for f in (
                    "status",
                    "certificate_number",
                    "issued_on",
                    "expires_on",
                    "last_maintenance_audit_on",
                    "removed_on",
                )
            }
        )
        transaction.on_commit(lambda: after_change(event.pk, notify=notify))
    return event


def issue(
    *,
    enrolment: Enrolment,
    issued_on: date,
    expires_on: date,
    reason: str,
    decided_as: str,
    by: User | None = None,
    number: str = "",
    term_months: int | None = None,
    audit: Any = None,
    renewal: bool = False,
    notify: bool = True,
) -> CertificateEvent:
    """Issue a certificate (a new number) or renew the current one (``renewal``: same number, new dates)."""
    if expires_on <= issued_on:
        raise ApplicationError(
            "The certificate must expire after it was issued.", {"expires_on": "After the issue date."}
        )
    with transaction.atomic():
        locked = _lock(enrolment)
        current = Certificate.objects.filter(enrolment=locked).order_by("-created_at", "-pk").first()
        if renewal and current is not None:
            return record_event(
                enrolment=enrolment,
                kind=EventKind.RENEWED,
                effective_on=issued_on,
                reason=reason,
                decided_as=decided_as,
                by=by,
                certificate=current,
                issued_on=issued_on,
                expires_on=expires_on,
                audit=audit,
                notify=notify,
            )
        number = (number or "").strip()
        if not number:
            raise ApplicationError("A certificate needs its number.", {"number": "Required."})
        if Certificate.objects.filter(partner_id=locked.partner_id, number__iexact=number).exists():
            raise ApplicationError(
                f"{locked.partner.name} has already issued certificate {number}.",
                {"number": "This number is in use."},
            )
        certificate = Certificate.objects.create(
            enrolment=locked, partner_id=locked.partner_id, number=number, term_months=term_months
        )
        return record_event(
            enrolment=enrolment,
            kind=EventKind.ISSUED,
            effective_on=issued_on,
            reason=reason,
            decided_as=decided_as,
            by=by,
            certificate=certificate,
            issued_on=issued_on,
            expires_on=expires_on,
            audit=audit,
            notify=notify,
        )


def months_between(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def decide(
    *, enrolment: Enrolment, kind: EventKind | str, user: User, reason: str, effective_on: date | None = None
) -> CertificateEvent:
    """A reviewer's or staff's recorded decision (cancel, lapse, expire, reinstate, remove, move to COR,
    maintenance accepted). Anyone else: ``PermissionDenied`` (403) naming who can."""
    decided_as = _require_decider(user, enrolment)
    kind = EventKind(kind)
    if kind not in DECISION_KINDS:
        raise ApplicationError(
            "Issue or renew a certificate with its number and dates.", {"kind": "Not a decision kind."}
        )
    on = effective_on or timezone.localdate()
    if on > timezone.localdate():
        raise ApplicationError(
            "A decision takes effect today or earlier.", {"effective_on": "In the future."}
        )
    return record_event(
        enrolment=enrolment,
        kind=kind,
        effective_on=on,
        reason=reason,
        decided_as=decided_as,
        by=user,
        submitted_on=on if kind is EventKind.MAINTENANCE_ACCEPTED else None,
    )


def issue_by_decision(
    *,
    enrolment: Enrolment,
    user: User,
    number: str,
    issued_on: date,
    expires_on: date,
    reason: str,
    renewal: bool = False,
) -> CertificateEvent:
    """A reviewer or staff records a certificate the partner issued outside this product (an external
    audit, a paper certificate)."""
    decided_as = _require_decider(user, enrolment)
    return issue(
        enrolment=enrolment,
        number=number,
        issued_on=issued_on,
        expires_on=expires_on,
        reason=reason,
        decided_as=decided_as,
        by=user,
        term_months=months_between(issued_on, expires_on),
        renewal=renewal,
    )


# ------------------------------------------------------------------------------------------------------------
# Declared certificates
# ------------------------------------------------------------------------------------------------------------


def declare(
    *, enrolment: Enrolment, user: User, number: str, issued_on: date, expires_on: date, copy: Any
) -> DeclaredCertificate:
    """The employer declares a certificate it holds, with a copy. Changes nothing in the ledger."""
    from secor import tenancy
    from secor.core.uploads import validate_upload

    if not tenancy.can_write_employer(user, enrolment.employer_id):
        raise PermissionDenied("Only the employer's own users can declare its certificate.")
    errors: dict[str, str] = {}
    number = (number or "").strip()
    if not number:
        errors["number"] = "The number on the certificate."
    if issued_on and expires_on and expires_on <= issued_on:
        errors["expires_on"] = "The certificate must expire after it was issued."
    if issued_on and issued_on > timezone.localdate():
        errors["issued_on"] = "This date is in the future."
    if copy is None:
        errors["copy"] = "Attach a copy of the certificate (PDF or photo)."
    else:
        try:
            sha = validate_upload(copy)
        except ValidationError as exc:
            errors["copy"] = " ".join(exc.messages)
    if errors:
        raise ApplicationError("The declaration was not saved: " + " ".join(errors.values()), errors)
    declaration = DeclaredCertificate(
        enrolment=enrolment,
        number=number,
        issued_on=issued_on,
        expires_on=expires_on,
        copy_name=(getattr(copy, "name", "") or "")[:255],
        copy_sha256=sha,
        declared_by=user,
    )
    declaration.copy.save(copy.name, copy, save=False)
    declaration.full_clean()
    declaration.save()
    return declaration


@transaction.atomic
def confirm_declaration(
    *, declaration: DeclaredCertificate, user: User, reason: str = ""
) -> CertificateEvent:
    """A reviewer of the partner (or staff) confirms a declared certificate: the ledger records it issued,
    on the declared dates, decided by them."""
    declaration = (
        DeclaredCertificate.objects.select_for_update()
        .select_related("enrolment__partner", "enrolment__employer")
        .get(pk=declaration.pk)
    )
    _require_decider(user, declaration.enrolment)
    if declaration.state != DeclaredCertificate.State.DECLARED:
        raise ApplicationError(f"This declaration is already {declaration.get_state_display().lower()}.")
    event = issue(
        enrolment=declaration.enrolment,
        number=declaration.number,
        issued_on=declaration.issued_on,
        expires_on=declaration.expires_on,
        term_months=months_between(declaration.issued_on, declaration.expires_on),
        reason=reason.strip()
        or f"Declared certificate {declaration.number} confirmed against the copy provided.",
        decided_as=Decider.STAFF if user.is_staff else Decider.REVIEWER,
        by=user,
    )
    declaration.state = DeclaredCertificate.State.CONFIRMED
    declaration.decided_by, declaration.decided_at = user, timezone.now()
    declaration.decision_reason = event.reason
    declaration.certificate = event.certificate
    declaration.save()
    return event


@transaction.atomic
def refuse_declaration(*, declaration: DeclaredCertificate, user: User, reason: str) -> DeclaredCertificate:
    declaration = (
        DeclaredCertificate.objects.select_for_update()
        .select_related("enrolment__partner")
        .get(pk=declaration.pk)
    )
    _require_decider(user, declaration.enrolment)
    if declaration.state != DeclaredCertificate.State.DECLARED:
        raise ApplicationError(f"This declaration is already {declaration.get_state_display().lower()}.")
    if not (reason or "").strip():
        raise ApplicationError("Say why the certificate is not confirmed.", {"reason": "Required."})
    declaration.state = DeclaredCertificate.State.REFUSED
    declaration.decided_by, declaration.decided_at = user, timezone.now()
    declaration.decision_reason = reason.strip()
    declaration.save()
    return declaration


# ------------------------------------------------------------------------------------------------------------
# Records kept before the ledger
# ------------------------------------------------------------------------------------------------------------


_LOSS = {
    Enrolment.Status.CANCELLED: EventKind.CANCELLED,
    Enrolment.Status.LAPSED: EventKind.LAPSED,
    Enrolment.Status.MOVED_TO_COR: EventKind.MOVED_TO_COR,
    Enrolment.Status.REMOVED: EventKind.REMOVED,
}


def ledger_from_enrolments(*, enrolments: list[Enrolment], reason: str, on: date | None = None) -> int:
    """Write the ledger the enrolments' certificate columns imply (the demo world, generated benchmark
    employers; migration 0002 does the same for existing data): issued; maintenance accepted; the loss the
    status records. Bulk inserts, no notices; the columns already say what the ledger says. Enrolments with a
    ledger already, or without certificate dates, are left alone. Returns the number of certificates."""
    wanted = [e for e in enrolments if e.issued_on and e.expires_on]
    if not wanted:
        return 0
    have = set(
        CertificateEvent.objects.filter(enrolment__in=wanted)
        .values_list("enrolment_id", flat=True)
        .distinct()
    )
    wanted = [e for e in wanted if e.pk not in have]
    today = on or timezone.localdate()
    certificates = [
        Certificate(
            enrolment=e,
            partner_id=e.partner_id,
            number=e.certificate_number or f"{e.partner.code}-{e.pk:06d}",
            term_months=months_between(e.issued_on, e.expires_on),
        )
        for e in wanted
    ]
    Certificate.objects.bulk_create(certificates, batch_size=1000)
    if certificates and certificates[0].pk is None:  # pragma: no cover - backends that return no ids
        by_enrolment = dict(
            Certificate.objects.filter(enrolment__in=wanted).values_list("enrolment_id", "pk")
        )
        for c in certificates:
            c.pk = c.id = by_enrolment[c.enrolment_id]
    events: list[CertificateEvent] = []
    for e, c in zip(wanted, certificates, strict=True):
        common = {"enrolment": e, "certificate": c, "reason": reason, "decided_as": Decider.RECORDS}
        events.append(
            CertificateEvent(
                kind=EventKind.ISSUED,
                effective_on=e.issued_on,
                issued_on=e.issued_on,
                expires_on=e.expires_on,
                **common,
            )
        )
        last = e.last_maintenance_audit_on
        if last and last > e.issued_on:
            events.append(
                CertificateEvent(
                    kind=EventKind.MAINTENANCE_ACCEPTED, effective_on=last, submitted_on=last, **common
                )
            )
        loss = _LOSS.get(e.status)
        if loss is not None:
            when = max(min(today, e.expires_on), last or e.issued_on)
            events.append(CertificateEvent(kind=loss, effective_on=when, **common))
    CertificateEvent.objects.bulk_create(events, batch_size=1000)
    missing_numbers = [
        e for e, c in zip(wanted, certificates, strict=True) if e.certificate_number != c.number
    ]
    for e, c in zip(wanted, certificates, strict=True):
        e.certificate_number = c.number
    if missing_numbers:
        Enrolment.objects.bulk_update(missing_numbers, ["certificate_number"], batch_size=1000)
    return len(certificates)


def ledger_from_enrolment(*, enrolment: Enrolment, reason: str, on: date | None = None) -> int:
    return ledger_from_enrolments(enrolments=[enrolment], reason=reason, on=on)


# ------------------------------------------------------------------------------------------------------------
# After a change
# ------------------------------------------------------------------------------------------------------------


def after_change(event_id: int, *, notify: bool = True) -> None:
    """Runs on commit of every ledger event: recompute the employer's stored status (the one place that
    call belongs) and tell the employer's users and consultants."""
    event = (
        CertificateEvent.objects.select_related("enrolment__employer", "enrolment__partner")
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        return
    recompute_status(event.enrolment.employer_id)
    if notify:
        from secor.certificates.notices import notify_event

        try:
            notify_event(event)
        except Exception:  # a notice must never undo or block the decision
            logger.exception("certificate notice for event %s failed", event_id)


def recompute_status(employer_id: int) -> None:
    """Hand the change to the stored per-employer status (secor.status): the one place this call belongs."""
    from secor.status.services import request_recompute

    request_recompute(employer_id)


# ------------------------------------------------------------------------------------------------------------
# The daily job's decisions
# ------------------------------------------------------------------------------------------------------------


def record_rule_decision(
    *, enrolment: Enrolment, due_on: date, title: str, expiry: bool = False
) -> list[CertificateEvent]:
    """The partner's rule applied by the daily job, once: a maintenance audit whose last day (``due_on``)
    passed with nothing submitted is recorded as missed and the certificate cancelled or lapsed (per
    partner, :func:`provinces.certificates.missed_maintenance_rule`); a certificate past its expiry
    (``expiry``) is recorded expired. Both take effect the day after ``due_on``. Nothing happens when the
    certificate is no longer held or was issued after ``due_on`` (a stale schedule row), so two runs, or
    two workers at once, record it once (the enrolment row is locked first)."""
    from datetime import timedelta

    effective = due_on + timedelta(days=1)
    with transaction.atomic():
        locked = _lock(enrolment)
        status = rules.fold(rule_events(locked), effective)
        if not status.held and status.state is not HoldState.EXPIRED:
            return []
        if status.issued_on is None or status.issued_on > due_on:
            return []
        if expiry:
            if status.state is HoldState.EXPIRED and any(e.kind is EventKind.EXPIRED for e in status.events):
                return []
            # the fold already answers "expired" past the expiry date; the ledger records it once
            event = _append(
                locked,
                EventKind.EXPIRED,
                effective,
                due_on,
                f"The certificate expired on {due_on.isoformat()} without an accepted recertification audit.",
            )
            return [event]
        if not status.held:
            return []
        rule = rules.missed_maintenance_rule(locked.partner.province, locked.partner.code)
        missed = _append(
            locked,
            EventKind.MAINTENANCE_MISSED,
            effective,
            due_on,
            f"{title}: nothing was submitted by {due_on.isoformat()}.",
            notify=False,
        )
        outcome = _append(locked, rule.outcome, effective, due_on, f"{rule.text} Source: {rule.reference}")
        return [missed, outcome]


def _append(
    locked: Enrolment, kind: EventKind, effective: date, due_on: date, reason: str, notify: bool = True
) -> CertificateEvent:
    certificate = Certificate.objects.filter(enrolment=locked).order_by("-created_at", "-pk").first()
    event = CertificateEvent.objects.create(
        enrolment=locked,
        certificate=certificate,
        kind=kind,
        effective_on=effective,
        due_on=due_on,
        reason=reason,
        decided_as=Decider.DAILY_JOB,
    )
    sync_enrolment(locked, reason=f"{rules.EVENT_LABELS[kind]} (daily job)")
    transaction.on_commit(lambda: after_change(event.pk, notify=notify))
    return event


def free_number(partner_id: int, base: str) -> str:
    """``base``, or ``base-2``, ``base-3`` … when the partner already issued that number (a second
    certification of the same employer in one year)."""
    taken = set(
        Certificate.objects.filter(partner_id=partner_id, number__istartswith=base).values_list(
            "number", flat=True
        )
    )
    taken = {t.lower() for t in taken}
    if base.lower() not in taken:
        return base
    n = 2
    while f"{base}-{n}".lower() in taken:
        n += 1
    return f"{base}-{n}"
