"""The demo world built by ``python manage.py seed_demo``.

Two parts:

1. :func:`build_world` — a hand-made, believable set of employers in Alberta, Saskatchewan and British
   Columbia across several certifying partners, each in a state worth showing (eligible, borderline at the
   limit, outgrown, lapsed, mid-milestone, certified with maintenance coming up), with their people,
   training, WCB accounts, memberships, enrolments and log-ins (employer owners, a consultant firm with a
   dozen clients, a reviewer per partner, site staff). Dates are relative to today : it stays current.
   Idempotent: every row is found or created by a natural key (employer legal name, person name within the
   employer, course within the person, e-mail for users), so running it twice creates nothing new.
2. :func:`build_generated` — ``--employers N``: makes sure N generated employers exist (numbered companies
   such as "2100042 Alberta Ltd."), each with a WCB account, a membership and enrolment, people and training,
   written with ``bulk_create`` in batches (history rows included) so 10,000 employers take minutes.

Everyone's password is :data:`PASSWORD`.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from provinces.dates import add_months
from secor.accounts.models import ConsultantAccess, ConsultantFirm, EmployerMembership, User
from secor.employers.models import (
    CertifyingPartner,
    Employer,
    Enrolment,
    Membership,
    OperatingProvince,
    PayrollYear,
    Person,
    WCBAccount,
)
from training.models import Course, TrainingRecord

PASSWORD = "demo-pass-2026"  # noqa: S105 - the documented demo password
REASON = "seed_demo"
STAFF_EMAIL = "admin@demo.secor"
# Staff and reviewers need a second factor (docs/accounts.md). Demo ones share this authenticator-app key
# (base32, as apps take it); `python manage.py demo_code EMAIL` prints the current code. Demo data only.
DEMO_TOTP_KEY = "SECORDEMOSECORDEMOSECORDEMOSECOR"
CONSULTANT_EMAIL = "consultant@safetyfirst.demo"
CONSULTANT_FIRM = "Safety First Consulting Inc."
GENERATED_DOMAIN = "generated.demo"
BOARD = {"AB": WCBAccount.Board.WCB_AB, "SK": WCBAccount.Board.WCB_SK, "BC": WCBAccount.Board.WORKSAFEBC}
C = Person.Category

FIRST_NAMES = (
    "Liam Olivia Noah Emma Lucas Charlotte Ethan Amelia Benjamin Ava Mason Sophia Logan Chloe Jacob Harper "
    "Owen Abigail Carter Evelyn Hunter Nora Wyatt Hannah Levi Avery Nathan Leah Ryan Brooke Tyler Madison "
    "Connor Taylor Cole Jasmine Dylan Priya Arjun Mei Wei Tomas Ana Kwame Fatima Jesse Morgan Riley Dakota"
).split()
LAST_NAMES = (
    "Smith Brown Tremblay Martin Roy Wilson MacDonald Gagnon Johnson Taylor Campbell Anderson Leblanc Lee "
    "Kowalski Friesen Thiessen Penner Klassen Nguyen Singh Patel Chen Wong Olsen Larson Hansen Bouchard "
    "Morin Bell Fraser Stewart McKay Bergen Dyck Schmidt Wiebe Petersen Kaur Gill Sandhu Cardinal Bear"
).split()


@dataclass(frozen=True)
class Worker:
    first: str
    last: str
    category: str = C.FULL_TIME_PERMANENT
    title: str = ""
    hours: float | None = 40
    started_months_ago: int = 36
    left_months_ago: int | None = None
    key: bool = False  # the trained person: assessor + safety champion, holds every required course
    courses: tuple[str, ...] = ()  # extra course codes (in the partner's catalogue) this person completed
    trained_months_ago: int = 14


@dataclass(frozen=True)
class Spec:
    """One hand-made demo employer."""

    slug: str
    legal_name: str
    operating_name: str
    province: str
    partner: str  # certifying-partner code (as loaded from the rules engine)
    state: str  # eligible | borderline | outgrown | lapsed | mid_milestone | maintenance_due
    industry: str
    city: str
    wcb_number: str
    workers: tuple[Worker, ...]
    consultant_client: bool = True
    payroll_hours: Decimal | None = None
    annual_premium: Decimal | None = None
    base_assessment: Decimal | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _crew(
    n: int,
    *,
    start: int = 0,
    category: str = C.FULL_TIME_PERMANENT,
    title: str = "Labourer",
    months_ago: int = 24,
    hours: float | None = 40,
) -> tuple[Worker, ...]:
    """``n`` plausible workers with deterministic names (``start`` offsets the name lists)."""
    return tuple(
        Worker(
            FIRST_NAMES[(start + i * 7) % len(FIRST_NAMES)],
            LAST_NAMES[(start + i * 5) % len(LAST_NAMES)],
            category,
            title,
            hours,
            months_ago + (i % 5),
        )
        for i in range(n)
    )


def specs() -> list[Spec]:
    """The hand-made employers. Counts are chosen against each partner's rules (see docs/demo.md)."""
    return [
        # ---------------- Alberta ----------------
        Spec(
            "prairie-roofing",
            "Prairie Roofing Ltd.",
            "Prairie Roofing",
            "AB",
            "ACSA",
            "eligible",
            "Roofing (construction)",
            "Calgary",
            "4518823",
            (
                Worker("Dana", "Whitford", C.OWNER, "Owner / operator", 50, 120, key=True),
                Worker(
                    "Marc",
                    "Tremblay",
                    C.FULL_TIME_PERMANENT,
                    "Lead hand",
                    40,
                    48,
                    courses=("SFA",),
                    trained_months_ago=23,
                ),
                *_crew(3, start=3, title="Roofer"),
                Worker("Jen", "Whitford", C.FAMILY_MEMBER, "Office and bookkeeping", 15, 60),
                Worker("Sparks", "Electric", C.SUBCONTRACTOR, "Electrical subcontractor", None, 10),
                Worker("Kal", "Tire Supply", C.SUPPLIER_VISITOR, "Shingle delivery", None, 6),
            ),
            consultant_client=False,
            annual_premium=Decimal("18400.00"),
            note="eligible: 6 counted (ACSA counts neither subcontractor nor supplier); owner trained",
        ),
        Spec(
            "foothills-framing",
            "Foothills Framing Inc.",
            "Foothills Framing",
            "AB",
            "ACSA",
            "borderline",
            "Framing (construction)",
            "Okotoks",
            "5120447",
            (
                Worker("Gord", "Penner", C.OWNER, "Owner", 45, 96, key=True),
                *_crew(7, start=11, title="Framer"),
                Worker("Tess", "Penner", C.PART_TIME, "Estimator", 20, 30),
                Worker("Ravi", "Sandhu", C.CASUAL, "Casual labourer", 16, 8),
                Worker("Ace", "Lumber", C.SUPPLIER_VISITOR, "Lumber delivery", None, 12),
            ),
            note="borderline: exactly 10 counted workers, the Alberta limit (10 or fewer)",
        ),
        Spec(
            "bow-river-electric",
            "Bow River Electric Ltd.",
            "Bow River Electric",
            "AB",
            "ACSA",
            "outgrown",
            "Electrical contracting",
            "Cochrane",
            "6034419",
            (
                Worker("Amrit", "Gill", C.OWNER, "Master electrician", 50, 110, key=True),
                *_crew(8, start=21, title="Journeyman electrician", months_ago=30),
                *_crew(4, start=33, title="Apprentice", months_ago=4),
            ),
            note="outgrown: certified 20 months ago with 9 workers, now 13 after hiring four apprentices",
        ),
        Spec(
            "red-deer-welding",
            "Red Deer Custom Welding Ltd.",
            "Red Deer Custom Welding",
            "AB",
            "ASC",
            "maintenance_due",
            "Welding and fabrication",
            "Red Deer",
            "7241185",
            (
                Worker("Bo", "Larson", C.OWNER, "Owner / welder", 45, 140, key=True),
                *_crew(4, start=5, title="Welder"),
                Worker("Sue", "Larson", C.FAMILY_MEMBER, "Office", 10, 100),
            ),
            note="certified 11 months ago; the first maintenance self-assessment is due at the anniversary",
        ),
        Spec(
            "lakeland-hotshot",
            "Lakeland Hotshot Services Ltd.",
            "Lakeland Hotshot",
            "AB",
            "ESC",
            "lapsed",
            "Oilfield hauling (oil and gas)",
            "Bonnyville",
            "3390218",
            (
                Worker(
                    "Curtis", "Cardinal", C.OWNER, "Owner / driver", 55, 150, key=True, trained_months_ago=46
                ),
                *_crew(3, start=13, title="Driver"),
            ),
            note="lapsed: the certificate expired four months ago without a recertification",
        ),
        Spec(
            "birch-cove",
            "Summer Village of Birch Cove",
            "Birch Cove Public Works",
            "AB",
            "AMHSA",
            "eligible",
            "Municipal government",
            "Birch Cove",
            "2288150",
            (
                Worker(
                    "Helen",
                    "Friesen",
                    C.FULL_TIME_PERMANENT,
                    "Chief administrative officer",
                    40,
                    80,
                    key=True,
                ),
                *_crew(3, start=17, title="Public works operator"),
                Worker("Rob", "Dyck", C.TEMPORARY, "Seasonal summer student", 35, 3),
                Worker("Cove", "Paving", C.SUBCONTRACTOR, "Paving subcontractor", None, 5),
            ),
            consultant_client=False,
            note="eligible: AMHSA counts subcontractors and seasonal staff: 6 counted",
        ),
        # ---------------- Saskatchewan ----------------
        Spec(
            "prairie-sky",
            "Prairie Sky Renovations Ltd.",
            "Prairie Sky Renovations",
            "SK",
            "SCSA",
            "mid_milestone",
            "Residential renovation (construction)",
            "Regina",
            "1184402",
            (
                Worker("Kyle", "Thiessen", C.OWNER, "Owner", 50, 60, key=True, trained_months_ago=5),
                *_crew(4, start=9, title="Carpenter"),
                Worker("Plumb", "Right", C.SUBCONTRACTOR, "Plumbing subcontractor", None, 9),
            ),
            note="registered 10 months ago: milestone 1 (courses, safety program, manual) due at 12 months",
        ),
        Spec(
            "quappelle-concrete",
            "Qu'Appelle Concrete Ltd.",
            "Qu'Appelle Concrete",
            "SK",
            "SCSA",
            "borderline",
            "Concrete finishing (construction)",
            "Fort Qu'Appelle",
            "1207735",
            (
                # Safety Auditor Training five months ago: her self-audit (in the demo, sent back for
                # corrections) is what earns the SCSA internal auditor certification within 8 months.
                Worker("Lise", "Bouchard", C.OWNER, "Owner", 45, 90, key=True, trained_months_ago=5),
                *_crew(5, start=25, title="Concrete finisher"),
                Worker("Nick", "Bouchard", C.PART_TIME, "Estimator", 20, 40),
                Worker("Dust", "Cutters", C.SUBCONTRACTOR, "Saw-cutting subcontractor", None, 12),
                Worker("Rebar", "Bros", C.SUBCONTRACTOR, "Rebar subcontractor", None, 12),
                Worker("Ready", "Mix", C.SUPPLIER_VISITOR, "Ready-mix delivery", None, 20),
            ),
            note="borderline: exactly 9 counted including subcontractors (SCSA: nine or fewer)",
        ),
        Spec(
            "northern-haul",
            "Northern Haul Excavating Ltd.",
            "Northern Haul",
            "SK",
            "HCSAS",
            "maintenance_due",
            "Heavy construction",
            "Prince Albert",
            "1311908",
            (
                Worker("Wes", "Klassen", C.OWNER, "Owner", 50, 130, key=True),
                *_crew(5, start=29, title="Equipment operator"),
            ),
            note="certified 11 months ago; the annual audit is due soon",
        ),
        Spec(
            "riverbend-drywall",
            "Riverbend Drywall Inc.",
            "Riverbend Drywall",
            "SK",
            "SCSA",
            "outgrown",
            "Drywall and taping (construction)",
            "Saskatoon",
            "1422561",
            (
                Worker("Jo", "Wiebe", C.OWNER, "Owner", 45, 100, key=True),
                *_crew(8, start=37, title="Drywaller", months_ago=20),
                *_crew(3, start=41, title="Taper", months_ago=3),
            ),
            note="outgrown: 12 workers, over the SK limit of 9, while holding a SECOR",
        ),
        Spec(
            "moose-jaw-masonry",
            "Moose Jaw Masonry Ltd.",
            "Moose Jaw Masonry",
            "SK",
            "SCSA",
            "lapsed",
            "Masonry (construction)",
            "Moose Jaw",
            "1533770",
            (
                Worker("Pat", "Schmidt", C.OWNER, "Owner / mason", 45, 160, key=True, trained_months_ago=44),
                *_crew(3, start=45, title="Mason"),
            ),
            consultant_client=False,
            note="lapsed: the certificate expired three months ago",
        ),
        # ---------------- British Columbia ----------------
        Spec(
            "tofino-tide",
            "Tofino Tide Lodge Ltd.",
            "Tofino Tide Lodge",
            "BC",
            "GO2HR",
            "borderline",
            "Accommodation (tourism and hospitality)",
            "Tofino",
            "880214",
            (
                # Internal auditor training eight months ago; her student audit (the certification audit)
                # was accepted within go2HR's 12 months.
                Worker("Maya", "Olsen", C.OWNER, "General manager", 45, 70, key=True, trained_months_ago=8),
                *_crew(9, start=2, title="Housekeeper", hours=30),
                *_crew(8, start=19, category=C.PART_TIME, title="Server", hours=24),
                *_crew(6, start=31, category=C.CASUAL, title="Seasonal front desk", hours=20, months_ago=5),
            ),
            payroll_hours=Decimal("41392"),
            annual_premium=Decimal("9800.00"),
            base_assessment=Decimal("8200.00"),
            note="borderline: 41,392 payroll hours last year = 19.9 FTE (go2HR: fewer than 20 FTE)",
        ),
        Spec(
            "okanagan-bistro",
            "Okanagan Bistro Ltd.",
            "Okanagan Bistro",
            "BC",
            "GO2HR",
            "maintenance_due",
            "Food and beverage (tourism and hospitality)",
            "Kelowna",
            "881377",
            (
                Worker("Luc", "Morin", C.OWNER, "Chef / owner", 55, 90, key=True),
                *_crew(5, start=7, title="Line cook", hours=36),
                *_crew(4, start=15, category=C.PART_TIME, title="Server", hours=22),
            ),
            payroll_hours=Decimal("18200"),
            annual_premium=Decimal("4100.00"),
            base_assessment=Decimal("3600.00"),
            note="certified 11 months ago; the year-2 maintenance audit is coming up",
        ),
        Spec(
            "fraser-valley-builders",
            "Fraser Valley Builders Ltd.",
            "Fraser Valley Builders",
            "BC",
            "BCCSA",
            "eligible",
            "Residential construction",
            "Abbotsford",
            "882540",
            (
                Worker("Harj", "Kaur", C.OWNER, "Owner / site super", 50, 84, key=True),
                *_crew(7, start=23, title="Carpenter"),
                Worker(
                    "Dale",
                    "Kowalski",
                    C.FULL_TIME_PERMANENT,
                    "Former site supervisor",
                    40,
                    60,
                    left_months_ago=3,
                    courses=("__ALL__",),
                    trained_months_ago=30,
                ),
            ),
            annual_premium=Decimal("12000.00"),
            base_assessment=Decimal("10400.00"),
            note="eligible (9 at the peak of the past year); the trained supervisor left three months ago",
        ),
        Spec(
            "cariboo-falling",
            "Cariboo Falling Ltd.",
            "Cariboo Falling",
            "BC",
            "BCFSC",
            "eligible",
            "Hand falling (forestry)",
            "Williams Lake",
            "883611",
            (
                Worker("Tom", "Bear", C.OWNER, "Owner / faller", 50, 150, key=True),
                *_crew(5, start=35, title="Faller"),
                Worker(
                    "Ridge", "Contracting", C.DEDICATED_CONTRACTOR, "Dedicated skidding contractor", 40, 18
                ),
            ),
            consultant_client=False,
            note="eligible: 7 with the dedicated contractor (BCFSC counts dedicated contractors)",
        ),
        Spec(
            "kootenay-timber",
            "Kootenay Timber Harvesting Ltd.",
            "Kootenay Timber",
            "BC",
            "BCFSC",
            "outgrown",
            "Logging (forestry)",
            "Nelson",
            "884790",
            (
                Worker("Erik", "Hansen", C.OWNER, "Owner", 50, 170, key=True),
                *_crew(18, start=39, title="Logger", months_ago=30),
                *_crew(7, start=43, title="Seasonal logger", months_ago=2),
            ),
            note="outgrown: 26 workers this season, over the BCFSC peak of 24",
        ),
        Spec(
            "coast-mountain-carpentry",
            "Coast Mountain Carpentry Ltd.",
            "Coast Mountain Carpentry",
            "BC",
            "BCCSA",
            "lapsed",
            "Finish carpentry (construction)",
            "Squamish",
            "885023",
            (
                Worker("Finn", "Stewart", C.OWNER, "Owner", 45, 150, key=True, trained_months_ago=45),
                *_crew(4, start=47, title="Finish carpenter"),
            ),
            consultant_client=False,
            note="lapsed: no maintenance audit, the certificate expired two months ago",
        ),
    ]


