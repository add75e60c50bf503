"""The eligibility API's one-walk public answer (``public_jsonable``) is the two-walk one it replaced
(``public_evaluation(jsonable(…))``), on every named scenario, under every reading the partner allows."""

from __future__ import annotations

import dataclasses

import pytest
from test_scenarios import CASES
from test_snapshots import SCENARIOS

from provinces import engine, readings, scenario_from_dict
from provinces.base import Scenario
from provinces.registry import get_partner
from secor.core.citations import public_evaluation, public_jsonable
from secor.status.compute import jsonable

ALL = [pytest.param(case.values[0], id=case.id) for case in CASES] + [
    pytest.param(scenario_from_dict(s), id=f"snapshot-{code}") for code, s in SCENARIOS.items()
]


@pytest.mark.parametrize("scenario", ALL)
def test_one_walk_is_the_two_walks(scenario: Scenario) -> None:
    evaluations = [engine.evaluate(scenario)]
    profile = get_partner(scenario.province, scenario.partner, scenario.as_of)
    for conflict in readings.available(profile, scenario.as_of):
        for reading in conflict.readings:
            other = dataclasses.replace(scenario, readings={**scenario.readings, conflict.code: reading.code})
            evaluations.append(engine.evaluate(other))
    for evaluation in evaluations:
        assert public_jsonable(evaluation) == public_evaluation(jsonable(evaluation))


def test_the_rewritten_keys_are_there() -> None:
    """The comparison above means something: the answers hold references and prose that are rewritten."""
    evaluation = engine.evaluate(ALL[0].values[0])
    text = repr(public_jsonable(evaluation))
    assert "'sources': [{'title':" in text
    assert "program-rules" not in text
    assert "seed 00" not in text
    assert "program-rules" in repr(jsonable(evaluation)) or "seed 00" in repr(jsonable(evaluation))
