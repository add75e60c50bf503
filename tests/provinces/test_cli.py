"""provinces.cli.main: good input prints the evaluation as JSON; malformed input exits 2 with one line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from provinces.cli import main

GOOD = {
    "province": "AB",
    "partner": "ACSA",
    "as_of": "2026-11-22",
    "people": [
        {"id": "p1", "name": "Ann", "category": "owner", "start": "2020-01-01", "roles": ["assessor"]},
        {"id": "p2", "name": "Bob", "category": "full_time_permanent", "start": "2021-01-01"},
    ],
    "training": [{"person_id": "p1", "course": "PHSM", "completed_on": "2025-01-10"}],
    # year 2 maintenance audit submitted in time: the certificate is held (without it, it is cancelled)
    "key_dates": {"certified_on": "2025-03-01", "last_maintenance_audit_on": "2026-02-15"},
    "audit": {
        "kind": "certification",
        "elements": [{"name": "Hazard Control", "awarded": 8, "available": 10}],
    },
    "annual_premium": "20000",
}


def _run(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, io.StringIO(stdin), out, err)
    return code, out.getvalue(), err.getvalue()


def test_evaluate_from_stdin_prints_full_evaluation() -> None:
    code, out, err = _run(["evaluate", "-"], json.dumps(GOOD))
    assert code == 0, err
    data = json.loads(out)
    assert data["eligibility"]["status"] == "eligible"
    assert data["scenario"]["as_of"] == "2026-11-22"
    assert {
        "eligibility",
        "training",
        "path",
        "next_step",
        "deadlines",
        "audit",
        "incentive",
        "warnings",
    } <= set(data)
    assert all(dl["reference"] for dl in data["deadlines"])
    assert out.startswith("{\n  ")  # indented


def test_evaluate_from_file(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps(GOOD), encoding="utf-8")
    code, out, _ = _run(["evaluate", str(path)])
    assert code == 0
    assert json.loads(out)["incentive"]["amount"] == "1000.00"


def _bad(**changes: object) -> str:
    data = json.loads(json.dumps(GOOD))
    for key, value in changes.items():
        if value is None:
            data.pop(key)
        else:
            data[key] = value
    return json.dumps(data)


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        pytest.param("{not json", "invalid JSON in standard input", id="bad-json"),
        pytest.param("[]", "scenario: expected an object", id="not-an-object"),
        pytest.param(_bad(province="ON"), "unknown province 'ON'", id="unknown-province"),
        pytest.param(_bad(partner="NOPE"), "unknown certifying partner 'NOPE' for AB", id="unknown-partner"),
        pytest.param(
            _bad(as_of="2026-02-30"), "as_of: not a date (expected YYYY-MM-DD): '2026-02-30'", id="bad-date"
        ),
        pytest.param(_bad(as_of=None), "as_of: missing required field", id="missing-as-of"),
        pytest.param(_bad(province=None), "province: missing required field", id="missing-province"),
        pytest.param(
            _bad(people=[{"id": "x", "category": "boss"}]),
            "people[0].category: unknown category 'boss'",
            id="bad-category",
        ),
        pytest.param(
            _bad(people=[{"id": "x", "category": "owner", "start": "01/02/2024"}]),
            "people[0].start: not a date",
            id="bad-person-date",
        ),
        pytest.param(
            _bad(training=[{"person_id": "zz", "course": "PHSM", "completed_on": "2025-01-01"}]),
            "training[0].person_id: unknown person 'zz'",
            id="unknown-person",
        ),
        pytest.param(
            _bad(training=[{"person_id": "p1", "course": "XYZ", "completed_on": "2025-01-01"}]),
            "training[0].course: unknown course 'XYZ' for ACSA",
            id="unknown-course",
        ),
        pytest.param(
            _bad(annual_payroll_hours="lots"), "annual_payroll_hours: expected a number", id="wrong-type"
        ),
        pytest.param(_bad(has_membership="yes"), "has_membership: expected true or false", id="wrong-bool"),
        pytest.param(
            _bad(key_dates={"certifed_on": "2025-01-01"}),
            "key_dates: unknown field(s) certifed_on",
            id="typo-in-key-dates",
        ),
        pytest.param(_bad(colour="blue"), "unknown field(s) colour", id="unknown-top-level-field"),
        pytest.param(
            _bad(audit={"kind": "final", "elements": []}), "audit.kind: expected one of", id="bad-audit-kind"
        ),
        pytest.param(
            _bad(audit={"kind": "maintenance", "elements": [{"name": "A", "awarded": 11, "available": 10}]}),
            "audit.elements[0].awarded: 11.0 is more than the 10.0 available",
            id="awarded-more-than-available",
        ),
    ],
)
def test_malformed_input_is_one_clear_line(stdin: str, message: str) -> None:
    code, out, err = _run(["evaluate", "-"], stdin)
    assert code == 2
    assert out == ""
    assert message in err
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_missing_file_and_usage() -> None:
    code, _, err = _run(["evaluate", "/nonexistent/s.json"])
    assert code == 2
    assert "cannot read /nonexistent/s.json" in err
    code, _, err = _run([])
    assert code == 2
    assert err.startswith("usage:")
    code, _, err = _run(["frobnicate", "-"])
    assert code == 2
    assert err.startswith("usage:")


def test_dates_outside_the_supported_range_are_refused() -> None:
    import pytest

    from provinces import ScenarioError, scenario_from_dict

    for bad in ("0001-01-01", "1899-12-31", "2200-01-01"):
        with pytest.raises(ScenarioError, match="outside the supported range"):
            scenario_from_dict({"province": "AB", "partner": "ACSA", "as_of": bad})
    assert scenario_from_dict({"province": "AB", "partner": "ACSA", "as_of": "1900-01-01"}).as_of.year == 1900
