"""Planning rules from the engine: BC notice, documented history, auditor training; scoring rules;
instrument reference data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

import provinces
from audits.models import Instrument, Question
from audits.scoring import compute_score
from tests.audits.factories import enrolled_employer, plan_payload
from tests.audits.helpers import at


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("notice_days", "ok"), [pytest.param(13, False, id="13-days"), pytest.param(14, True, id="14-days")]
)
def test_bc_notice_of_audit_activity(api, notice_days, ok):
    s = enrolled_employer("GO2HR")
    start = dt.date(2026, 3, 20)
    payload = plan_payload(s, kind="certification", starts_on=start)
    payload["notice_sent_on"] = (start - dt.timedelta(days=notice_days)).isoformat()
    r = api(s.owner).post("/api/audits/", payload, format="json")
    if ok:
        assert r.status_code == 201, r.json()
    else:
        assert r.status_code == 400
        assert "2026-03-21 at the earliest" in r.json()["starts_on"]


@pytest.mark.django_db
def test_bc_notice_required(api):
    s = enrolled_employer("GO2HR")
    payload = plan_payload(s, kind="certification", starts_on=dt.date(2026, 3, 20))
    del payload["notice_sent_on"]
    r = api(s.owner).post("/api/audits/", payload, format="json")
    assert r.status_code == 400
    assert "Notice of Audit Activity" in r.json()["notice_sent_on"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "ok"),
    [
        pytest.param(dt.date(2026, 3, 31), False, id="day-before"),
        pytest.param(dt.date(2026, 4, 1), True, id="on-the-day"),
    ],
)
def test_documented_history_minimum(api, start, ok):
    s = enrolled_employer("ACSA")
    s.enrolment.history_documented_since = dt.date(2026, 1, 1)  # ACSA: 3 months before applying
    s.enrolment.save()
    r = api(s.owner).post(
        "/api/audits/", plan_payload(s, kind="certification", starts_on=start), format="json"
    )
    assert (r.status_code == 201) is ok, r.json()
    if not ok:
        assert "2026-04-01 at the earliest" in r.json()["starts_on"]


@pytest.mark.django_db
def test_auditor_must_hold_partner_training_at_start(api):
    s = enrolled_employer("ACSA", train=False)
    r = api(s.owner).post(
        "/api/audits/", plan_payload(s, kind="certification", starts_on=dt.date(2026, 3, 2)), format="json"
    )
    assert r.status_code == 400
    assert "Principles of Health" in r.json()["auditor_person"]
    # training completed after the start does not count
    from training.models import Course, TrainingRecord

    TrainingRecord.objects.create(
        person=s.auditor,
        course=Course.objects.get(partner=s.enrolment.partner, code="PHSM"),
        completed_on=dt.date(2026, 3, 3),
    )
    r = api(s.owner).post(
        "/api/audits/", plan_payload(s, kind="certification", starts_on=dt.date(2026, 3, 2)), format="json"
    )
    assert r.status_code == 400
    r = api(s.owner).post(
        "/api/audits/", plan_payload(s, kind="certification", starts_on=dt.date(2026, 3, 3)), format="json"
    )
    assert r.status_code == 201, r.json()


@pytest.mark.django_db
def test_sk_auditor_voided_without_certification_and_expired(api):
    from training.models import TrainingRecord

    s = enrolled_employer("SCSA")
    TrainingRecord.objects.filter(person=s.auditor, course__code="SCSA_AUDITOR_CERT").delete()
    r = api(s.owner).post(
        "/api/audits/", plan_payload(s, kind="certification", starts_on=dt.date(2026, 3, 2)), format="json"
    )
    assert r.status_code == 400
    assert "void" in r.json()["auditor_person"]
    # a Safety Auditor Training of 2022 (valid 36 months) has expired by 2026
    s2 = enrolled_employer("SCSA")
    TrainingRecord.objects.filter(person=s2.auditor).update(
        completed_on=dt.date(2022, 1, 10), expires_on=None
    )
    for rec in TrainingRecord.objects.filter(person=s2.auditor):
        rec.save()
    r = api(s2.owner).post(
        "/api/audits/", plan_payload(s2, kind="certification", starts_on=dt.date(2026, 3, 2)), format="json"
    )
    assert r.status_code == 400


@pytest.mark.django_db
def test_maintenance_needs_a_certificate(api):
    s = enrolled_employer("ACSA")
    r = api(s.owner).post(
        "/api/audits/", plan_payload(s, kind="maintenance", starts_on=dt.date(2026, 3, 2)), format="json"
    )
    assert r.status_code == 400
    assert "certificate in force" in r.json()["kind"]


@pytest.mark.django_db
def test_submission_refused_until_ready(api):
    s = enrolled_employer("ACSA")
    with at(dt.date(2026, 3, 10)):
        r = api(s.owner).post(
            "/api/audits/",
            plan_payload(s, kind="certification", starts_on=dt.date(2026, 3, 2)),
            format="json",
        )
        audit_id = r.json()["id"]
        r = api(s.owner).post(f"/api/audits/{audit_id}/submit/")
    assert r.status_code == 400
    body = r.json()
    assert "ends_on" in body
    assert "not answered" in body["answers"]


@pytest.mark.django_db
def test_readiness_names_failing_elements(api):
    s = enrolled_employer("ACSA")
    with at(dt.date(2026, 3, 10)):
        audit_id = (
            api(s.owner)
            .post(
                "/api/audits/",
                plan_payload(s, kind="certification", starts_on=dt.date(2026, 3, 2)),
                format="json",
            )
            .json()["id"]
        )
        q = Question.objects.filter(element__instrument__audits=audit_id, element__number=1, code="1.1").get()
        api(s.owner).post(
            f"/api/audits/{audit_id}/answers/", {"question": q.pk, "score": str(q.points)}, format="json"
        )
        r = api(s.owner).get(f"/api/audits/{audit_id}/readiness/").json()
    assert r["would_pass"] is False
    assert r["ready"] is False
    failing = {e["number"]: e for e in r["failing_elements"]}
    assert 1 in failing
    assert "below the 50% element minimum" in failing[1]["why"]
    assert 2 in failing  # nothing answered in element 2


def _q(rule, points="3", minimum=None):
    return Question(
        scoring_rule=rule, points=Decimal(points), methods=["interview"], minimum_interviews=minimum
    )


@pytest.mark.parametrize(
    ("rule", "score", "pos", "total", "expected"),
    [
        pytest.param("all_or_nothing", Decimal("3"), None, None, Decimal("3"), id="aon-full"),
        pytest.param("all_or_nothing", Decimal("0"), None, None, Decimal("0"), id="aon-zero"),
        pytest.param("range", Decimal("1.5"), None, None, Decimal("1.5"), id="range-half"),
        pytest.param("interview_percentage", None, 8, 10, Decimal("2.40"), id="interview-8-of-10"),
    ],
)
def test_compute_score(rule, score, pos, total, expected):
    assert compute_score(_q(rule), score, pos, total) == expected


@pytest.mark.parametrize(
    ("rule", "score", "pos", "total", "field"),
    [
        pytest.param("all_or_nothing", Decimal("2"), None, None, "score", id="aon-partial"),
        pytest.param("range", Decimal("3.5"), None, None, "score", id="range-over"),
        pytest.param("range", Decimal("1.2"), None, None, "score", id="range-step"),
        pytest.param(
            "interview_percentage", None, 5, 4, "interviews_positive", id="more-positive-than-asked"
        ),
        pytest.param("interview_percentage", None, 1, 1, "interviews_total", id="below-minimum"),
    ],
)
def test_compute_score_errors(rule, score, pos, total, field):
    with pytest.raises(ValidationError) as exc:
        compute_score(_q(rule, minimum=2), score, pos, total)
    assert field in exc.value.message_dict


@pytest.mark.django_db
def test_instruments_loaded_and_match_engine():
    by_partner = {i.partner.code: i for i in Instrument.objects.select_related("partner")}
    assert {"ACSA", "SCSA", "GO2HR"} <= set(by_partner)
    for code, instrument in by_partner.items():
        profile = provinces.get_partner(instrument.partner.province, code)
        elements = list(instrument.elements.values_list("name", flat=True))
        assert len(elements) == len(profile.audit_elements), code
        assert "not public" in instrument.description or "not confirmed" in instrument.description
        for q in Question.objects.filter(element__instrument=instrument):
            assert q.methods
            assert q.points > 0
            assert q.scoring_rule
    assert list(by_partner["ACSA"].elements.values_list("name", flat=True)) == list(
        provinces.get_partner("AB", "ACSA").audit_elements
    )
    assert list(by_partner["GO2HR"].elements.values_list("name", flat=True)) == list(
        provinces.get_partner("BC", "GO2HR").audit_elements
    )


@pytest.mark.django_db
def test_published_version_cannot_change_in_place(api, tmp_path):
    from audits.reference import INSTRUMENT_DIR, InstrumentVersionError, load_instruments

    s = enrolled_employer("ACSA")
    api(s.owner).post(
        "/api/audits/", plan_payload(s, kind="certification", starts_on=dt.date(2026, 3, 2)), format="json"
    )
    for path in INSTRUMENT_DIR.glob("*.yaml"):
        (tmp_path / path.name).write_text(path.read_text())
    assert load_instruments(tmp_path) == 0  # unchanged files: nothing to do
    f = tmp_path / "ab-acsa-secor.yaml"
    f.write_text(f.read_text().replace("Is there a written health and safety policy", "Is there a policy"))
    with pytest.raises(InstrumentVersionError):
        load_instruments(tmp_path)
