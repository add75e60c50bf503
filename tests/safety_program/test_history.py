"""Implementation history derived from the records: per element, the program as a whole, the key date the
rules engine reads, and the typed date as a declared override."""

from __future__ import annotations

import datetime as dt

import pytest

from safety_program import models as m
from safety_program.history import activities_for, element_rows, history_summary, key_dates_for
from safety_program.state import program_state
from secor.employers.evaluation import evaluate_employer
from tests import factories as f

pytestmark = pytest.mark.django_db


def monthly(employer, activity, since: dt.date, months: int, model, **extra):
    m.ActivitySchedule.objects.create(
        employer=employer, activity=activity, every=1, unit="month", starts_on=since, **extra.pop("sched", {})
    )
    for i in range(months):
        model.objects.create(employer=employer, occurred_on=since + dt.timedelta(days=28 * i), **extra)


def build(history_typed=None):
    employer = f.EmployerFactory()
    enrolment = f.EnrolmentFactory(employer=employer, history_documented_since=history_typed)
    kind = m.InspectionKind.objects.create(employer=employer, name="Site")
    monthly(employer, "meeting", dt.date(2025, 1, 6), 6, m.SafetyMeeting, topics="x")
    monthly(
        employer,
        "inspection",
        dt.date(2025, 3, 3),
        4,
        m.Inspection,
        kind=kind,
        sched={"inspection_kind": kind},
    )
    return employer, enrolment


def test_element_names_map_to_activities():
    assert activities_for("Workplace Inspections") == ("inspection",)
    assert activities_for("Hazard Identification & Assessment") == ("hazard_assessment",)
    assert activities_for("Management Leadership & Organizational Commitment") == ("meeting",)
    assert activities_for("Emergency Preparedness") == ("drill",)
    assert activities_for("Program Administration") == ()


def test_program_is_implemented_since_its_latest_started_activity():
    employer, enrolment = build()
    state = program_state(employer, dt.date(2025, 6, 20))
    starts = {s.activity: s.since for s in state.schedules}
    assert starts == {"meeting": dt.date(2025, 1, 6), "inspection": dt.date(2025, 3, 3)}
    assert state.implemented_since == dt.date(2025, 3, 3)
    rows = element_rows([(1, "Management Leadership"), (5, "Workplace Inspections"), (8, "Admin")], state)
    assert [(r.number, r.since, r.derived) for r in rows] == [
        (1, dt.date(2025, 1, 6), True),
        (5, dt.date(2025, 3, 3), True),
        (8, None, False),
    ]
    summary = history_summary(enrolment, state)
    assert summary.derived_since == dt.date(2025, 3, 3)
    assert summary.months_implemented == 3
    assert summary.required_months == 3  # ACSA: three months before applying (rules engine)
    assert summary.earliest_application == dt.date(2025, 6, 3)
    assert not summary.is_declared


def test_a_missed_inspection_breaks_the_history():
    employer, enrolment = build()
    # last inspection 2025-05-26 (4 x 28 days from 03-03): due 06-26, overdue from 06-27
    assert program_state(employer, dt.date(2025, 6, 26)).implemented_since == dt.date(2025, 3, 3)
    state = program_state(employer, dt.date(2025, 6, 27))
    assert state.implemented_since is None
    [row] = element_rows([(5, "Workplace Inspections")], state)
    assert [s.label for s in row.overdue] == ["Site inspection"]


def test_the_engine_reads_the_derived_history_unless_a_date_was_typed():
    employer, enrolment = build()
    assert key_dates_for(employer, enrolment, dt.date(2025, 6, 20)) == {
        "history_documented_since": dt.date(2025, 3, 3)
    }
    evaluation = evaluate_employer(employer, as_of=dt.date(2025, 6, 20))
    history = [d for d in evaluation.deadlines if d.kind == "history_minimum"]
    assert [d.due for d in history] == [dt.date(2025, 6, 3)]

    typed, enrolment2 = build(history_typed=dt.date(2024, 1, 1))
    assert key_dates_for(typed, enrolment2, dt.date(2025, 6, 20)) == {}
    summary = history_summary(enrolment2, program_state(typed, dt.date(2025, 6, 20)))
    assert summary.is_declared
    assert summary.used_since == dt.date(2024, 1, 1)
    assert summary.derived_since == dt.date(2025, 3, 3)


def test_deleting_a_record_updates_the_stored_status():
    employer, _ = build()
    last = m.Inspection.objects.filter(employer=employer).order_by("-occurred_on").first()
    last.soft_delete()
    state = program_state(employer, dt.date(2025, 6, 20))
    assert next(s for s in state.schedules if s.activity == "inspection").last_done == dt.date(2025, 4, 28)