# ------------------------------------------------------------------------------------------------------------
# Helpers
# ------------------------------------------------------------------------------------------------------------


def _partner(province: str, code: str) -> CertifyingPartner | None:
    return CertifyingPartner.objects.filter(province=province, code__iexact=code).first()


def training_plan(partner: CertifyingPartner, on: date) -> list[Course]:
    """The courses that meet each of the partner's training requirements in force on ``on`` (the first course
    of each requirement that exists in the catalogue); the whole catalogue's first course as a fallback."""
    courses = {c.code: c for c in partner.courses.all()}
    plan: list[Course] = []
    try:
        from provinces import registry

        requirements = registry.get_partner(partner.province, partner.code).value("training", on) or ()
    except Exception:  # noqa: BLE001 - a partner without a training rule still gets a believable record
        requirements = ()
    for req in requirements:
        for code in (*getattr(req, "prerequisites", ()), *req.courses):
            if code in courses and courses[code] not in plan:
                plan.append(courses[code])
                if code in req.courses:
                    break
    if not plan and courses:
        plan.append(next(iter(courses.values())))
    return plan


CERTIFIED_STATES = ("maintenance_due", "outgrown", "lapsed")


def _follow_ups(
    person: Person, spec: Spec, partner: CertifyingPartner, catalogue: dict, today: date, report: WorldReport
) -> None:
    """The follow-ups of the key person's training that a company in this state has done: a short assignment
    that is part of the course (BCCSA's student audit, 4 weeks) always; the ones a first certification
    completes (SCSA internal auditor certification, go2HR student audit) once the company was certified."""
    try:
        from provinces import registry

        follow_ups = registry.get_partner(partner.province, partner.code).value("follow_ups", today) or ()
    except Exception:  # noqa: BLE001 - a partner without follow-ups
        follow_ups = ()
    for fu in follow_ups:
        if fu.course not in catalogue or not (fu.days or spec.state in CERTIFIED_STATES):
            continue
        trigger = (
            person.training_records.filter(course__code=fu.after_course).order_by("completed_on").first()
        )
        if trigger is None:
            continue
        _, created = TrainingRecord.objects.get_or_create(
            person=person,
            course=catalogue[fu.course],
            defaults={
                "completed_on": min(trigger.completed_on + timedelta(days=21), today),
                "provider": partner.code,
            },
        )
        report.count("training records", created)


