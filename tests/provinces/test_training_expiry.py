"""The expiry of the training that satisfies a requirement, at its boundaries (a leap-day completion).

Sources: BCFSC "7 h refresher every 3 years" and ESC "SECOR Refresher resets assessor status for 3 years"
(program-rules.md Q3). 2024-02-29 + 36 months = 2027-02-28 (month-end clamping, provinces/dates.py)."""

from __future__ import annotations

from datetime import date

import pytest

from provinces import evaluate
from provinces.base import Person, PersonCategory, Scenario, TrainingRecord

MAYA = Person(
    "m",
    "Maya Olsen",
    PersonCategory.FULL_TIME_PERMANENT,
    date(2019, 1, 1),
    hours_per_week=40,
    roles=frozenset({"assessor", "internal_auditor", "safety_champion"}),
)


def expiry_deadlines(province: str, partner: str, course: str, as_of: date):
    scenario = Scenario(
        province, partner, as_of, people=(MAYA,), training=(TrainingRecord("m", course, date(2024, 2, 29)),)
    )
    return [d for d in evaluate(scenario).deadlines if d.person_id == "m" and d.kind == "training_refresher"]


@pytest.mark.parametrize(
    ("province", "partner", "course"),
    [pytest.param("BC", "BCFSC", "BCFSC_SEOHS", id="bcfsc"), pytest.param("AB", "ESC", "SPD", id="esc")],
)
@pytest.mark.parametrize(
    ("as_of", "shown"),
    [
        pytest.param(date(2027, 2, 27), True, id="day-before"),
        pytest.param(date(2027, 2, 28), True, id="day-of"),
        pytest.param(date(2027, 3, 1), False, id="day-after"),
    ],
)
def test_training_expiry_deadline_names_the_person_and_falls_on_the_clamped_date(
    province, partner, course, as_of, shown
):
    deadlines = expiry_deadlines(province, partner, course, as_of)
    if not shown:
        # Expired training no longer satisfies the requirement: no expiry deadline, the requirement is open.
        assert deadlines == []
        return
    (deadline,) = deadlines
    assert deadline.due == date(2027, 2, 28)
    assert "Maya Olsen" in deadline.title
    assert deadline.met is None
    assert deadline.reference
