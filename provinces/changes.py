"""Business changes: what a change in the business means for the SECOR, partner by partner.

A small employer's certificate is recognised for *that employer under that WCB account*; when the business
changes (new owner or legal name, a new WCB account, an amalgamation or a split, operations moving to another
province, more workers than the program allows) the certificate may continue, need a word to the partner, need
a separate certificate, or end. :func:`change_verdict` answers that for one change, one partner and one date,
with the sources. Plain Python, no Django: the product stores the change and its verdict
(``secor/changes/``), re-runs the evaluation and tells the employer and its consultants.

Where the sources say nothing, the verdict says so and carries a choice code (``CHANGE_…``), documented in
docs/rule-choices.md ("Business changes").

References:
seed 003 (SCSA SECOR page, 2018): "each WCB account must qualify for its own COR"; "A person can only be the
    trained employee for (1) WCB Account number"; permanent office(s) in Saskatchewan; a general contractor
    expecting more than 9 workers "no longer qualifies … must advise the SCSA and start the process for the
    standard Certificate of Recognition (COR)".
seed 001 (Alberta SECOR FAQ): "When the number of employees exceeds ten, the employer is no longer
    qualified to
    hold a SECOR. The employer must move to the regular COR program in the following year when the next
    maintenance or certification audit is scheduled."
seed 000 (AB): trained employees who leave are replaced by training another.
seed 004 (go2HR): if the internal auditor leaves, another staff member must be certified as soon as possible.
https://www.youracsa.ca/cor-secor/secor-process/ : counts everyone covered by the employer's WCB-Alberta
    account.
https://hcsas.sk.ca/certificate-of-recognition-cor-secor/ : all staff covered by your Saskatchewan WCB
    account.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from provinces.registry import PROVINCES, get_partner, get_province

SCSA_PAGE = "seed 003 (SCSA SECOR page, 2018); https://scsaonline.ca/programs/secor"
AB_FAQ = "seed 001 (Alberta Employment & Immigration SECOR FAQ)"
AB_GROWTH = f"{AB_FAQ}; https://alberta.ca/get-certificate-recognition.aspx"
AB_ACCOUNT = "https://www.youracsa.ca/cor-secor/secor-process/"
HCSAS_PAGE = "https://hcsas.sk.ca/certificate-of-recognition-cor-secor/"
TRAINED_LEFT = {
    "AB": "seed 000 (thinksafetysolutions.com, How to prepare for a SECOR audit) step 3",
    "SK": SCSA_PAGE,
    "BC": "seed 004 (go2HR, How to participate in SECOR, 2023); "
    "https://www.go2hr.ca/health-safety/education-training/cor-internal-auditor-training",
    "MB": "http://www.constructionsafety.ca/secor-program/",
}
# Each province runs its own program with its own partners (the worker counts are per provincial board).
PROVINCE_PROGRAM = {
    "AB": "https://alberta.ca/get-certificate-recognition.aspx",
    "SK": SCSA_PAGE,
    "BC": (
        "https://www.worksafebc.com/en/health-safety/create-manage/certificate-recognition/"
        "program-participation"
    ),
    "MB": "http://www.constructionsafety.ca/secor-program/",
}
PROVINCE_NAMES = {
    "AB": "Alberta",
    "SK": "Saskatchewan",
    "BC": "British Columbia",
    "MB": "Manitoba",
    "ON": "Ontario",
    "QC": "Quebec",
    "NS": "Nova Scotia",
    "NB": "New Brunswick",
    "NL": "Newfoundland and Labrador",
    "PE": "Prince Edward Island",
    "YT": "Yukon",
    "NT": "Northwest Territories",
    "NU": "Nunavut",
}


SHORT_NAMES = {"GO2HR": "go2HR", "SAFETYDRIVEN": "SafetyDriven", "AGSAFE": "AgSafe BC"}


class ChangeKind(enum.StrEnum):
    OWNER = "owner"  # a new owner or a change of legal name
    WCB_ACCOUNT = "wcb_account"  # a new or additional WCB account
    AMALGAMATION = "amalgamation"
    SPLIT = "split"
    PROVINCE_MOVE = "province_move"  # operations moving into another province
    OUTGROWN = "outgrown"  # more workers than the program's limit


KIND_TITLES: dict[ChangeKind, str] = {
    ChangeKind.OWNER: "New owner or change of legal name",
    ChangeKind.WCB_ACCOUNT: "New or additional WCB account",
    ChangeKind.AMALGAMATION: "Amalgamation with another company",
    ChangeKind.SPLIT: "Split into separate companies",
    ChangeKind.PROVINCE_MOVE: "Operations moving into another province",
    ChangeKind.OUTGROWN: "More workers than the program allows",
}


class Outcome(enum.StrEnum):
    CONTINUES = "continues"  # the certificate continues; tell the partner
    ACTION_NEEDED = "action_needed"  # it continues if something is done (training, the partner's agreement)
    OWN_CERTIFICATE = "own_certificate"  # the new account / company must qualify for its own certificate
    MOVE_TO_COR = "move_to_cor"  # the SECOR cannot be kept: the next audit is a COR audit
    NOT_COVERED = "not_covered"  # the certificate does not cover the operations elsewhere


OUTCOME_TITLES: dict[Outcome, str] = {
    Outcome.CONTINUES: "The certificate continues: tell your partner",
    Outcome.ACTION_NEEDED: "The certificate continues only if you act",
    Outcome.OWN_CERTIFICATE: "A separate certificate is needed",
    Outcome.MOVE_TO_COR: "You must move to COR",
    Outcome.NOT_COVERED: "The certificate does not cover the new province",
}


@dataclass(frozen=True)
class ChangeFacts:
    """One business change as the employer describes it."""

    kind: ChangeKind
    province: str  # the province of the enrolment the verdict is for
    partner: str
    effective_on: date
    holds_certificate: bool = False
    next_audit_due: date | None = None  # next maintenance or recertification audit
    name_only: bool = False  # OWNER: the legal name changed, the owners did not
    trained_person_left: bool = False  # OWNER / SPLIT: the trained person left with the change
    additional_account: bool = True  # WCB_ACCOUNT: added beside the existing account (False: replaces it)
    trained_person_shared: bool = False  # WCB_ACCOUNT / SPLIT: the trained person would serve two accounts
    to_province: str | None = None  # PROVINCE_MOVE
    leaves_home_province: bool = False  # PROVINCE_MOVE: no operations remain in ``province``
    workers_after: float | None = None  # AMALGAMATION / OUTGROWN: workers counted after the change


@dataclass(frozen=True)
class Point:
    """One statement of the verdict and where it comes from (an engine reference, see provinces/base.py)."""

    text: str
    reference: str
    choice: str | None = None  # a CHANGE_… code when the sources are silent and this is our choice


@dataclass(frozen=True)
class ChangeVerdict:
    kind: ChangeKind
    province: str
    partner: str
    partner_name: str
    effective_on: date
    outcome: Outcome
    certificate: tuple[Point, ...]  # what it means for the certificate
    tell_partner: tuple[Point, ...]  # what to tell the partner
    todo: tuple[Point, ...] = field(default=())

    @property
    def headline(self) -> str:
        return OUTCOME_TITLES[self.outcome]

    @property
    def points(self) -> tuple[Point, ...]:
        return self.certificate + self.tell_partner + self.todo

    @property
    def references(self) -> tuple[str, ...]:
        seen: list[str] = []
        for p in self.points:
            if p.reference not in seen:
                seen.append(p.reference)
        return tuple(seen)

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(sorted({p.choice for p in self.points if p.choice}))

    def to_dict(self) -> dict[str, Any]:
        def pts(items: tuple[Point, ...]) -> list[dict[str, Any]]:
            return [{"text": p.text, "reference": p.reference, "choice": p.choice} for p in items]

        return {
            "kind": str(self.kind),
            "province": self.province,
            "partner": self.partner,
            "partner_name": self.partner_name,
            "effective_on": self.effective_on.isoformat(),
            "outcome": str(self.outcome),
            "headline": self.headline,
            "certificate": pts(self.certificate),
            "tell_partner": pts(self.tell_partner),
            "todo": pts(self.todo),
            "choices": list(self.choices),
        }


def _day(d: date | None) -> str:
    return f"{d:%B} {d.day}, {d.year}" if d else ""


def _limit(province: str, partner: str, on: date) -> tuple[float, bool, str, str]:
    value = get_partner(province, partner).param("threshold").at(on)
    t = value.value
    return float(t.limit), bool(t.inclusive), str(t.limit_text), value.reference


def over_limit(province: str, partner: str, workers: float, on: date) -> bool:
    """True when ``workers`` is above the partner's SECOR limit on ``on``."""
    limit, inclusive, _, _ = _limit(province, partner, on)
    return workers > limit if inclusive else workers >= limit


