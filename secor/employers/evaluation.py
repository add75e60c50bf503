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
  status (registration with the partner's program counts as registration).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from django.utils import timezone

import provinces
from provinces import base as rules
from secor.employers.models import Employer, Enrolment, Membership, WCBAccount

PROVINCE_BOARD = {province: board for board, province in WCBAccount.BOARD_PROVINCE.items()}


def current_enrolment(employer: Employer) -> Enrolment | None:
    enrolments = sorted(
        employer.enrolments.select_related("partner").all(), key=lambda e: (e.registered_on, e.pk), reverse=True
    )
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

    people = []
    for p in employer.people.filter(deleted_at__isnull=True).select_related("wcb_account"):
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
            )
        )
    training = tuple(
        rules.TrainingRecord(
            person_id=str(r.person_id), course=r.course.code, completed_on=r.completed_on, expires_on=r.expires_on
        )
        for r in TrainingRecord.objects.filter(
            person__employer=employer, person__deleted_at__isnull=True, deleted_at__isnull=True
        ).select_related("course")
    )
    headcounts = tuple(
        rules.MonthlyHeadcount(month=s.month, count=s.workers) for s in employer.headcount_snapshots.all()
    )
    payroll = employer.payroll_years.filter(year__lte=as_of.year).order_by("-year").first()

    board = PROVINCE_BOARD.get(province)
    accounts = [a for a in employer.wcb_accounts.all() if a.board == board and a.is_active_on(as_of)]
    memberships = Membership.objects.filter(employer=employer, partner=partner)
    has_membership = enrolment.status in Enrolment.ACTIVE_STATUSES or any(m.is_active_on(as_of) for m in memberships)
    office = employer.operating_provinces.filter(province=province, permanent_office=True).exists()

    key_dates = rules.KeyDates(
        registered_on=enrolment.registered_on,
        history_documented_since=enrolment.history_documented_since,
        certified_on=enrolment.issued_on,
        certificate_expires_on=enrolment.expires_on,
        last_maintenance_audit_on=enrolment.last_maintenance_audit_on,
        milestone1_completed_on=enrolment.milestone1_completed_on,
        removed_on=enrolment.removed_on,
    )
    if key_date_overrides:
        key_dates = replace(key_dates, **key_date_overrides)

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
    )


def evaluate_employer(employer: Employer, *, as_of: date | None = None, **kwargs: Any):
    """The rules engine's full evaluation of ``employer`` (see :func:`scenario_for` for the options)."""
    return provinces.evaluate(scenario_for(employer, as_of=as_of, **kwargs))