def _months_ago(today: date, months: int) -> date:
    return add_months(today, -months)


def enrolment_fields(state: str, today: date) -> dict[str, Any]:
    """Key dates and status for a demo state, relative to ``today``."""
    if state in ("eligible", "borderline"):
        return {
            "status": Enrolment.Status.IN_PROGRESS,
            "registered_on": _months_ago(today, 8),
            "history_documented_since": _months_ago(today, 6),
        }
    if state == "mid_milestone":
        return {
            "status": Enrolment.Status.REGISTERED,
            "registered_on": _months_ago(today, 10),
            "history_documented_since": _months_ago(today, 9),
            "milestone1_completed_on": None,
        }
    if state == "maintenance_due":
        issued = _months_ago(today, 11) - timedelta(days=6)
        return {
            "status": Enrolment.Status.CERTIFIED,
            "registered_on": _months_ago(today, 26),
            "history_documented_since": _months_ago(today, 24),
            "milestone1_completed_on": _months_ago(today, 20),
            "issued_on": issued,
            "expires_on": add_months(issued, 36),
            "certificate_number": "",
        }
    if state == "outgrown":
        issued = _months_ago(today, 20)
        return {
            "status": Enrolment.Status.IN_MAINTENANCE,
            "registered_on": _months_ago(today, 34),
            "history_documented_since": _months_ago(today, 32),
            "milestone1_completed_on": _months_ago(today, 28),
            "issued_on": issued,
            "expires_on": add_months(issued, 36),
            "last_maintenance_audit_on": _months_ago(today, 8),
        }
    if state == "lapsed":
        issued = _months_ago(today, 40)
        return {
            "status": Enrolment.Status.LAPSED,
            "registered_on": _months_ago(today, 54),
            "history_documented_since": _months_ago(today, 52),
            "milestone1_completed_on": _months_ago(today, 48),
            "issued_on": issued,
            "expires_on": add_months(issued, 36),
            "last_maintenance_audit_on": _months_ago(today, 27),
        }
    raise ValueError(f"unknown demo state {state!r}")