def _next_program(province: str, partner: str, on: date) -> str:
    profile = get_partner(province, partner)
    if "facts" in profile.params:
        for fact in profile.value("facts", on) or ():
            if fact.when == "too_big":
                return str(fact.reference)
    return _limit(province, partner, on)[3]


def _trained_left(province: str, name: str) -> Point:
    return Point(
        "The trained person (assessor, internal auditor or safety champion) left with the change: another "
        f"person must take {name}'s required training as soon as possible, or the certificate cannot be "
        "maintained.",
        TRAINED_LEFT[province],
    )


def _growth(f: ChangeFacts, name: str, workers: float) -> tuple[Outcome, list[Point], list[Point]]:
    """Above the limit: what each province says about moving to COR."""
    _, _, limit_text, limit_ref = _limit(f.province, f.partner, f.effective_on)
    count = f"{workers:g}"
    cert = [Point(f"{count} workers is above {name}'s SECOR limit ({limit_text}).", limit_ref)]
    tell: list[Point] = []
    when = f" (due {_day(f.next_audit_due)})" if f.next_audit_due else ""
    if f.province == "AB":
        cert.append(
            Point(
                "In Alberta an employer above 10 employees no longer qualifies to hold a SECOR and must "
                "move to "
                f"the regular COR program at its next maintenance or certification audit{when}. The SECOR "
                "stays valid until then.",
                AB_GROWTH,
            )
        )
        tell.append(
            Point(
                f"Tell {name} your headcount since {_day(f.effective_on)} and that your next audit will be a "
                "COR audit (with an external auditor).",
                _next_program(f.province, f.partner, f.effective_on),
            )
        )
        return Outcome.MOVE_TO_COR, cert, tell
    if f.province == "SK":
        cert.append(
            Point(
                "An employer that no longer qualifies must advise the partner and start the process for the "
                "standard COR now; the SECOR is not kept until the next audit.",
                SCSA_PAGE if f.partner == "SCSA" else HCSAS_PAGE,
                None if f.partner == "SCSA" else "CHANGE_OUTGROWN_SK",
            )
        )
        tell.append(
            Point(
                f"Advise {name} now that you have {count} workers (subcontractors included) and ask to start "
                "the COR process.",
                SCSA_PAGE if f.partner == "SCSA" else HCSAS_PAGE,
            )
        )
        return Outcome.MOVE_TO_COR, cert, tell
    cert.append(
        Point(
            f"{name} does not say when the move must happen; we plan it for your next maintenance or "
            f"recertification audit{when}, as Alberta does. Ask {name} to confirm.",
            _next_program(f.province, f.partner, f.effective_on),
            "CHANGE_OUTGROWN_TIMING",
        )
    )
    tell.append(
        Point(
            f"Tell {name} your headcount since {_day(f.effective_on)} and ask which program your next audit "
            "falls under.",
            _next_program(f.province, f.partner, f.effective_on),
        )
    )
    return Outcome.MOVE_TO_COR, cert, tell


