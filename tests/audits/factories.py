"""Helpers for the audit tests: an enrolled employer with a trained auditor, reviewers, and API helpers that
answer a whole instrument."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from secor.accounts.models import User
from secor.employers.models import Employer, Enrolment, Person
from tests.factories import (
    EmployerFactory,
    EmployerMembershipFactory,
    EnrolmentFactory,
    PersonFactory,
    UserFactory,
    partner,
)
from training.models import Course, TrainingRecord

# (province, partner code, auditor courses with completion dates)
PARTNERS = {
    "ACSA": ("AB", "ACSA", [("PHSM", dt.date(2025, 6, 1))]),
    "SCSA": (
        "SK",
        "SCSA",
        [
            ("SCSA_SM", dt.date(2025, 5, 1)),
            ("SCSA_SAT", dt.date(2025, 6, 1)),
            ("SCSA_AUDITOR_CERT", dt.date(2025, 9, 1)),
        ],
    ),
    "GO2HR": ("BC", "GO2HR", [("GO2HR_SECOR_IAT", dt.date(2025, 6, 1))]),
}


@dataclass
class Setup:
    employer: Employer
    enrolment: Enrolment
    owner: User
    auditor: Person
    reviewer: User


def pdf_file(name: str = "evidence.pdf", body: bytes = b"policy") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + body + b"\n%%EOF", content_type="application/pdf")


def reviewer_for(code: str) -> User:
    province, partner_code, _ = PARTNERS[code]
    return UserFactory(
        email=f"reviewer-{code.lower()}@partner.example", reviewer_partner=partner(province, partner_code)
    )


def enrolled_employer(code: str, *, train: bool = True) -> Setup:
    province, partner_code, courses = PARTNERS[code]
    p = partner(province, partner_code)
    employer = EmployerFactory(province=province)
    enrolment = EnrolmentFactory(
        employer=employer,
        partner=p,
        registered_on=dt.date(2025, 1, 15),
        history_documented_since=dt.date(2025, 1, 1),
        status=Enrolment.Status.IN_PROGRESS,
    )
    owner = UserFactory()
    EmployerMembershipFactory(user=owner, employer=employer)
    auditor = PersonFactory(
        employer=employer,
        province=province,
        is_assessor=True,
        is_safety_champion=True,
        start_date=dt.date(2020, 1, 1),
    )
    if train:
        for course_code, completed in courses:
            TrainingRecord.objects.create(
                person=auditor, course=Course.objects.get(partner=p, code=course_code), completed_on=completed
            )
    return Setup(employer, enrolment, owner, auditor, reviewer_for(code))


def plan_payload(s: Setup, *, kind: str, starts_on: dt.date, ends_on: dt.date | None = None) -> dict:
    data = {
        "employer": s.employer.pk,
        "kind": kind,
        "starts_on": starts_on.isoformat(),
        "auditor_type": "internal",
        "auditor_person": s.auditor.pk,
    }
    if ends_on:
        data["ends_on"] = ends_on.isoformat()
    if s.enrolment.partner.province == "BC":
        data["notice_sent_on"] = (starts_on - dt.timedelta(days=14)).isoformat()
    return data


def answer_everything(client, audit, *, full: bool = True) -> None:
    """Answer every question of the audit's instrument through the API, with evidence where documentation
    is a method."""
    from audits.models import Question

    for q in Question.objects.filter(element__instrument=audit.instrument).order_by(
        "element__number", "order"
    ):
        if q.scoring_rule == "interview_percentage":
            payload = {"question": q.pk, "interviews_total": 4, "interviews_positive": 4 if full else 2}
        else:
            payload = {"question": q.pk, "score": str(q.points if full else 0)}
        r = client.post(f"/api/audits/{audit.pk}/answers/", payload, format="json")
        assert r.status_code == 200, r.json()
        if "documentation" in q.methods:
            item = q.evidence_checklist[0] if q.evidence_checklist else ""
            r = client.post(
                f"/api/audits/{audit.pk}/evidence/",
                {
                    "question": q.pk,
                    "file": pdf_file(f"q{q.code}.pdf", q.code.encode()),
                    "method": "documentation",
                    "checklist_item": item,
                },
                format="multipart",
            )
            assert r.status_code == 201, r.json()