def _user(email: str, password_hash: str, **fields: Any) -> tuple[User, bool]:
    """Find or create a demo user by e-mail; an existing user keeps its password but gets its role back."""
    user, created = User.objects.get_or_create(email=email, defaults={"password": password_hash, **fields})
    if not created:
        changed = [name for name, value in fields.items() if getattr(user, name) != value]
        if changed:
            for name in changed:
                setattr(user, name, fields[name])
            user.save(update_fields=changed)
    return user, created


def _demo_second_factor(user: User) -> str:
    """Give a demo staff member or reviewer the documented authenticator-app key; answers what to print."""
    from base64 import b32decode

    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.get_or_create(
        user=user,
        confirmed=True,
        defaults={"name": "Authenticator app (demo key)", "key": b32decode(DEMO_TOTP_KEY).hex()},
    )
    return f"app key {DEMO_TOTP_KEY}"


@dataclass
class Login:
    email: str
    role: str
    sees: str
    second_factor: str = "-"


@dataclass
class WorldReport:
    logins: list[Login] = field(default_factory=list)
    employers: list[tuple[str, str, str, str, str]] = field(
        default_factory=list
    )  # name, prov, partner, state, note
    created: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    audits: list[tuple[str, str, str, str]] = field(default_factory=list)  # employer, kind, status, story

    def count(self, what: str, created: bool) -> None:
        if created:
            self.created[what] = self.created.get(what, 0) + 1


# ------------------------------------------------------------------------------------------------------------
# The hand-made world
# ------------------------------------------------------------------------------------------------------------


