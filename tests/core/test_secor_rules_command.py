"""``manage.py secor_rules evaluate FILE|-``: JSON in, JSON out, clear errors and no traceback."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCENARIO = {
    "province": "AB",
    "partner": "ACSA",
    "as_of": "2026-11-22",
    "people": [
        {"id": "owner", "category": "owner", "start": "2019-01-01", "hours_per_week": 45},
        {"id": "sup", "category": "supplier_visitor", "start": "2026-01-01"},
    ],
}


def run(*args, stdin=None):
    return subprocess.run(
        [sys.executable, "manage.py", "secor_rules", *args],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "1"},  # a developer's command: development mode, explicitly
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_evaluate_reads_a_file_and_prints_the_evaluation(tmp_path):
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(SCENARIO))
    result = run("evaluate", str(path))
    assert result.returncode == 0, result.stderr
    evaluation = json.loads(result.stdout)
    assert evaluation["eligibility"]["eligible"] is True
    assert evaluation["eligibility"]["count"] == 1  # the supplier does not count


def test_evaluate_reads_standard_input():
    result = run("evaluate", "-", stdin=json.dumps({**SCENARIO, "partner": "NOPE"}))
    assert result.returncode != 0
    assert "NOPE" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_date_is_a_clear_message():
    result = run("evaluate", "-", stdin=json.dumps({**SCENARIO, "as_of": "2026-02-30"}))
    assert result.returncode != 0
    assert "as_of" in result.stderr
    assert "Traceback" not in result.stderr
