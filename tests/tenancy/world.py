"""A small world for cross-tenant tests: one employer with one record of every kind, one user per role, and a
second employer (another tenant) with its own records.

Reusable by page tests too: ``world = build_world()``, then ``world.user(role)`` and ``world.records[kind]``.

Roles and what they may do with the employer's records (the table in docs/tenancy.md):

================== ===== ====== ==========================
role               read  write  delete the employer itself
================== ===== ====== ==========================
employer_admin     yes   yes    yes
employer_member    yes   yes    no (403)
consultant_active  yes   yes    no (403)
reviewer_same      yes   no     no (403)
staff              yes   yes    yes
consultant_revoked no    no     no (404)
consultant_none    no    no     no (404)
reviewer_other     no    no     no (404)
other_admin        no    no     no (404)
anonymous          login required (403)
================== ===== ====== ==========================
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Model

from tests import factories as f
from tests.safety_program import factories as program

ROLES = (
    "employer_admin",
    "employer_member",
    "consultant_active",
    "consultant_revoked",
    "consultant_none",
    "reviewer_same",
    "reviewer_other",
    "other_admin",
    "staff",
    "anonymous",
)
READERS = frozenset({"employer_admin", "employer_member", "consultant_active", "reviewer_same", "staff"})
WRITERS = frozenset({"employer_admin", "employer_member", "consultant_active", "staff"})
EMPLOYER_DELETERS = frozenset({"employer_admin", "staff"})

KINDS = (
    "employer",
    "operating_province",
    "wcb_account",
    "membership",
    "enrolment",
    "person",
    "headcount_snapshot",
    "payroll_year",
    "training_record",
    *program.ENDPOINTS,  # the safety program's record kinds (issue 11)
)

# kind -> API collection path
ENDPOINTS = {
    "employer": "/api/employers/",
    "operating_province": "/api/operating-provinces/",
    "wcb_account": "/api/wcb-accounts/",
    "membership": "/api/memberships/",
    "enrolment": "/api/enrolments/",
    "person": "/api/people/",
    "headcount_snapshot": "/api/headcount-snapshots/",
    "payroll_year": "/api/payroll-years/",
    "training_record": "/api/training-records/",
    **program.ENDPOINTS,
}

# kind -> a harmless change (PATCH body)
CHANGES = {
    "employer": {"city": "Red Deer"},
    "operating_province": {"permanent_office": False},
    "wcb_account": {"industry_code": "42100"},
    "membership": {"member_number": "M-CHANGED"},
    "enrolment": {"notes": "reviewed"},
    "person": {"job_title": "Site foreman"},
    "headcount_snapshot": {"workers": 7},
    "payroll_year": {"payroll_hours": "4000.00"},
    "training_record": {"provider": "Another provider"},
    **program.CHANGES,
}

# kind -> the field holding a child record's parent (the employer unless said here)
PARENTS = {"training_record": "person", **program.PARENTS}


@dataclass
class World:
    employer: Model
    other: Model
    users: dict[str, object] = field(default_factory=dict)
    records: dict[str, Model] = field(default_factory=dict)
    other_records: dict[str, Model] = field(default_factory=dict)

    def user(self, role: str):
        return self.users.get(role)

    def create_body(self, kind: str) -> dict:
        """A valid POST body for a new child record of ``self.employer``."""
        acsa = f.partner("AB", "ACSA")
        e = self.employer.pk
        if kind in program.ENDPOINTS:
            return program.create_body(self, kind)
        return {
            "operating_province": {"employer": e, "province": "SK", "permanent_office": False},
            "wcb_account": {"employer": e, "board": "WCB-SK", "account_number": "7654321"},
            "membership": {"employer": e, "partner": acsa.pk, "registered_on": "2025-01-01"},
            "enrolment": {"employer": e, "partner": acsa.pk, "registered_on": "2025-01-01"},
            "person": {"employer": e, "first_name": "New", "category": "casual", "start_date": "2025-01-01"},
            "headcount_snapshot": {"employer": e, "month": "2025-02-01", "workers": 3},
            "payroll_year": {"employer": e, "year": 2019, "payroll_hours": "100.00"},
            "training_record": {
                "person": self.records["person"].pk,
                "course": f.course("ACSA").pk,
                "completed_on": "2025-01-01",
            },
        }[kind]


def _records_for(employer, *, with_program: bool = True) -> dict[str, Model]:
    person = f.PersonFactory(employer=employer)
    return {
        **(program.program_records(employer, person) if with_program else {}),
        "employer": employer,
        "operating_province": f.OperatingProvinceFactory(employer=employer, province="AB"),
        "wcb_account": f.WCBAccountFactory(employer=employer),
        "membership": f.MembershipFactory(employer=employer),
        "enrolment": f.EnrolmentFactory(employer=employer),
        "person": person,
        "headcount_snapshot": f.HeadcountSnapshotFactory(employer=employer, month=dt.date(2025, 1, 1)),
        "payroll_year": f.PayrollYearFactory(employer=employer, year=2024),
        "training_record": f.TrainingRecordFactory(person=person, course=f.course("ACSA")),
    }


def build_world(*, with_program: bool = False) -> World:
    """``with_program=True`` adds one of each safety program record kind (heavier; the API suite asks)."""
    employer = f.EmployerFactory(legal_name="Prairie Roofing Ltd.")
    other = f.EmployerFactory(legal_name="Other Tenant Ltd.")
    world = World(employer=employer, other=other)
    world.records = _records_for(employer, with_program=with_program)
    # The other tenant is registered with another partner, so reviewer_other sees it (and only it).
    world.other_records = _records_for(other, with_program=with_program)
    world.other_records["enrolment"].partner = f.partner("AB", "AMHSA")
    world.other_records["enrolment"].save()
    world.other_records["membership"].partner = f.partner("AB", "AMHSA")
    world.other_records["membership"].save()
    world.users = {
        "employer_admin": f.employer_admin(employer),
        "employer_member": f.employer_member(employer),
        "consultant_active": f.consultant_for(employer),
        "consultant_revoked": f.consultant_for(employer, revoked=True),
        "consultant_none": f.consultant_for(None),
        "reviewer_same": f.reviewer_of("AB", "ACSA"),
        "reviewer_other": f.reviewer_of("AB", "AMHSA"),
        "other_admin": f.employer_admin(other),
        "staff": f.staff_user(),
        "anonymous": None,
    }
    return world