@transaction.atomic
def build_world(*, today: date | None = None) -> WorldReport:
    """Create (or find) the hand-made demo world. Safe to run any number of times."""
    today = today or timezone.localdate()
    report = WorldReport()
    password_hash = make_password(PASSWORD)  # hashed once: hashing is deliberately slow

    staff, created = _user(
        STAFF_EMAIL, password_hash, full_name="Site Admin", is_staff=True, is_superuser=True
    )
    report.count("users", created)
    report.logins.append(
        Login(STAFF_EMAIL, "site staff (Django admin)", "everything", _demo_second_factor(staff))
    )

    firm, created = ConsultantFirm.objects.get_or_create(name=CONSULTANT_FIRM)
    report.count("consultant firms", created)
    consultant, created = _user(
        CONSULTANT_EMAIL, password_hash, full_name="Casey Consultant", consultant_firm=firm
    )
    report.count("users", created)

    clients = []
    for spec in specs():
        partner = _partner(spec.province, spec.partner)
        if partner is None:
            report.skipped.append(f"{spec.legal_name}: partner {spec.province}/{spec.partner} is not loaded")
            continue
        employer = _build_employer(spec, partner, today, report, staff)
        state = spec.state.replace("_", " ")
        owner_email = f"owner@{spec.slug}.demo"
        owner, created = _user(
            owner_email, password_hash, full_name=f"{spec.workers[0].first} {spec.workers[0].last}"
        )
        report.count("users", created)
        _, created = EmployerMembership.objects.get_or_create(
            user=owner, employer=employer, defaults={"role": EmployerMembership.Role.ADMIN}
        )
        report.count("employer memberships", created)
        report.logins.append(Login(owner_email, "employer admin", f"{employer} ({spec.province}, {state})"))
        if spec.slug == "prairie-roofing":
            office, created = _user("office@prairie-roofing.demo", password_hash, full_name="Jen Whitford")
            report.count("users", created)
            _, created = EmployerMembership.objects.get_or_create(
                user=office, employer=employer, defaults={"role": EmployerMembership.Role.MEMBER}
            )
            report.count("employer memberships", created)
            report.logins.append(Login("office@prairie-roofing.demo", "employer member", str(employer)))
        if spec.consultant_client:
            if not ConsultantAccess.objects.filter(
                employer=employer, firm=firm, revoked_at__isnull=True
            ).exists():
                ConsultantAccess.objects.create(employer=employer, firm=firm, granted_by=owner)
                report.count("consultant grants", True)
            clients.append(employer)
        report.employers.append((str(employer), spec.province, partner.code, state, spec.note))
    report.logins.insert(
        1, Login(CONSULTANT_EMAIL, f"consultant ({firm.name})", f"{len(clients)} client employers")
    )

    for partner in CertifyingPartner.objects.order_by("province", "code"):
        email = f"reviewer-{partner.code.lower()}@demo.secor"
        reviewer, created = _user(
            email, password_hash, full_name=f"{partner.code} Reviewer", reviewer_partner=partner
        )
        report.count("users", created)
        report.logins.append(
            Login(
                email,
                f"reviewer ({partner.code}, {partner.province})",
                "employers registered with the partner",
                _demo_second_factor(reviewer),
            )
        )
    # The safety program's records (14 months, with gaps the product points out): safety_program.demo;
    # before the audits, which cite some of them.
    from safety_program.demo import build_demo_program

    build_demo_program(report, today)
    build_audits(report)
    from secor.changes.demo import build_demo_changes

    build_demo_changes(report, today)
    return report


def _build_employer(
    spec: Spec, partner: CertifyingPartner, today: date, report: WorldReport, staff: User
) -> Employer:
    employer, created = Employer.objects.get_or_create(
        legal_name=spec.legal_name,
        defaults={
            "operating_name": spec.operating_name,
            "industry": spec.industry,
            "city": spec.city,
            "province": spec.province,
            "address_line": f"{100 + len(spec.slug) * 7} Main Street",
            "contact_email": f"office@{spec.slug}.demo",
            "annual_premium": spec.annual_premium,
            "base_assessment": spec.base_assessment,
        },
    )
    report.count("employers", created)
    _, created = OperatingProvince.objects.get_or_create(
        employer=employer, province=spec.province, defaults={"permanent_office": True}
    )
    report.count("operating provinces", created)
    account, created = WCBAccount.objects.get_or_create(
        board=BOARD[spec.province],
        account_number=spec.wcb_number,
        defaults={"employer": employer, "industry_code": "", "active_from": _months_ago(today, 120)},
    )
    report.count("WCB accounts", created)
    if account.employer_id != employer.pk:  # pragma: no cover - a hand-made number used twice
        raise RuntimeError(f"WCB account {spec.wcb_number} belongs to another employer")
    fields = enrolment_fields(spec.state, today)
    if spec.province == "SK" and spec.state in ("eligible", "borderline"):
        # Preparing the certification audit: SCSA's milestone 1 (courses, program, manual) is behind them.
        fields["milestone1_completed_on"] = _months_ago(today, 2)
    _, created = Membership.objects.get_or_create(
        employer=employer,
        partner=partner,
        defaults={
            "member_number": f"{partner.code[:3].upper()}-{spec.wcb_number[-5:]}",
            "registered_on": fields["registered_on"],
            "status": Membership.Status.ACTIVE,
        },
    )
    report.count("memberships", created)
    if "certificate_number" in fields or fields.get("issued_on"):
        fields["certificate_number"] = f"{partner.code[:3].upper()}-S{spec.wcb_number[-5:]}"
    enrolment, created = Enrolment.objects.get_or_create(employer=employer, partner=partner, defaults=fields)
    report.count("enrolments", created)
    if created and enrolment.issued_on:
        # The certificate is the partner's record: the demo's certificates enter the ledger as records kept
        # before it (issued, maintenance, the loss its status says), like the data migration does.
        from secor.certificates.services import ledger_from_enrolment

        ledger_from_enrolment(enrolment=enrolment, reason=f"Demo certificate ({REASON}).", on=today)
    if spec.payroll_hours is not None:
        _, created = PayrollYear.objects.get_or_create(
            employer=employer, year=today.year - 1, defaults={"payroll_hours": spec.payroll_hours}
        )
        report.count("payroll years", created)
    if spec.slug == "bow-river-electric":
        # The headcount when it was certified, as a snapshot: shows where the growth came from.
        month = add_months(today.replace(day=1), -20)
        _, created = employer.headcount_snapshots.get_or_create(month=month, defaults={"workers": 9})
        report.count("headcount snapshots", created)

    plan = training_plan(partner, today)
    catalogue = {c.code: c for c in partner.courses.all()}
    for i, w in enumerate(spec.workers):
        email = (
            ""
            if w.category in (C.SUBCONTRACTOR, C.SUPPLIER_VISITOR, C.DEDICATED_CONTRACTOR)
            else (f"{w.first.lower()}.{w.last.lower().replace(' ', '')}@{spec.slug}.demo".replace("'", ""))
        )
        person, created = Person.objects.get_or_create(
            employer=employer,
            first_name=w.first,
            last_name=w.last,
            defaults={
                "email": email if i < 40 else "",
                "job_title": w.title,
                "category": w.category,
                "hours_per_week": w.hours,
                "province": spec.province,
                "start_date": _months_ago(today, w.started_months_ago),
                "end_date": _months_ago(today, w.left_months_ago) if w.left_months_ago else None,
                "wcb_account": account if w.category not in (C.SUBCONTRACTOR, C.SUPPLIER_VISITOR) else None,
                "is_assessor": w.key,
                "is_safety_champion": w.key,
            },
        )
        report.count("people", created)
        courses: list[Course] = list(plan) if w.key or "__ALL__" in w.courses else []
        courses += [catalogue[c] for c in w.courses if c in catalogue and catalogue[c] not in courses]
        for j, course in enumerate(courses):
            completed = _months_ago(today, w.trained_months_ago) + timedelta(days=j * 3)
            if (
                course.validity_months
                and spec.state in ("eligible", "maintenance_due")
                and j == len(courses) - 1
            ):
                # One certificate per world runs out soon, so the expiry reminders have something to show.
                completed = add_months(today, -course.validity_months) + timedelta(days=30)
            _, created = TrainingRecord.objects.get_or_create(
                person=person,
                course=course,
                defaults={"completed_on": min(completed, today), "provider": partner.code},
            )
            report.count("training records", created)
        if w.key:
            _follow_ups(person, spec, partner, catalogue, today, report)
    if spec.slug == "prairie-roofing":
        # One person deleted by mistake: the restore feature has something to bring back.
        ghost, created = Person.objects.get_or_create(
            employer=employer,
            first_name="Owen",
            last_name="Mistaken",
            defaults={
                "category": C.CASUAL,
                "job_title": "Entered twice",
                "start_date": _months_ago(today, 2),
            },
        )
        report.count("people", created)
        if created:
            ghost._history_user = staff
            ghost._change_reason = "deleted"
            ghost.soft_delete()
    return employer


