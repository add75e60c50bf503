"""Committed per-province snapshots (like python-holidays' snapshots/countries/CA_AB.json).

Each ``snapshots/<CODE>.json`` holds a scenario and its full evaluation. A rule change shows up as a snapshot
diff to review. Regenerate with ``SECOR_UPDATE_SNAPSHOTS=1 pytest tests/provinces/test_snapshots.py``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from provinces import evaluate, scenario_from_dict

SNAPSHOTS = Path(__file__).parent / "snapshots"

SCENARIOS: dict[str, dict[str, object]] = {
    "AB": {
        "province": "AB",
        "partner": "ACSA",
        "as_of": "2026-11-22",
        "employer_name": "Prairie Roofing Ltd.",
        "people": [
            {
                "id": "ann",
                "name": "Ann Owner",
                "category": "owner",
                "start": "2019-04-01",
                "roles": ["assessor"],
            },
            {"id": "bob", "name": "Bob Foreman", "category": "full_time_permanent", "start": "2020-02-03"},
            {
                "id": "cy",
                "name": "Cy Helper",
                "category": "part_time",
                "start": "2024-05-01",
                "end": "2026-09-30",
            },
            {"id": "dee", "name": "Dee Supplier", "category": "supplier_visitor", "start": "2025-01-01"},
        ],
        "training": [
            {"person_id": "ann", "course": "PHSM", "completed_on": "2023-10-02"},
            {"person_id": "bob", "course": "CSTS", "completed_on": "2023-10-05"},
            {"person_id": "bob", "course": "SFA", "completed_on": "2024-01-15"},
        ],
        "key_dates": {
            "history_documented_since": "2023-11-01",
            "certified_on": "2024-03-15",
            "maintenance_year2_submitted_on": "2025-03-01",
            # year 3 submitted too: the certificate is held (missed, it would be cancelled on 2026-03-16 and
            # the schedule would be gone; tests/provinces/test_scenarios.py covers that)
            "maintenance_year3_submitted_on": "2026-03-01",
        },
        "audit": {
            "kind": "maintenance",
            "elements": [
                {"name": "Hazard Identification & Assessment", "awarded": 18, "available": 20},
                {"name": "Workplace Inspections", "awarded": 9, "available": 10},
            ],
        },
        "annual_premium": 18000,
    },
    "SK": {
        "province": "SK",
        "partner": "SCSA",
        "as_of": "2026-11-22",
        "wcb_account": "1234567",
        "people": [
            {
                "id": "sam",
                "name": "Sam Lead",
                "category": "full_time_permanent",
                "start": "2018-01-01",
                "province": "SK",
                "wcb_account": "1234567",
            },
            {"id": "sub", "name": "Sub Electric", "category": "subcontractor", "start": "2025-06-01"},
        ]
        + [{"id": f"w{i}", "category": "full_time_permanent", "start": "2022-01-01"} for i in range(7)],
        "training": [
            {"person_id": "sam", "course": "SCSA_SM", "completed_on": "2025-09-10"},
            {"person_id": "sam", "course": "SCSA_SAT", "completed_on": "2025-10-20"},
            {"person_id": "sam", "course": "SCSA_LSE", "completed_on": "2025-11-05"},
        ],
        "key_dates": {"registered_on": "2025-08-31"},
    },
    "BC": {
        "province": "BC",
        "partner": "GO2HR",
        "as_of": "2026-11-22",
        "annual_payroll_hours": 35000,
        "people": [
            {
                "id": "cat",
                "name": "Cat Champion",
                "category": "full_time_permanent",
                "start": "2021-03-01",
                "roles": ["safety_champion"],
            }
        ],
        "training": [{"person_id": "cat", "course": "GO2HR_SECOR_IAT", "completed_on": "2026-03-02"}],
        "key_dates": {"planned_audit_start": "2026-12-07", "history_documented_since": "2026-01-01"},
        "annual_premium": 1200,
    },
    "MB": {
        "province": "MB",
        "partner": "CSAM",
        "as_of": "2026-11-22",
        "people": [
            {"id": f"w{i}", "category": "full_time_permanent", "start": "2021-01-01"} for i in range(6)
        ],
        "key_dates": {"registered_on": "2025-08-31", "history_documented_since": "2026-01-15"},
        "annual_premium": 30000,
    },
}


@pytest.mark.parametrize("code", sorted(SCENARIOS))
def test_snapshot(code: str) -> None:
    path = SNAPSHOTS / f"{code}.json"
    actual = {
        "scenario": SCENARIOS[code],
        "evaluation": evaluate(scenario_from_dict(SCENARIOS[code])).to_dict(),
    }
    if os.environ.get("SECOR_UPDATE_SNAPSHOTS") or not path.exists():
        path.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert actual == expected, f"{path.name} changed: review and regenerate with SECOR_UPDATE_SNAPSHOTS=1"
