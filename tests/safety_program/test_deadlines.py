"""Schedules, corrective actions and document reviews become deadlines in the reminders pipeline."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safety_program import models as m
from safety_program.defaults import apply_defaults
from secor.reminders.models import Deadline
from secor.reminders.services import refresh_deadlines
from tests import factories as f

pytestmark = pytest.mark.django_db


def open_deadlines(employer, kind):
    return list(
        Deadline.objects.filter(employer=employer, kind=kind, resolved_at__isnull=True).values_list(
            "due", "met"
        )
    )


def test_a_missed_meeting_is_an_overdue_deadline_and_the_next_meeting_resolves_it():
    employer = f.EmployerFactory()
    m.ActivitySchedule.objects.create(
        employer=employer, activity="meeting", every=1, unit="month", starts_on=dt.date(2025, 1, 1)
    )
    m.SafetyMeeting.objects.create(employer=employer, occurred_on=dt.date(2025, 1, 10), topics="Ladders")
    refresh_deadlines(employer_ids=[employer.pk], today=dt.date(2025, 2, 10))
    assert open_deadlines(employer, "program_meeting") == [(dt.date(2025, 2, 10), None)]  # due today
    refresh_deadlines(employer_ids=[employer.pk], today=dt.date(2025, 2, 11))
    assert open_deadlines(employer, "program_meeting") == [(dt.date(2025, 2, 10), False)]  # overdue
    row = Deadline.objects.get(employer=employer, kind="program_meeting")
    assert row.title == "Safety meeting or toolbox talk (every month)"
    m.SafetyMeeting.objects.create(employer=employer, occurred_on=dt.date(2025, 2, 12), topics="Heat")
    refresh_deadlines(employer_ids=[employer.pk], today=dt.date(2025, 2, 12))
    assert open_deadlines(employer, "program_meeting") == [(dt.date(2025, 3, 12), None)]
    row.refresh_from_db()
    assert row.resolved_at is not None


def test_inspection_schedules_count_only_their_own_kind():
    employer = f.EmployerFactory()
    site = m.InspectionKind.objects.create(employer=employer, name="Site")
    vehicle = m.InspectionKind.objects.create(employer=employer, name="Vehicle")
    m.ActivitySchedule.objects.create(
        employer=employer,
        activity="inspection",
        inspection_kind=site,
        every=2,
        unit="week",
        starts_on=dt.date(2025, 1, 1),
    )
    m.Inspection.objects.create(employer=employer, kind=vehicle, occurred_on=dt.date(2025, 1, 10))
    refresh_deadlines(employer_ids=[employer.pk], today=dt.date(2025, 1, 20))
    assert open_deadlines(employer, "program_inspection") == [(dt.date(2025, 1, 15), False)]
    m.Inspection.objects.create(employer=employer, kind=site, occurred_on=dt.date(2025, 1, 20))
    refresh_deadlines(employer_ids=[employer.pk], today=dt.date(2025, 1, 20))
    assert open_deadlines(employer, "program_inspection") == [(dt.date(2025, 2, 3), None)]


def test_open_corrective_actions_are_deadlines_until_closed():
    employer = f.EmployerFactory()
    action = m.CorrectiveAction.objects.create(
        employer=employer, title="Tie off ladder", opened_on=dt.date(2025, 3, 1), due_on=dt.date(2025, 3, 8)
    )
    refresh_deadlines(employer_ids=[employer.pk], today=dt.date(2025, 3, 9))
    assert open_deadlines(employer, "corrective_action") == [(dt.date(2025, 3, 8), False)]
    action.status, action.closed_on, action.closure_evidence = "closed", dt.date(2025, 3, 9), "Done"
    action.save()
    refresh_deadlines(employer_ids=[employer.pk], today=dt.date(2025, 3, 9))
    assert open_deadlines(employer, "corrective_action") == []


def test_document_review_is_due_a_year_after_approval():
    employer = f.EmployerFactory()
    doc = m.ProgramDocument.objects.create(employer=employer, kind="policy", title="Policy")
    m.DocumentVersion.objects.create(document=doc, version="1", approved_on=dt.date(2024, 3, 1))
    m.DocumentVersion.objects.create(document=doc, version="2", approved_on=dt.date(2025, 2, 1))
    refresh_deadlines(employer_ids=[employer.pk], today=dt.date(2025, 3, 1))
    assert open_deadlines(employer, "program_document_review") == [(dt.date(2026, 2, 1), None)]


def test_defaults_are_a_starting_template_and_idempotent():
    employer = f.EmployerFactory()
    created = apply_defaults(employer)
    assert len(created) == 7
    assert apply_defaults(employer) == []
    site = m.ChecklistTemplate.objects.get(employer=employer, inspection_kind__name="Site")
    assert "Ladders in good condition and secured" in site.items


def test_the_sweep_reads_the_program_in_a_constant_number_of_queries():
    def employers(n):
        out = []
        for _ in range(n):
            e = f.EmployerFactory()
            apply_defaults(e)
            m.SafetyMeeting.objects.create(employer=e, occurred_on=dt.date(2025, 1, 10), topics="x")
            m.CorrectiveAction.objects.create(
                employer=e, title="x", opened_on=dt.date(2025, 1, 1), due_on=dt.date(2025, 1, 5)
            )
            out.append(e.pk)
        return out

    few, many = employers(1), employers(4)
    counts = []
    for ids in (few, many):
        with CaptureQueriesContext(connection) as ctx:
            refresh_deadlines(employer_ids=ids, today=dt.date(2025, 2, 1))
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