# ------------------------------------------------------------------------------------------------------------
# Audits (driven through the audits app's services, so revisions, snapshots and transitions are real)
# ------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditPlan:
    """One demo audit: whose, which kind, how far it got."""

    slug: str  # the Spec it belongs to
    kind: str  # audits.models.AuditKind value
    stage: str  # draft | submitted | corrections | accepted
    starts_days_ago: int
    gathering_days: int | None  # None: data gathering still under way
    answered: float = 1.0  # share of the questions answered (drafts)
    shortfall_every: int = 5  # every n-th range question scores one point under the maximum
    notes: tuple[tuple[str, str, str], ...] = ()  # reviewer notes: (kind, question code or "", text)
    message: str = ""  # the reviewer's message when sending back
    completes_course: str = ""  # a follow-up the accepted audit completes (go2HR: the student audit)
    story: str = ""
    cites_records: bool = False  # one question cites program records (safety_program.demo) before submitting


AUDIT_PLANS = (
    AuditPlan(
        "prairie-roofing",
        "certification",
        "submitted",
        starts_days_ago=21,
        gathering_days=6,
        cites_records=True,
        story="certification self-assessment submitted, pending review in the ACSA reviewers' queue; "
        "one question cites program records",
    ),
    AuditPlan(
        "quappelle-concrete",
        "certification",
        "corrections",
        starts_days_ago=30,
        gathering_days=8,
        shortfall_every=4,
        notes=(
            (
                "actionable",
                "9.1",
                "The inspection reports attached cover only August to October. Attach the reports for the "
                "whole audit period (12 months), or lower the score of 9.1 to what the records show.",
            ),
            (
                "actionable",
                "2.2",
                "Two of the three site hazard assessments are not signed by the crew. Attach signed copies.",
            ),
            (
                "informational",
                "11.1",
                "Good emergency response plan; consider adding the muster point for the Regina yard.",
            ),
        ),
        message="Two corrections needed before we can accept: see the actionable notes on 2.2 and 9.1.",
        story="self-audit sent back by the SCSA reviewer: two actionable notes to answer, then resubmit",
    ),
    AuditPlan(
        "okanagan-bistro",
        "maintenance",
        "draft",
        starts_days_ago=5,
        gathering_days=None,
        answered=0.5,
        story="year-2 maintenance audit in draft: notice sent, data gathering under way, half answered",
    ),
    AuditPlan(
        "tofino-tide",
        "certification",
        "accepted",
        starts_days_ago=40,
        gathering_days=7,
        notes=(("informational", "", "Clear, well-organised submission. Certificate issued."),),
        completes_course="GO2HR_STUDENT_AUDIT",
        story="certification (student) audit accepted by the go2HR reviewer: certificate issued today",
    ),
    AuditPlan(  # after the accepted one above: the draft offers to carry its answers over
        "tofino-tide",
        "maintenance",
        "draft",
        starts_days_ago=-330,
        gathering_days=None,
        answered=0.0,
        story="year-1 maintenance audit planned, nothing answered: offers to carry over the accepted audit",
    ),
)


def demo_pdf(*lines: str) -> bytes:
    """A small, valid one-page PDF showing ``lines`` (Helvetica, Latin-1): demo evidence that opens."""

    def text(value: str) -> bytes:
        value = value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return value.encode("latin-1", errors="replace")

    content = b"BT /F1 12 Tf 72 740 Td 18 TL " + b" ".join(b"(" + text(x) + b") '" for x in lines) + b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _evidence_file(employer: Employer, question, item: str):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils.text import slugify

    title = item or f"Evidence for question {question.code}"
    body = demo_pdf(
        employer.display_name,
        title,
        f"Question {question.code} - {question.element.name}",
        "Demo evidence generated by seed_demo.",
    )
    name = f"{slugify(title)[:60] or 'evidence'}.pdf"
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def _answer_all(audit, plan: AuditPlan, user: User) -> None:
    """Answer the plan's share of the instrument's questions (evidence on documentation questions) through
    the services, as the employer's assessor would in the workspace."""
    from audits import services
    from audits.models import Question

    questions = list(
        Question.objects.filter(element__instrument=audit.instrument)
        .select_related("element")
        .order_by("element__number", "order")
    )
    count = round(len(questions) * plan.answered)
    ranged = 0
    for q in questions[:count]:
        item = (q.evidence_checklist or [""])[0]
        if q.scoring_rule == "interview_percentage":
            total = max(q.minimum_interviews or 0, 4)
            services.answer_save(
                audit=audit,
                question=q,
                user=user,
                interviews_total=total,
                interviews_positive=total - (1 if q.pk % 3 == 0 else 0),
                notes=f"Interviewed {total} workers on site; answers recorded on the interview form.",
            )
        else:
            score = q.points
            if q.scoring_rule == "range":
                ranged += 1
                if plan.shortfall_every and ranged % plan.shortfall_every == 0:
                    score = max(q.points - 1, Decimal(0))
            services.answer_save(
                audit=audit,
                question=q,
                user=user,
                score=score,
                notes=f"Checked: {item}." if item else "Checked on site.",
            )
        if "documentation" in q.methods:
            services.evidence_add(
                audit=audit,
                question=q,
                user=user,
                file=_evidence_file(audit.employer, q, item),
                checklist_item=item,
            )


