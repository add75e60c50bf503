"""The certification timeline (secor/web/timeline.py): every milestone with its date or due date and state, on
the dashboard beside the headcount chart (SVG + a table behind it) and in the readiness PDF; states on the day
before, of and after a due date; audits planned, submitted and decided."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from provinces import base as rules
from secor.accounts.models import EmployerMembership
from secor.certificates import services as ledger
from secor.status import services
from secor.web.timeline import _audit_milestones, _deadline_state, timeline_svg
from tests import factories as f

NOON = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


def _deadline(kind: str, due: dt.date, met=None) -> rules.Deadline:
    return rules.Deadline(kind=kind, title=kind, due=due, consequence="", reference="", met=met)


@pytest.mark.parametrize(
    ("as_of", "state"),
    [(dt.date(2026, 2, 27), "due"), (dt.date(2026, 2, 28), "due"), (dt.date(2026, 3, 1), "overdue")],
)
def test_a_deadline_is_due_through_its_day_and_overdue_after(as_of, state):
    assert _deadline_state(_deadline("maintenance_audit", dt.date(2026, 2, 28)), as_of) == state


@pytest.mark.parametrize(
    ("as_of", "state"),
    [(dt.date(2024, 2, 28), "due"), (dt.date(2024, 2, 29), "done"), (dt.date(2024, 3, 1), "done")],
)
def test_a_not_before_date_is_done_once_reached_leap_day(as_of, state):
    assert _deadline_state(_deadline("history_minimum", dt.date(2024, 2, 29)), as_of) == state


def test_met_and_missed_deadlines():
    assert (
        _deadline_state(_deadline("recertification", dt.date(2020, 1, 1), met=True), dt.date(2026, 1, 1))
        == "done"
    )
    assert (
        _deadline_state(_deadline("recertification", dt.date(2030, 1, 1), met=False), dt.date(2026, 1, 1))
        == "missed"
    )


def _audit(pk, kind, status, starts_on, submitted=None, decided=None, **kw):
    return SimpleNamespace(
        pk=pk,
        kind=kind,
        status=status,
        starts_on=starts_on,
        first_submitted_on=submitted,
        decided_at=decided,
        outcome_verdict=kw.get("verdict", ""),
        review_due_on=kw.get("review_due_on"),
        corrections_due_on=kw.get("corrections_due_on"),
    )


def test_audits_planned_submitted_and_decided():
    as_of = dt.date(2026, 11, 23)
    rows = _audit_milestones(
        [
            _audit(
                1,
                "certification",
                "accepted",
                dt.date(2025, 1, 6),
                dt.date(2025, 1, 20),
                dt.datetime(2025, 2, 3, 15, tzinfo=dt.UTC),
                verdict="Passed: 86%",
            ),
            _audit(
                2,
                "maintenance",
                "in_review",
                dt.date(2026, 1, 5),
                dt.date(2026, 1, 19),
                review_due_on=dt.date(2026, 12, 1),
            ),
            _audit(3, "maintenance", "draft", dt.date(2027, 1, 4)),
            _audit(
                4,
                "maintenance",
                "corrections_requested",
                dt.date(2026, 6, 1),
                dt.date(2026, 6, 10),
                corrections_due_on=dt.date(2026, 11, 22),
            ),
        ],
        as_of,
    )
    got = [(m.title, m.on, m.state) for m in rows]
    assert ("Certification audit submitted", dt.date(2025, 1, 20), "done") in got
    assert ("Certification audit accepted", dt.date(2025, 2, 3), "done") in got
    assert ("Maintenance audit: partner's review", dt.date(2026, 12, 1), "open") in got
    assert ("Maintenance audit planned", dt.date(2027, 1, 4), "planned") in got
    assert not any(t.endswith("planned") and s == "open" for t, _, s in got)
    assert ("Maintenance audit: corrections to send", dt.date(2026, 11, 22), "overdue") in got


def test_svg_has_a_dot_per_dated_milestone_and_today_inside_the_axis():
    from secor.web.timeline import Milestone

    ms = [
        Milestone("a", "A", dt.date(2024, 1, 15), "done"),
        Milestone("b", "B", dt.date(2024, 1, 16), "done"),  # close: stacked above
        Milestone("c", "C", dt.date(2027, 3, 1), "due"),
        Milestone("d", "D", None, "todo"),
    ]
    svg = timeline_svg(ms, dt.date(2026, 11, 23))
    assert len(svg["dots"]) == 3
    assert svg["dots"][1]["y"] < svg["dots"][0]["y"]
    assert svg["left"] <= svg["today_x"] <= svg["right"]
    assert [t["label"] for t in svg["ticks"]] == ["2024", "2025", "2026", "2027", "2028"]
    assert svg["dots"][2]["hollow"]
    assert not svg["dots"][0]["hollow"]
    assert svg["summary"].startswith("2 of 4 milestones done; next: C on March 1, 2027")


@pytest.fixture
def certified_employer(db):
    return _certified(dt.date(2025, 12, 1))


def _certified(issued_on: dt.date):
    employer = f.EmployerFactory(legal_name="Timeline Roofing Ltd.", operating_name="Timeline Roofing")
    enrolment = f.EnrolmentFactory(
        employer=employer,
        registered_on=dt.date(2024, 1, 15),
        history_documented_since=dt.date(2024, 2, 1),
        status="in_progress",
    )
    f.WCBAccountFactory(employer=employer)
    f.OperatingProvinceFactory(employer=employer)
    f.PersonFactory(employer=employer, first_name="Ada", last_name="Roofer")
    ledger.issue(
        enrolment=enrolment,
        number="ACSA-AB-2025-00042",
        issued_on=issued_on,
        expires_on=issued_on.replace(year=issued_on.year + 3),
        reason="Issued by accepted certification audit",
        decided_as=ledger.Decider.AUDIT,
        notify=False,
    )
    user = f.UserFactory(email="tl@example.com")
    EmployerMembership.objects.create(user=user, employer=employer, role=EmployerMembership.Role.ADMIN)
    return employer, user


@time_machine.travel(NOON, tick=False)
def test_dashboard_shows_every_milestone_beside_the_chart(client, certified_employer):
    employer, user = certified_employer
    services.recompute([employer.pk])
    client.force_login(user)
    cache.clear()
    body = client.get(reverse("web:dashboard")).content.decode()
    start = body.index('id="timeline-h"')
    section = body[start : body.index("</section>", start)]
    # the picture, with a text alternative, and the table behind it
    assert 'role="img" aria-labelledby="tl-title tl-desc"' in section
    assert "<caption" in section
    assert "Certification milestones" in section
    for words in (
        "Registered with the certifying partner",
        "Jan 15, 2024",
        "Safety program documented since",
        "Feb 1, 2024",
        "Required training",
        "Certificate issued",
        "Dec 1, 2025",
        "ACSA-AB-2025-00042",
        "Maintenance audit, year 2",
        "due Dec 1, 2026",
        "Maintenance audit, year 3",
        "due Dec 1, 2027",
        "Recertification audit",
        "Certificate expires",
        "Dec 1, 2028",
    ):
        assert words in section, words
    assert '<tr class="tl-missed">' not in section
    # the headcount chart with its limit sits in the same card
    assert 'id="chart-h"' in section
    assert "Limit: 10" in section
    assert "Record a business change" in section


@time_machine.travel(NOON, tick=False)
def test_readiness_pdf_has_the_timeline(client, certified_employer):
    import subprocess

    from secor.reports.pdf import readiness_context, render_pdf

    employer, user = certified_employer
    services.recompute([employer.pk])
    pdf = render_pdf("pdf/readiness.html", readiness_context(employer, user=user))
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Certification timeline" in text
    assert "Certificate issued" in text
    assert "Maintenance audit, year 2" in text
    assert "Certificate expires" in text


@time_machine.travel(NOON, tick=False)
def test_a_missed_maintenance_audit_shows_the_certificate_lost(client, db):
    """Issued Mar 3, 2025 (ACSA, anniversary): year 2 was due Mar 3, 2026 and nothing was accepted."""
    employer, user = _certified(dt.date(2025, 3, 3))
    services.recompute([employer.pk])
    client.force_login(user)
    cache.clear()
    body = client.get(reverse("web:dashboard")).content.decode()
    start = body.index('id="timeline-h"')
    section = body[start : body.index("</section>", start)]
    assert '<tr class="tl-missed">' in section
    missed = section[section.index('<tr class="tl-missed">') :]
    assert "Mar 3, 2026" in missed[:400] or "Mar 4, 2026" in missed[:400]
    assert "due Mar 3, 2028" not in section  # no expiry promised for a certificate not held


def test_one_line_per_loss_of_the_certificate():
    from secor.web.timeline import certification_timeline

    enrolment = SimpleNamespace(
        pk=0,
        registered_on=dt.date(2022, 6, 1),
        history_documented_since=None,
        milestone1_completed_on=None,
        issued_on=dt.date(2023, 8, 1),
        expires_on=dt.date(2026, 8, 1),
    )
    cert = {
        "held": False,
        "label": "Certificate lapsed",
        "not_held_since": "2026-08-01",
        "reason": "Expired without recertification.",
        "way_back": "Start certification again.",
        "rule": {"reference": "https://scsaonline.ca/programs/secor"},
        "events": [{"kind": "lapsed", "on": "2026-08-01", "reason": ""}],
    }
    evaluation = SimpleNamespace(
        training=SimpleNamespace(requirements=(), satisfied=True), deadlines=(), certificate=cert
    )
    ledger_row = SimpleNamespace(
        pk=1,
        kind="lapsed",
        effective_on=dt.date(2026, 8, 1),
        certificate_id=None,
        expires_on=None,
        get_kind_display=lambda: "Certificate lapsed",
    )
    ms = certification_timeline(
        enrolment=enrolment,
        evaluation=evaluation,
        as_of=dt.date(2026, 11, 23),
        records=[],
        audits=[],
        ledger=[ledger_row],
    )
    on_day = [m for m in ms if m.on == dt.date(2026, 8, 1)]
    assert [(m.title, m.state) for m in on_day] == [("Certificate lapsed", "missed")]
    assert "Start certification again." in on_day[0].detail
    assert on_day[0].reference == "https://scsaonline.ca/programs/secor"
