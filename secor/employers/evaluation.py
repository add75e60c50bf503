"""The one place where an employer's records become the rules engine's input.

``evaluate_employer(employer, as_of)`` returns the engine's full evaluation (eligibility, training, path,
deadlines, audit, incentive, warnings). Pages, the API, PDFs and the reminder sweep all call this; none of
them builds a ``provinces.Scenario`` themselves.

Mapping choices (documented in docs/records.md):
- the enrolment evaluated is the one given, else the employer's latest enrolment in an active status, else
  its latest enrolment of any status; an employer with no enrolment has no partner to evaluate against;
- people and training records that were deleted (soft-deleted) are left out; end dates are kept, so the
  engine can tell that a trained person has left;
- payroll hours: the latest year on record up to the as-of year (go2HR counts FTE from annual hours);
- "has a WCB account": an account with the board of the partner's province, active on the as-of date;
- "has membership": an active membership with the partner on the as-of date, or an enrolment in an active
  status (registration with the partner's program counts as registration);
- the certificate: the enrolment's ledger events (``secor.certificates``), so the engine answers whether a
  certificate is held on the as-of date; an enrolment without a ledger is read from its key dates.

Batches: ``with_evaluation_data(queryset)`` prefetches everything ``scenario_for`` reads, so evaluating a page
of employers (the consultant portfolio, the reminder sweep's chunks) costs a constant number of queries
instead of a handful per employer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

import provinces
from provinces import base as rules
from secor.employers.models import Employer, Enrolment, Membership, Person, WCBAccount

PROVINCE_BOARD = {province: board for board, province in WCBAccount.BOARD_PROVINCE.items()}


KeyDateSource = Callable[[Employer, Enrolment, date], dict[str, date | None]]
_KEY_DATE_SOURCES: dict[str, tuple[KeyDateSource, tuple[Prefetch, ...]]] = {}


def register_key_date_source(name: str, func: KeyDateSource, *, prefetch: Iterable[Prefetch] = ()) -> None:
    """Let another app contribute key dates the employer records do not hold (the audits app: the planned
    start, the BC notice, data gathering, first submission dates). ``func(employer, enrolment, as_of)``
    returns ``KeyDates`` field names -> dates; ``prefetch`` lets :func:`with_evaluation_data` load what it
    reads, so a batch stays constant in queries. The employers app does not import the contributing app."""
    _KEY_DATE_SOURCES[name] = (func, tuple(prefetch))


class LedgerSource:
    """How the certificate ledger reaches the engine (registered by the certificates app): ``load`` reads an
    enrolment's ledger rows, ``events`` turns an enrolment (with its rows in ``_ledger``) into the engine's
    ``CertificateEvent`` tuple."""

    def __init__(self, load: Callable[[Enrolment], list[Any]], events: Callable[[Enrolment], tuple]) -> None:
        self.load = load
        self.events = events


_LEDGER: dict[str, LedgerSource] = {}


def register_certificate_ledger(
    load: Callable[[Enrolment], list[Any]], events: Callable[[Enrolment], tuple]
) -> None:
    """Let the certificates app give every scenario its certificate events (``Scenario.certificate_events``):
    the engine answers the certificate's status from them. The rows are read once per evaluation (or come
    from :func:`with_evaluation_data`'s prefetch) and shared with the key-date sources."""
    _LEDGER["ledger"] = LedgerSource(load, events)


def with_evaluation_data(queryset: QuerySet[Employer]) -> QuerySet[Employer]:
    """Prefetch what :func:`scenario_for` reads (into private attributes, so callers' own prefetches of the
    same relations are not disturbed)."""
    from training.models import TrainingRecord

    return queryset.prefetch_related(
        Prefetch(
            "enrolments", queryset=Enrolment.objects.select_related("partner"), to_attr="_eval_enrolments"
        ),
        Prefetch(
            "people",
            queryset=Person.objects.filter(deleted_at__isnull=True)
            .select_related("wcb_account")
            .prefetch_related(
                Prefetch(
                    "training_records",
                    queryset=TrainingRecord.objects.filter(deleted_at__isnull=True).select_related("course"),
                    to_attr="_eval_training",
                )
            ),
            to_attr="_eval_people",
        ),
        Prefetch("headcount_snapshots", to_attr="_eval_headcounts"),
        Prefetch("payroll_years", to_attr="_eval_payroll"),
        Prefetch("wcb_accounts", to_attr="_eval_wcb_accounts"),
        Prefetch("partner_memberships", to_attr="_eval_memberships"),
        Prefetch("operating_provinces", to_attr="_eval_offices"),
        *(p for _func, prefetches in _KEY_DATE_SOURCES.values() for p in prefetches),
    )


def _enrolments(employer: Employer) -> list[Enrolment]:
    if hasattr(employer, "_eval_enrolments"):
        return employer._eval_enrolments
    return list(employer.enrolments.select_related("partner"))


