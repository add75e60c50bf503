"""The comparison of readings (``Evaluation.readings``) works out each other reading only as far as the part
of the answer it compares (``provinces/engine.py``: the eligibility alone for an eligibility conflict, the
incentive alone on the answer in use for an incentive conflict; never the audit score, path or facts). That part must be what a full evaluation under that reading gives."""

from __future__ import annotations

import dataclasses

import pytest
from test_scenarios import CASES
from test_snapshots import SCENARIOS

from provinces import engine, readings, scenario_from_dict
from provinces.base import Scenario
from provinces.registry import get_partner

ALL = [pytest.param(case.values[0], id=case.id) for case in CASES] + [
    pytest.param(scenario_from_dict(s), id=f"snapshot-{code}") for code, s in SCENARIOS.items()
]


@pytest.mark.parametrize("scenario", ALL)
def test_every_other_reading_decides_as_a_full_evaluation(scenario: Scenario) -> None:
    profile = get_partner(scenario.province, scenario.partner, scenario.as_of)
    base = engine._decide(profile, scenario)  # the answer under the readings in use, as evaluate() has it
    base.incentive = engine._incentive(base)
    for conflict in readings.available(profile, scenario.as_of):
        for reading in conflict.readings:
            other = dataclasses.replace(scenario, readings={**scenario.readings, conflict.code: reading.code})
            full = engine.evaluate(other, compare_readings=False)
            part = engine._alternative(profile, other, conflict.area, base)
            assert engine._answer(conflict, part) == engine._answer(conflict, full)


def test_the_scenarios_cover_every_kind_of_conflict() -> None:
    areas = {
        conflict.area
        for param in ALL
        for conflict in readings.available(
            get_partner(param.values[0].province, param.values[0].partner), param.values[0].as_of
        )
    }
    assert {"eligibility", "training", "deadlines", "incentive"} <= areas
