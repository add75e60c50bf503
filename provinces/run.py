"""An evaluation in progress (``Run``: scenario, partner profile, warnings raised) and the small helpers every
question uses (``met``, percentages)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import ROUND_FLOOR, Decimal
from typing import TYPE_CHECKING, Any

from provinces import conflicts
from provinces.base import RuleCitation, Scenario, TrainingRecord, Value
from provinces.base import Warning as RuleWarning

if TYPE_CHECKING:
    from provinces.certificates import CertificateStatus
    from provinces.profile import PartnerProfile

CENT = Decimal("0.01")


class Run:
    """One evaluation: the scenario, its partner profile, and the warnings raised so far (deduplicated)."""

    def __init__(self, scenario: Scenario, profile: PartnerProfile) -> None:
        self.scenario = scenario
        self.profile = profile
        self.as_of = scenario.as_of
        self.warnings: list[RuleWarning] = []
        # the certificate's answer on the as-of date (set by the engine once the deadlines are known)
        self.certificate: CertificateStatus | None = None

    def certified(self) -> bool:
        """A certificate is held on the as-of date (``provinces/holding.py``)."""
        return self.certificate is not None and self.certificate.held

    def holds_secor(self) -> bool:
        """A certificate is held, or the scenario says so without any certificate dates."""
        if self.certificate is not None and self.certificate.state.value != "never":
            return self.certificate.held
        return self.scenario.holds_secor

    def use(self, code: str) -> Value[Any]:
        """The value of ``code`` in force on the as-of date; raises its warning if it carries one."""
        value = self.profile.param(code).at(self.as_of)
        if value.warning:
            self.warn(value.warning)
        return value

    def cite(self, code: str) -> RuleCitation:
        self.use(code)
        return self.profile.param(code).citation(self.as_of)

    def warn(self, code: str) -> None:
        if all(w.code != code for w in self.warnings):
            self.warnings.append(conflicts.warning(code))


def met(due: date, done: date | None, as_of: date) -> bool | None:
    """True done on or before ``due``; False done late, or not done and ``due`` has passed; None still
    open."""
    if done is not None and done <= as_of:
        return done <= due
    return False if as_of > due else None


def percent(awarded: float, available: float) -> Decimal:
    return Decimal(str(awarded)) * 100 / Decimal(str(available))


def display_percent(p: Decimal) -> Decimal:
    """Two decimals, rounded down so a failing 79.996% never shows as 80.00%."""
    return p.quantize(CENT, rounding=ROUND_FLOOR)


def first_done(
    records: Iterable[TrainingRecord], person_id: str, courses: tuple[str, ...], after: date, as_of: date
) -> date | None:
    """The first completion of one of ``courses`` by ``person_id`` within ``[after, as_of]``."""
    found = [
        r.completed_on
        for r in records
        if r.person_id == person_id and r.course in courses and after <= r.completed_on <= as_of
    ]
    return min(found) if found else None


def person_name(s: Scenario, person_id: str) -> str:
    p = s.person(person_id)
    return p.name if p else person_id