def _build_audit(plan: AuditPlan, report: WorldReport, today: date) -> None:
    from audits import services
    from audits.models import Audit, Question

    spec = next(s for s in specs() if s.slug == plan.slug)
    employer = Employer.objects.filter(legal_name=spec.legal_name).first()
    if employer is None:
        return
    if Audit.objects.filter(employer=employer, kind=plan.kind).exists():
        return  # natural key: one demo audit per employer and kind; a clicked-through audit is left as it is
    owner = User.objects.get(email=f"owner@{spec.slug}.demo")
    key = spec.workers[0]
    auditor = Person.objects.get(employer=employer, first_name=key.first, last_name=key.last)
    starts_on = today - timedelta(days=plan.starts_days_ago)
    ends_on = starts_on + timedelta(days=plan.gathering_days) if plan.gathering_days is not None else None
    partner = employer.enrolments.select_related("partner").get().partner
    notice = None
    if services.rules.notice_rule(partner, starts_on) is not None:
        notice = starts_on - timedelta(days=services.rules.notice_rule(partner, starts_on).value + 3)
        notice = min(notice, today)  # an audit planned ahead: the notice went out today
    audit = services.audit_create(
        user=owner,
        employer=employer,
        kind=plan.kind,
        starts_on=starts_on,
        ends_on=ends_on,
        auditor_person=auditor,
        notice_sent_on=notice,
        scope=f"All work sites and roles of {employer.display_name}; records of the last 12 months.",
    )
    _answer_all(audit, plan, owner)
    report.count("audits", True)
    if plan.cites_records:
        from safety_program.demo import cite_demo_records

        report.created["cited program records"] = report.created.get("cited program records", 0) + (
            cite_demo_records(audit, owner)
        )
    if plan.stage == "draft":
        return
    services.audit_submit(audit=audit, user=owner)
    report.count("audit revisions", True)
    if plan.stage == "submitted":
        return
    reviewer = User.objects.get(email=f"reviewer-{partner.code.lower()}@demo.secor")
    audit = services.review_start(audit=Audit.objects.get(pk=audit.pk), by=reviewer)
    for kind, code, text in plan.notes:
        question = Question.objects.get(element__instrument=audit.instrument, code=code) if code else None
        services.review_add_note(audit=audit, by=reviewer, kind=kind, text=text, question=question)
        report.count("review notes", True)
    if plan.stage == "corrections":
        services.review_request_corrections(audit=audit, by=reviewer, message=plan.message)
    elif plan.stage == "accepted":
        audit = services.review_accept(audit=audit, by=reviewer)
        report.count("certificates issued", bool(audit.outcome_passed))
        course = partner.courses.filter(code=plan.completes_course).first() if plan.completes_course else None
        if course is not None and audit.outcome_passed:
            _, created = TrainingRecord.objects.get_or_create(
                person=auditor,
                course=course,
                defaults={"completed_on": audit.first_submitted_on, "provider": partner.code},
            )
            report.count("training records", created)
    else:  # pragma: no cover - a typo in AUDIT_PLANS
        raise ValueError(f"unknown audit stage {plan.stage!r}")


def build_audits(report: WorldReport) -> None:
    """The demo audits of :data:`AUDIT_PLANS`, each in its own savepoint: an employer whose records no longer
    allow the audit (someone changed the demo) is reported as skipped, the rest is built. Dated from the real
    today, because the services stamp submissions and decisions with the current time."""
    from secor.core.exceptions import ApplicationError

    today = timezone.localdate()
    for plan in AUDIT_PLANS:
        try:
            with transaction.atomic():
                _build_audit(plan, report, today)
        except ApplicationError as exc:
            detail = "; ".join(f"{k}: {v}" for k, v in (getattr(exc, "extra", None) or {}).items())
            report.skipped.append(f"the {plan.kind} audit of {plan.slug}: {exc} {detail}".strip())
    from audits.models import Audit

    slugs = {s.legal_name: s.slug for s in specs()}
    stories = {(p.slug, p.kind): p.story for p in AUDIT_PLANS}
    audits = Audit.objects.filter(employer__legal_name__in=list(slugs)).select_related("employer")
    for audit in audits.order_by("employer__legal_name", "pk"):
        slug = (slugs[audit.employer.legal_name], audit.kind)
        if slug in stories:
            report.audits.append(
                (str(audit.employer), audit.get_kind_display(), audit.get_status_display(), stories[slug])
            )


def queue_demo_reminders(report: WorldReport) -> None:
    """Run today's reminder sweep for the hand-made employers, without sending e-mail, so the owners'
    Notifications page shows what the daily sweep would tell them (certificates expiring, audits due…).
    Idempotent like the sweep itself (one ledger row per deadline, occurrence and person). Generated employers
    are left to the real sweep: 10,000 evaluations do not belong in a seed command."""
    import uuid

    try:
        from secor.reminders import services as reminders
    except ImportError:  # pragma: no cover - the reminders app is part of the project
        return
    ids = list(
        Employer.objects.filter(legal_name__in=[s.legal_name for s in specs()]).values_list("pk", flat=True)
    )
    today = timezone.localdate()
    try:
        stats = reminders.refresh_deadlines(employer_ids=ids, today=today)
        reminders.queue_reminders(
            employer_ids=ids, today=today, token=uuid.uuid4().hex, stats=stats, dispatch=False
        )
    except Exception as exc:  # noqa: BLE001 - notifications are a garnish: report, keep the world
        report.skipped.append(f"in-app notifications ({type(exc).__name__}: {exc})")
        return
    if stats.notifications:
        report.created["notifications"] = report.created.get("notifications", 0) + stats.notifications


# ------------------------------------------------------------------------------------------------------------
# Generated employers (benchmarks)
# ------------------------------------------------------------------------------------------------------------

PLACES = (
    "Aspen Prairie Willow Ridge Summit Cedar Northern Valley River Lakeside Golden Silver Maple Pine Coulee "
    "Badlands Chinook Kananaskis Peace Athabasca Qu'Appelle Souris Cypress Boreal Coastal Fraser Skeena "
    "Cariboo Kootenay Okanagan Tofino Nechako"
).split()
TRADES = (
    "Roofing|Framing|Electric|Plumbing|Concrete|Drywall|Excavating|Landscaping|Welding|Painting|Flooring|"
    "Masonry|Trucking|Catering|Bistro|Lodge|Logging|Fencing|Glass|Mechanical"
).split("|")
INCORPORATED = {"AB": "Alberta Ltd.", "SK": "Saskatchewan Ltd.", "BC": "B.C. Ltd."}
GEN_BASE = {"AB": 700_000_000, "SK": 70_000_000, "BC": 600_000_000}  # WCB numbers far from the hand-made ones


