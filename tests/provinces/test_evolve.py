"""``provinces.base.evolve``: ``dataclasses.replace`` without running ``__init__`` again, where that is the
same thing."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from test_scenarios import CASES

from provinces.base import KeyDates, Scenario, evolve
from provinces.certificates import CertificateStatus, HoldState


@pytest.mark.parametrize("scenario", [pytest.param(c.values[0], id=c.id) for c in CASES[:20]])
def test_evolve_is_replace(scenario: Scenario) -> None:
    changes = {"readings": {"AB_REFRESHER_RULE": "initial_person"}, "as_of": date(2028, 2, 29)}
    before = dataclasses.replace(scenario)
    evolved = evolve(scenario, **changes)
    assert evolved == dataclasses.replace(scenario, **changes)
    assert type(evolved) is Scenario
    assert evolved is not scenario
    assert scenario == before  # the original is untouched
    assert hash(evolve(scenario.key_dates, certified_on=date(2026, 1, 1))) == hash(
        dataclasses.replace(scenario.key_dates, certified_on=date(2026, 1, 1))
    )


def test_unknown_field_is_refused() -> None:
    with pytest.raises(TypeError, match="no field"):
        evolve(KeyDates(), certifed_on=date(2026, 1, 1))


def test_a_class_whose_init_does_more_goes_through_replace() -> None:
    """CertificateStatus fills its label in ``__post_init__``: evolve must run it, as replace does."""
    status = CertificateStatus(held=True, state=HoldState.HELD)
    changed = evolve(status, state=HoldState.EXPIRED, label="")
    assert changed.label == dataclasses.replace(status, state=HoldState.EXPIRED, label="").label
    assert changed.label  # filled in by __post_init__
