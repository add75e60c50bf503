"""Reminder-specific builders on top of tests/factories.py."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from secor.employers.models import Enrolment
from secor.reminders.models import CalendarFeed, NotificationPreference, ReminderPolicy
from tests.factories import (
    EmployerFactory,
    EmployerMembershipFactory,
    EnrolmentFactory,
    PersonFactory,
    UserFactory,
    partner,
)


class NotificationPreferenceFactory(DjangoModelFactory[NotificationPreference]):
    class Meta:
        model = NotificationPreference

    user = factory.SubFactory(UserFactory)


class ReminderPolicyFactory(DjangoModelFactory[ReminderPolicy]):
    class Meta:
        model = ReminderPolicy

    employer = factory.SubFactory(EmployerFactory)


class CalendarFeedFactory(DjangoModelFactory[CalendarFeed]):
    class Meta:
        model = CalendarFeed

    user = factory.SubFactory(UserFactory)


def certified_employer(
    *,
    province: str = "AB",
    code: str = "ACSA",
    issued_on: dt.date = dt.date(2024, 3, 1),
    expires_on: dt.date = dt.date(2027, 3, 1),
    people: int = 1,
    **enrolment,
):
    """An employer holding a certificate, with ``people`` full-time workers and an admin contact who
    receives reminders. Returns ``(employer, contact_user)``."""
    employer = EmployerFactory(province=province)
    EnrolmentFactory(
        employer=employer,
        partner=partner(province, code),
        status=Enrolment.Status.CERTIFIED,
        registered_on=dt.date(2023, 1, 15),
        history_documented_since=dt.date(2023, 2, 1),
        issued_on=issued_on,
        expires_on=expires_on,
        **enrolment,
    )
    for _ in range(people):
        PersonFactory(employer=employer, province=province, start_date=dt.date(2020, 1, 1))
    contact = EmployerMembershipFactory(employer=employer, receives_reminders=True).user
    return employer, contact


# --------------------------------------------------------------------------------------------------------
# One builder per family of deadline kinds: records that make the rules engine produce those kinds.
# --------------------------------------------------------------------------------------------------------


def _enrolled(province: str, code: str, status=Enrolment.Status.REGISTERED, people: int = 1, **dates):
    employer = EmployerFactory(province=province)
    dates.setdefault("registered_on", dt.date(2023, 1, 15))
    EnrolmentFactory(employer=employer, partner=partner(province, code), status=status, **dates)
    workers = [
        PersonFactory(employer=employer, province=province, start_date=dt.date(2020, 1, 1))
        for _ in range(people)
    ]
    EmployerMembershipFactory(employer=employer, receives_reminders=True)
    return employer, workers


def _train(person, code: str, completed_on: dt.date):
    from training.models import Course, TrainingRecord

    course = Course.objects.get(
        partner__province=person.province, partner__code=_partner_of(person), code=code
    )
    return TrainingRecord.objects.create(person=person, course=course, completed_on=completed_on)


def _partner_of(person) -> str:
    return person.employer.enrolments.get().partner.code


def build_ab_certified():
    """ACSA, certified 2026-03-01: maintenance audits, recertification, certificate expiry, refresher."""
    employer, (worker,) = _enrolled(
        "AB",
        "ACSA",
        Enrolment.Status.CERTIFIED,
        history_documented_since=dt.date(2025, 1, 1),
        issued_on=dt.date(2026, 3, 1),
        expires_on=dt.date(2029, 3, 1),
    )
    _train(worker, "PHSM", dt.date(2026, 1, 10))
    return employer


def build_ab_maintained():
    """ACSA, certified 2026-03-01, both maintenance audits accepted in time (the partner's ledger): the
    certificate is held up to its expiry on 2029-03-01."""
    from secor.certificates import services

    employer = build_ab_certified()
    enrolment = employer.enrolments.get()
    services.ledger_from_enrolment(enrolment=enrolment, reason="test records", on=dt.date(2026, 3, 1))
    for accepted in (dt.date(2027, 2, 1), dt.date(2028, 2, 1)):
        services.record_event(
            enrolment=enrolment,
            kind="maintenance_accepted",
            effective_on=accepted,
            submitted_on=accepted,
            reason="Maintenance audit accepted",
            decided_as=services.Decider.REVIEWER,
            notify=False,
        )
    return employer


def build_ab_esc_history():
    """ESC, registered and documenting since 2026-10-01: earliest application dates; SPD expiry."""
    employer, (worker,) = _enrolled("AB", "ESC", history_documented_since=dt.date(2026, 10, 1))
    _train(worker, "SPD", dt.date(2025, 6, 1))
    return employer


def build_ab_outgrown():
    """ACSA certificate holder with 25 workers: must move to COR at the next audit."""
    employer, _ = _enrolled(
        "AB",
        "ACSA",
        Enrolment.Status.CERTIFIED,
        people=25,
        history_documented_since=dt.date(2025, 1, 1),
        issued_on=dt.date(2026, 3, 1),
        expires_on=dt.date(2029, 3, 1),
    )
    return employer


def build_ab_person_left():
    """ACSA: the only trained person leaves on 2027-02-01."""
    employer, (worker,) = _enrolled(
        "AB",
        "ACSA",
        Enrolment.Status.CERTIFIED,
        history_documented_since=dt.date(2025, 1, 1),
        issued_on=dt.date(2026, 3, 1),
        expires_on=dt.date(2029, 3, 1),
    )
    _train(worker, "PHSM", dt.date(2026, 1, 10))
    worker.end_date = dt.date(2027, 2, 1)
    worker.save()
    return employer


def build_sk_new():
    """SCSA, registered 2026-01-15, auditor trained 2026-05-01: milestone 1, certification, auditor steps."""
    employer, (owner, auditor) = _enrolled("SK", "SCSA", people=2, registered_on=dt.date(2026, 1, 15))
    _train(owner, "SCSA_SM", dt.date(2026, 3, 1))
    _train(auditor, "SCSA_SAT", dt.date(2026, 5, 1))
    return employer


def build_sk_auditor():
    """SCSA, auditor trained 2026-05-01 and certified 2026-10-01: the auditor's personal maintenance audit."""
    employer, (owner, auditor) = _enrolled("SK", "SCSA", people=2, registered_on=dt.date(2026, 1, 15))
    _train(owner, "SCSA_SM", dt.date(2026, 3, 1))
    _train(auditor, "SCSA_SAT", dt.date(2026, 5, 1))
    _train(auditor, "SCSA_AUDITOR_CERT", dt.date(2026, 10, 1))
    return employer


def build_sk_removed():
    """SCSA, removed from the program on 2026-12-01: earliest re-registration."""
    employer, _ = _enrolled(
        "SK",
        "SCSA",
        Enrolment.Status.REMOVED,
        registered_on=dt.date(2025, 1, 15),
        removed_on=dt.date(2026, 12, 1),
    )
    return employer


def build_bc_go2hr():
    """go2HR, internal auditor trained 2026-05-01: the student audit follow-up."""
    employer, (worker,) = _enrolled("BC", "GO2HR", registered_on=dt.date(2026, 1, 15))
    _train(worker, "GO2HR_SECOR_IAT", dt.date(2026, 5, 1))
    return employer


def build_bc_bcfsc():
    """BCFSC, certified 2026-03-01 (maintenance with the 30 June / 31 December slip), SEOHS expiry."""
    employer, (worker,) = _enrolled(
        "BC",
        "BCFSC",
        Enrolment.Status.CERTIFIED,
        history_documented_since=dt.date(2025, 1, 1),
        issued_on=dt.date(2026, 3, 1),
        expires_on=dt.date(2029, 3, 1),
    )
    _train(worker, "BCFSC_SEOHS", dt.date(2025, 9, 1))
    return employer


BUILDERS = {
    "ab_certified": build_ab_certified,
    "ab_maintained": build_ab_maintained,
    "ab_esc_history": build_ab_esc_history,
    "ab_outgrown": build_ab_outgrown,
    "ab_person_left": build_ab_person_left,
    "sk_new": build_sk_new,
    "sk_auditor": build_sk_auditor,
    "sk_removed": build_sk_removed,
    "bc_go2hr": build_bc_go2hr,
    "bc_bcfsc": build_bc_bcfsc,
}