def current_enrolment(employer: Employer) -> Enrolment | None:
    enrolments = sorted(_enrolments(employer), key=lambda e: (e.registered_on, e.pk), reverse=True)
    for enrolment in enrolments:
        if enrolment.status in Enrolment.ACTIVE_STATUSES:
            return enrolment
    return enrolments[0] if enrolments else None


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def scenario_for(
    employer: Employer,
    *,
    as_of: date | None = None,
    enrolment: Enrolment | None = None,
    key_date_overrides: dict[str, date | None] | None = None,
    audit: rules.AuditScores | None = None,
) -> rules.Scenario:
    """Build the engine's ``Scenario`` for ``employer`` on ``as_of`` (default: today)."""
    from training.models import TrainingRecord

    as_of = as_of or timezone.localdate()
    enrolment = enrolment or current_enrolment(employer)
    if enrolment is None:
        raise ValueError(f"{employer} is not enrolled with a certifying partner")
    partner = enrolment.partner
    province = partner.province

    prefetched = hasattr(employer, "_eval_people")
    if prefetched:
        person_rows = employer._eval_people
        record_rows = [r for p in person_rows for r in p._eval_training]
        snapshots = employer._eval_headcounts
        payroll_rows = employer._eval_payroll
        account_rows = employer._eval_wcb_accounts
        membership_rows = [m for m in employer._eval_memberships if m.partner_id == partner.pk]
        office_rows = employer._eval_offices
    else:
        person_rows = list(employer.people.filter(deleted_at__isnull=True).select_related("wcb_account"))
        record_rows = list(
            TrainingRecord.objects.filter(
                person__employer=employer, person__deleted_at__isnull=True, deleted_at__isnull=True
            ).select_related("course")
        )
        snapshots = list(employer.headcount_snapshots.all())
        payroll_rows = list(employer.payroll_years.all())
        account_rows = list(employer.wcb_accounts.all())
        membership_rows = list(Membership.objects.filter(employer=employer, partner=partner))
        office_rows = list(employer.operating_provinces.all())

    people = []
    for p in person_rows:
        roles = set()
        if p.is_assessor:
            roles |= {"assessor", "internal_auditor"}
        if p.is_safety_champion:
            roles.add("safety_champion")
        people.append(
            rules.Person(
                id=str(p.pk),
                name=p.full_name,
                category=rules.PersonCategory(p.category),
                start=p.start_date,
                end=p.end_date,
                hours_per_week=_float(p.hours_per_week),
                province=p.province or None,
                roles=frozenset(roles),
                wcb_account=p.wcb_account.account_number if p.wcb_account else None,
                audits_done=p.audits_done,
            )
        )
    training = tuple(
        rules.TrainingRecord(
            person_id=str(r.person_id),
            course=r.course.code,
            completed_on=r.completed_on,
            expires_on=r.expires_on,
        )
        for r in record_rows
    )
    headcounts = tuple(rules.MonthlyHeadcount(month=s.month, count=s.workers) for s in snapshots)
    payroll = max((y for y in payroll_rows if y.year <= as_of.year), key=lambda y: y.year, default=None)

    board = PROVINCE_BOARD.get(province)
    accounts = sorted(
        (a for a in account_rows if a.board == board and a.is_active_on(as_of)),
        key=lambda a: a.account_number,
    )
    has_membership = enrolment.status in Enrolment.ACTIVE_STATUSES or any(
        m.is_active_on(as_of) for m in membership_rows
    )
    office = any(o.province == province and o.permanent_office for o in office_rows)

    key_dates = rules.KeyDates(
        registered_on=enrolment.registered_on,
        history_documented_since=enrolment.history_documented_since,
        certified_on=enrolment.issued_on,
        certificate_expires_on=enrolment.expires_on,
        last_maintenance_audit_on=enrolment.last_maintenance_audit_on,
        milestone1_completed_on=enrolment.milestone1_completed_on,
        removed_on=enrolment.removed_on,
    )
    ledger = _LEDGER.get("ledger")
    loaded = ledger is not None and not hasattr(enrolment, "_ledger")
    if loaded:
        enrolment._ledger = ledger.load(enrolment)
    try:
        events = ledger.events(enrolment) if ledger is not None else None
        contributed: dict[str, date | None] = {}
        for func, _prefetch in _KEY_DATE_SOURCES.values():
            contributed.update(func(employer, enrolment, as_of))
    finally:
        if loaded:
            del enrolment._ledger
    overrides = {**contributed, **(key_date_overrides or {})}
    if overrides:
        key_dates = replace(key_dates, **overrides)

    return rules.Scenario(
        province=province,
        partner=partner.code,
        as_of=as_of,
        people=tuple(people),
        training=training,
        monthly_headcounts=headcounts,
        annual_payroll_hours=_float(payroll.payroll_hours) if payroll else None,
        key_dates=key_dates,
        audit=audit,
        has_wcb_account=bool(accounts),
        has_membership=has_membership,
        permanent_office_in_province=office,
        general_contractor_expected_workers=employer.general_contractor_expected_workers,
        holds_secor=enrolment.holds_certificate,
        annual_premium=_float(employer.annual_premium),
        base_assessment=_float(employer.base_assessment),
        wcb_account=accounts[0].account_number if accounts else None,
        employer_name=employer.display_name,
        wcb_administrative_penalty=employer.wcb_administrative_penalty,
        wcb_outstanding_balance=employer.wcb_outstanding_balance,
        wcb_payroll_reported=employer.wcb_payroll_reported,
        readings=valid_readings(employer.rule_readings),
        certificate_events=events or None,
    )


def valid_readings(stored: Any) -> dict[str, str]:
    """The employer's chosen readings (``Employer.rule_readings``); entries that no longer name a known
    conflict and reading are ignored (the default reading applies) rather than failing every page."""
    from provinces import readings

    if not isinstance(stored, dict):
        return {}
    out: dict[str, str] = {}
    for code, reading in stored.items():
        c = readings.conflict(str(code))
        if c is not None and reading in c.reading_codes():
            out[str(code)] = str(reading)
    return out


def evaluate_employer(employer: Employer, *, as_of: date | None = None, **kwargs: Any):
    """The rules engine's full evaluation of ``employer`` (see :func:`scenario_for` for the options)."""
    return provinces.evaluate(scenario_for(employer, as_of=as_of, **kwargs))