def change_verdict(f: ChangeFacts) -> ChangeVerdict:
    """What ``f`` means for the certificate with ``f.partner`` and what to tell the partner."""
    profile = get_partner(f.province, f.partner)
    name = SHORT_NAMES.get(profile.code, profile.code)
    site = profile.website if profile.website.startswith("http") else profile.website.split(", ")[-1]
    cert: list[Point] = []
    tell: list[Point] = []
    todo: list[Point] = []
    outcome = Outcome.CONTINUES
    holds = "your certificate" if f.holds_certificate else "your registration"
    sk = f.province == "SK"

    if f.kind == ChangeKind.OWNER:
        cert.append(
            Point(
                "The SECOR is recognised for the employer under its WCB account: while the account "
                "continues, "
                f"{holds} continues under the new {'name' if f.name_only else 'owner'}. The partner decides; "
                "no source says a change of name or owner ends a certificate.",
                AB_ACCOUNT if f.province == "AB" else (SCSA_PAGE if sk else site),
                "CHANGE_OWNER_SAME_ACCOUNT",
            )
        )
        what = "the new legal name" if f.name_only else "the new owner (and legal name, if it changed)"
        tell.append(
            Point(
                f"Tell {name} {what} and the date, {_day(f.effective_on)}, so the certificate and your "
                "records "
                "are reissued in that name; if the WCB account number changes too, record that as a new WCB "
                "account.",
                site,
                "CHANGE_OWNER_SAME_ACCOUNT",
            )
        )
        if f.trained_person_left:
            outcome = Outcome.ACTION_NEEDED
            todo.append(_trained_left(f.province, name))
        elif not f.name_only:
            todo.append(
                Point(
                    "Owners count as workers: check the people list and the trained people after the change.",
                    _limit(f.province, f.partner, f.effective_on)[3],
                )
            )

    elif f.kind == ChangeKind.WCB_ACCOUNT:
        if sk:
            outcome = Outcome.OWN_CERTIFICATE
            cert.append(
                Point(
                    "Each WCB account must qualify for its own certificate: the "
                    f"{'new' if f.additional_account else 'replacement'} account is not covered by {holds}.",
                    SCSA_PAGE,
                    None if f.partner == "SCSA" else "CHANGE_WCB_ACCOUNT_HCSAS",
                )
            )
            tell.append(
                Point(
                    f"Register the new account with {name} and plan its own audits; divisions or branches "
                    "of one "
                    "account may be certified, but not two accounts on one certificate.",
                    SCSA_PAGE,
                )
            )
            if f.trained_person_shared:
                todo.append(
                    Point(
                        "A person can be the trained employee for only one WCB account: another full-time "
                        "permanent Saskatchewan employee must complete the SECOR training for the new "
                        "account.",
                        SCSA_PAGE,
                    )
                )
        else:
            outcome = Outcome.ACTION_NEEDED
            board = get_province(f.province).wcb_board
            cert.append(
                Point(
                    f"Workers are counted per {board} account and the certificate was granted for the "
                    "account "
                    f"it names. {name} does not say whether a "
                    f"{'second' if f.additional_account else 'replacement'} account is covered: we treat it "
                    "as "
                    "not covered until the partner agrees.",
                    AB_ACCOUNT if f.province == "AB" else site,
                    "CHANGE_WCB_ACCOUNT_OTHERS",
                )
            )
            tell.append(
                Point(
                    f"Give {name} the new account number and its start date, {_day(f.effective_on)}, and ask "
                    "whether it is added to your certificate or must qualify on its own.",
                    site,
                    "CHANGE_WCB_ACCOUNT_OTHERS",
                )
            )

    elif f.kind == ChangeKind.AMALGAMATION:
        outcome = Outcome.ACTION_NEEDED
        cert.append(
            Point(
                "After an amalgamation everyone covered by the continuing WCB account counts: the combined "
                f"workforce must stay within {name}'s limit.",
                _limit(f.province, f.partner, f.effective_on)[3],
            )
        )
        if sk:
            cert.append(
                Point(
                    "Each WCB account must qualify for its own certificate: an account brought in by the "
                    "other "
                    "company is not covered.",
                    SCSA_PAGE,
                )
            )
        else:
            cert.append(
                Point(
                    "The certificate follows the WCB account that continues; a certificate of the absorbed "
                    "company ends with its account. No source covers amalgamations: the partner decides.",
                    site,
                    "CHANGE_AMALGAMATION",
                )
            )
        tell.append(
            Point(
                f"Tell {name} which company and WCB account continue, the date ({_day(f.effective_on)}) and "
                "the "
                "combined headcount.",
                site,
                "CHANGE_AMALGAMATION",
            )
        )
        if f.workers_after is not None and over_limit(f.province, f.partner, f.workers_after, f.effective_on):
            outcome, more_cert, more_tell = _growth(f, name, f.workers_after)
            cert += more_cert
            tell += more_tell

    elif f.kind == ChangeKind.SPLIT:
        outcome = Outcome.OWN_CERTIFICATE
        cert.append(
            Point(
                "The company that keeps the WCB account keeps the certificate; a company split off with its "
                "own "
                "WCB account must qualify for its own certificate"
                + (" (each WCB account qualifies on its own)." if sk else "."),
                SCSA_PAGE if sk else site,
                None if sk else "CHANGE_SPLIT",
            )
        )
        tell.append(
            Point(
                f"Tell {name} the date ({_day(f.effective_on)}), which company keeps the account, and "
                "register "
                "the new company separately.",
                site,
                "CHANGE_SPLIT",
            )
        )
        if f.trained_person_left or f.trained_person_shared:
            todo.append(
                Point(
                    "A person can be the trained employee for only one WCB account: each company needs its "
                    "own "
                    "trained full-time permanent Saskatchewan employee.",
                    SCSA_PAGE,
                )
                if sk
                else _trained_left(f.province, name)
            )

    elif f.kind == ChangeKind.PROVINCE_MOVE:
        to = (f.to_province or "").upper()
        to_name = PROVINCE_NAMES.get(to, to or "another province")
        outcome = Outcome.NOT_COVERED
        cert.append(
            Point(
                f"A SECOR is granted by a {get_province(f.province).name} partner for work covered by the "
                f"{get_province(f.province).wcb_board} account; it does not cover operations in {to_name}.",
                PROVINCE_PROGRAM[f.province],
                "CHANGE_PROVINCE_MOVE",
            )
        )
        if to in PROVINCES:
            todo.append(
                Point(
                    f"For the work in {to_name}, register with a {to_name} certifying partner; the program, "
                    "its worker limit and its training differ there.",
                    PROVINCE_PROGRAM[to],
                )
            )
        else:
            todo.append(
                Point(
                    f"We know of no SECOR program in {to_name}: ask that province's safety association about "
                    "COR for small employers.",
                    PROVINCE_PROGRAM[f.province],
                    "CHANGE_PROVINCE_MOVE",
                )
            )
        if f.leaves_home_province and sk:
            cert.append(
                Point(
                    "Saskatchewan SECOR is available only to companies with permanent office(s) in "
                    "Saskatchewan: without one the certificate cannot be kept.",
                    SCSA_PAGE,
                )
            )
        elif f.leaves_home_province:
            cert.append(
                Point(
                    f"With no operations left in {get_province(f.province).name} there is nothing for the "
                    "certificate to cover; it cannot be maintained.",
                    PROVINCE_PROGRAM[f.province],
                    "CHANGE_PROVINCE_MOVE",
                )
            )
        tell.append(
            Point(
                f"Tell {name} the date ({_day(f.effective_on)}), what moves to {to_name} and whether "
                f"operations remain in {get_province(f.province).name}.",
                site,
                "CHANGE_PROVINCE_MOVE",
            )
        )

    elif f.kind == ChangeKind.OUTGROWN:
        workers = f.workers_after
        if workers is None or not over_limit(f.province, f.partner, workers, f.effective_on):
            _, _, limit_text, ref = _limit(f.province, f.partner, f.effective_on)
            shown = "The headcount given" if workers is None else f"{workers:g} workers"
            cert.append(Point(f"{shown} is within {name}'s SECOR limit ({limit_text}).", ref))
            tell.append(Point("Nothing to tell the partner yet; keep the headcount up to date.", ref))
        else:
            outcome, more_cert, more_tell = _growth(f, name, workers)
            cert += more_cert
            tell += more_tell
    else:  # pragma: no cover - enum is closed
        raise ValueError(f"unknown change kind {f.kind!r}")

    return ChangeVerdict(
        kind=f.kind,
        province=f.province,
        partner=f.partner,
        partner_name=profile.name,
        effective_on=f.effective_on,
        outcome=outcome,
        certificate=tuple(cert),
        tell_partner=tuple(tell),
        todo=tuple(todo),
    )