def generated_count() -> int:
    return Employer.objects.filter(contact_email__endswith=f"@{GENERATED_DOMAIN}").count()


def build_generated(
    total: int,
    *,
    today: date | None = None,
    batch_size: int = 500,
    progress: Callable[[int, int], None] | None = None,
    partner_codes: tuple[str, ...] = (),
) -> dict[str, int]:
    """Make sure ``total`` generated employers exist (creating only the missing ones) and return the number of
    rows created per kind. Each batch is one transaction; the rows' history is written in bulk too.
    ``partner_codes`` (e.g. ``("ACSA",)``) limits them to those partners (the web benchmark: one partner)."""
    today = today or timezone.localdate()
    partners = [
        p
        for p in CertifyingPartner.objects.filter(province__in=list(BOARD)).order_by("province", "code")
        if p.courses.exists() and (not partner_codes or p.code in partner_codes)
    ]
    if not partners:
        raise RuntimeError(
            "No certifying partners with courses: run migrate first (it loads the reference data)."
        )
    plans = {p.pk: training_plan(p, today) for p in partners}
    start = generated_count()
    counts: dict[str, int] = {}
    for lo in range(start, total, batch_size):
        hi = min(lo + batch_size, total)
        with transaction.atomic():
            for kind, n in _generated_batch(range(lo, hi), partners, plans, today).items():
                counts[kind] = counts.get(kind, 0) + n
        if progress:
            progress(hi, total)
    return counts


def _generated_batch(
    indexes: range, partners: list[CertifyingPartner], plans: dict, today: date
) -> dict[str, int]:
    now = timezone.now()
    employers, picks = [], []
    for n in indexes:
        rng = random.Random(n)  # noqa: S311 - demo data, deterministic per index
        partner = partners[n % len(partners)]
        place, trade = rng.choice(PLACES), rng.choice(TRADES)
        employers.append(
            Employer(
                legal_name=f"{2_100_000 + n} {INCORPORATED[partner.province]}",
                operating_name=f"{place} {trade}",
                industry=trade,
                city=place,
                province=partner.province,
                contact_email=f"office{n}@{GENERATED_DOMAIN}",
                created_at=now,
            )
        )
        picks.append((n, rng, partner))
    employers = bulk_create_with_history(employers, Employer, default_change_reason=REASON, default_date=now)
    if employers and employers[0].pk is None:  # pragma: no cover - backends that do not return ids
        by_email = dict(
            Employer.objects.filter(contact_email__in=[e.contact_email for e in employers]).values_list(
                "contact_email", "pk"
            )
        )
        for e in employers:
            e.pk = e.id = by_email[e.contact_email]

    offices, accounts, memberships, enrolments, people = [], [], [], [], []
    key_people: list[tuple[int, Person, CertifyingPartner, random.Random]] = []
    for employer, (n, rng, partner) in zip(employers, picks, strict=True):
        province = partner.province
        offices.append(OperatingProvince(employer=employer, province=province, permanent_office=True))
        accounts.append(
            WCBAccount(
                employer=employer,
                board=BOARD[province],
                account_number=str(GEN_BASE[province] + n),
                active_from=_months_ago(today, 60 + n % 60),
            )
        )
        state = ("eligible", "eligible", "borderline", "maintenance_due", "outgrown", "lapsed")[n % 6]
        fields = enrolment_fields(state, today)
        memberships.append(
            Membership(
                employer=employer,
                partner=partner,
                member_number=f"G{n:06d}",
                registered_on=fields["registered_on"],
                status=Membership.Status.ACTIVE,
            )
        )
        enrolments.append(Enrolment(employer=employer, partner=partner, **fields))
        size = rng.randint(2, 12)
        for i in range(size):
            category = (
                C.OWNER
                if i == 0
                else rng.choice(
                    (
                        C.FULL_TIME_PERMANENT,
                        C.FULL_TIME_PERMANENT,
                        C.FULL_TIME_PERMANENT,
                        C.PART_TIME,
                        C.CASUAL,
                        C.SUBCONTRACTOR,
                        C.SUPPLIER_VISITOR,
                    )
                )
            )
            person = Person(
                employer=employer,
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                category=category,
                hours_per_week=Decimal(rng.choice((40, 40, 36, 24, 16)))
                if category != C.SUPPLIER_VISITOR
                else None,
                province=province,
                start_date=_months_ago(today, rng.randint(1, 120)),
                is_assessor=i == 0,
                is_safety_champion=i == 0,
                created_at=now,
            )
            people.append(person)
            if i == 0:
                key_people.append((n, person, partner, rng))
    OperatingProvince.objects.bulk_create(offices)
    bulk_create_with_history(accounts, WCBAccount, default_change_reason=REASON, default_date=now)
    bulk_create_with_history(memberships, Membership, default_change_reason=REASON, default_date=now)
    enrolments = bulk_create_with_history(
        enrolments, Enrolment, default_change_reason=REASON, default_date=now
    )
    from secor.certificates.services import ledger_from_enrolments

    ledger_from_enrolments(enrolments=enrolments, reason=f"Generated certificate ({REASON}).", on=today)
    bulk_create_with_history(people, Person, default_change_reason=REASON, default_date=now)
    records = []
    for _n, person, partner, rng in key_people:
        for course in plans[partner.pk]:
            completed = _months_ago(today, rng.randint(2, 40))
            records.append(
                TrainingRecord(
                    person=person,
                    course=course,
                    completed_on=completed,
                    expires_on=course.expiry_for(completed),  # bulk_create skips save(), which computes it
                    provider=partner.code,
                    created_at=now,
                )
            )
    bulk_create_with_history(records, TrainingRecord, default_change_reason=REASON, default_date=now)
    return {
        "employers": len(employers),
        "people": len(people),
        "training records": len(records),
        "WCB accounts": len(accounts),
        "memberships": len(memberships),
        "enrolments": len(enrolments),
    }


def timed(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, float]:
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - started
