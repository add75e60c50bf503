"""Carry-over (audits/carryover.py): a maintenance audit starts from last year's accepted audit; carried answers
must each be confirmed or updated before submitting; evidence older than the partner's review window is
refused with the window's dates and source (boundary: the window's first day is in, the day before is out);
an instrument version change maps questions by their stable keys and lists what could not be carried."""

from __future__ import annotations

import datetime as dt

import pytest

from audits import carryover, services
from audits.models import Answer, Audit, Evidence, Instrument, InstrumentElement, Question
from secor.core.exceptions import ApplicationError
from tests.audits.factories import plan_payload
from tests.audits.helpers import TZ, at, submitted_audit

pytestmark = pytest.mark.django_db

NEXT_START, NEXT_END = dt.date(2027, 2, 1), dt.date(2027, 2, 5)
WINDOW_START = dt.date(2026, 2, 1)  # 12 months before the first day of data gathering


def _accepted(api):
    s, audit = submitted_audit(api)
    with at(dt.date(2026, 3, 12)):
        services.review_start(audit=audit, by=s.reviewer)
        services.review_accept(audit=audit, by=s.reviewer)
    audit.refresh_from_db()
    assert audit.status == "accepted"
    return s, audit


def _maintenance(api, s, *, starts_on=NEXT_START, ends_on=NEXT_END) -> Audit:
    with at(starts_on - dt.timedelta(days=3)):
        r = api(s.owner).post(
            "/api/audits/",
            plan_payload(s, kind="maintenance", starts_on=starts_on, ends_on=ends_on),
            format="json",
        )
    assert r.status_code == 201, r.json()
    return Audit.objects.get(pk=r.json()["id"])


def test_carried_answers_must_be_confirmed_or_updated_before_submitting(api, client):
    s, old = _accepted(api)
    new = _maintenance(api, s)
    assert carryover.can_carry(new)
    # the offer on the audit page
    with at(dt.date(2027, 1, 29)):
        client.force_login(s.owner)
        page = client.get(f"/audits/{new.pk}/").content.decode()
        assert "Start from your 2026 audit" in page
        assert "Carry over from 2026" in page
        assert client.post(f"/audits/{new.pk}/carry-over/").status_code == 302
    new.refresh_from_db()
    old_answers = {a.question.code: a for a in old.answers.select_related("question")}
    answers = list(new.answers.select_related("question"))
    assert len(answers) == len(old_answers)
    assert all(a.carry_state == "pending" and a.carried_from_year == 2026 for a in answers)
    assert all(a.score == old_answers[a.question.code].score for a in answers)
    copies = list(new.evidence.all())
    assert copies
    assert all(e.carried_from_id and e.first_revision is None for e in copies)
    assert {e.sha256 for e in copies} == set(old.evidence.values_list("sha256", flat=True))
    assert new.carry_report["from_year"] == 2026
    assert new.carry_report["not_carried"] == []
    # the question page says so
    q = answers[0].question
    with at(dt.date(2027, 2, 8)):
        client.force_login(s.owner)
        body = client.get(f"/audits/{new.pk}/questions/{q.pk}/").content.decode()
        assert "Carried over from 2026, confirm or update." in body
        # nothing submitted while carried answers are pending
        with pytest.raises(ApplicationError) as exc:
            services.audit_submit(audit=new, user=s.owner)
        assert "carried over from 2026: confirm or update" in exc.value.extra["answers"]
        # confirm all but one unchanged, update the last one
        *same, last = answers
        for a in same:
            services.answer_save(
                audit=new,
                question=a.question,
                user=s.owner,
                score=a.score if a.question.scoring_rule != "interview_percentage" else None,
                notes=a.notes,
                interviews_positive=a.interviews_positive,
                interviews_total=a.interviews_total,
            )
        with pytest.raises(ApplicationError) as exc:
            services.audit_submit(audit=new, user=s.owner)
        assert f"{last.question.code}: carried over from 2026" in exc.value.extra["answers"]
        services.answer_save(
            audit=new,
            question=last.question,
            user=s.owner,
            score=None if last.question.scoring_rule == "interview_percentage" else 0,
            notes="Changed this year",
            interviews_positive=3 if last.question.scoring_rule == "interview_percentage" else None,
            interviews_total=4 if last.question.scoring_rule == "interview_percentage" else None,
        )
        states = dict(new.answers.values_list("question__code", "carry_state"))
        assert states[last.question.code] == "changed"
        assert {v for k, v in states.items() if k != last.question.code} == {"confirmed"}
        revision = services.audit_submit(audit=new, user=s.owner)
    assert revision.number == 1
    # the carried files are in the submitted revision and the originals are untouched
    assert new.evidence.filter(first_revision=1).count() == len(copies)
    assert all(e.file.storage.exists(e.file.name) for e in old.evidence.all())


@pytest.mark.parametrize(
    ("uploaded", "carried"),
    [
        (WINDOW_START - dt.timedelta(days=1), False),
        (WINDOW_START, True),
        (WINDOW_START + dt.timedelta(days=1), True),
    ],
)
def test_evidence_older_than_the_review_window_is_refused_with_the_window(api, uploaded, carried):
    s, old = _accepted(api)
    first = old.evidence.order_by("pk").first()
    Evidence.objects.filter(pk=first.pk).update(
        uploaded_at=dt.datetime(uploaded.year, uploaded.month, uploaded.day, 9, tzinfo=TZ)
    )
    new = _maintenance(api, s)
    with at(dt.date(2027, 1, 29)):
        report = carryover.carry_over(audit=new, user=s.owner)
    assert new.evidence.filter(carried_from=first).exists() is carried
    assert report["window"]["starts_on"] == "2026-02-01"
    assert report["window"]["ends_on"] == "2027-02-05"
    assert "studylib.net" in report["window"]["sources"]  # the partner's 12-month rule, public source
    refused = [r for r in report["refused_evidence"] if r["file"] == first.original_name]
    if carried:
        assert refused == []
    else:
        [r] = refused
        assert "older than the review window (February 1, 2026 to February 5, 2027)" in r["reason"]
        assert "previous 12 months" in r["reason"]
    # the answer itself is carried either way
    assert new.answers.filter(question__code=first.question.code, carry_state="pending").exists()


def _new_version(old: Instrument) -> Instrument:
    """Version 2027.1: 1.2 renumbered 1.4 (same stable key), 1.3 removed, 2.1 worth more points, 9.9 new."""
    new = Instrument.objects.create(
        partner=old.partner,
        code=old.code,
        version="2027.1",
        program=old.program,
        title=old.title,
        description=old.description,
        effective_from=dt.date(2027, 1, 1),
        kinds=old.kinds,
        sources=old.sources,
        checksum="test-2027",
    )
    for element in old.elements.all():
        e = InstrumentElement.objects.create(instrument=new, number=element.number, name=element.name)
        for q in element.questions.all():
            if q.code == "1.3":
                continue
            Question.objects.create(
                element=e,
                code="1.4" if q.code == "1.2" else q.code,
                key=q.stable_key,
                order=q.order,
                text=q.text,
                methods=q.methods,
                points=q.points + 1 if q.code == "2.1" else q.points,
                scoring_rule=q.scoring_rule,
                evidence_checklist=q.evidence_checklist,
                minimum_interviews=q.minimum_interviews,
            )
    Question.objects.create(
        element=e,
        code="9.9",
        key="new-2027",
        order=99,
        text="New",
        methods=["documentation"],
        points=1,
        scoring_rule="all_or_nothing",
    )
    Instrument.objects.filter(pk=old.pk).update(is_current=False)
    return new


def test_instrument_version_change_maps_by_stable_key_and_lists_what_was_not_carried(api, client):
    s, old = _accepted(api)
    v2 = _new_version(old.instrument)
    new = _maintenance(api, s)
    assert new.instrument_id == v2.pk
    with at(dt.date(2027, 1, 29)):
        report = carryover.carry_over(audit=new, user=s.owner)
    assert "1.2 → 1.4" in report["carried"]
    renumbered = new.answers.get(question__code="1.4")
    assert renumbered.score == old.answers.get(question__code="1.2").score
    assert (
        new.evidence.filter(question__code="1.4").count() == old.evidence.filter(question__code="1.2").count()
    )
    not_carried = {n["question"]: n["reason"] for n in report["not_carried"]}
    assert not_carried["1.3"] == "Not in version 2027.1 of the instrument."
    assert not_carried["2.1"].startswith("Scored differently now")
    assert not new.answers.filter(question__code__in=["2.1", "9.9"]).exists()
    assert (report["from_version"], report["to_version"]) == ("2026.1", "2027.1")
    with at(dt.date(2027, 1, 29)):
        client.force_login(s.owner)
        page = client.get(f"/audits/{new.pk}/").content.decode()
    assert "Not carried (answer these again)" in page
    assert "Not in version 2027.1" in page
    assert (
        "matched by each question&#x27;s stable key" in page
        or "matched by each question's stable key" in page
    )


def test_only_a_fresh_maintenance_draft_with_an_accepted_audit_can_carry(api):
    s, audit = submitted_audit(api)  # submitted, not accepted: nothing to carry from
    with at(dt.date(2026, 3, 11)):
        services.review_start(audit=audit, by=s.reviewer)
        services.review_reject(audit=audit, by=s.reviewer, reason="Not enough records")
    from secor.certificates import services as ledger

    ledger.issue(  # a certificate held from before the product: maintenance allowed, no accepted audit here
        enrolment=s.enrolment,
        number="ACSA-OLD-1",
        issued_on=dt.date(2026, 1, 20),
        expires_on=dt.date(2029, 1, 20),
        reason="Records kept before the ledger",
        decided_as=ledger.Decider.RECORDS,
        notify=False,
    )
    new = _maintenance(api, s)
    assert not carryover.can_carry(new)
    with pytest.raises(ApplicationError):
        carryover.carry_over(audit=new, user=s.owner)
    assert not Answer.objects.filter(audit=new).exists()


def test_carrying_twice_is_refused_and_a_reviewer_cannot_carry(api):
    s, _old = _accepted(api)
    new = _maintenance(api, s)
    with at(dt.date(2027, 1, 29)):
        with pytest.raises(ApplicationError):
            carryover.carry_over(audit=new, user=s.reviewer)
        carryover.carry_over(audit=new, user=s.owner)
        count = new.answers.count()
        with pytest.raises(ApplicationError):
            carryover.carry_over(audit=new, user=s.owner)
    assert new.answers.count() == count


def test_program_records_cited_last_year_are_listed_with_this_years_record_window(api):
    from safety_program import models as m
    from safety_program.citation_models import CitedRecord

    s, old = _accepted(api)
    q = old.answers.select_related("question").first().question
    meeting = m.SafetyMeeting.objects.create(
        employer=s.employer, occurred_on=dt.date(2026, 2, 20), topics="Ladders"
    )
    CitedRecord.objects.bulk_create(  # cited with the accepted audit (bulk: the accepted audit is read-only)
        [
            CitedRecord(
                audit=old,
                question=q,
                record_kind=kind,
                record_id=pk,
                record_date=dt.date(2026, 2, 20),
                label=label,
                first_revision=1,
            )
            for kind, pk, label in [
                ("safety_meeting", meeting.pk, "Safety meeting 2026-02-20"),
                ("inspection", 987654, "Inspection 2026-02-20"),
            ]
        ]
    )
    new = _maintenance(api, s)
    with at(dt.date(2027, 1, 29)):
        report = carryover.carry_over(audit=new, user=s.owner)
    reasons = {r["record"]: r["reason"] for r in report["refused_records"]}
    # already reviewed with the 2026 audit: this audit's record window starts after that audit's data gathering
    assert (
        "outside this audit's record window (March 7, 2026 to February 5, 2027)"
        in reasons["Safety meeting 2026-02-20"]
    )
    assert "no longer exists" in reasons["Inspection 2026-02-20"]
    assert not CitedRecord.objects.filter(audit=new).exists()


def test_api_carries_over_and_shows_each_answers_carry_state(api):
    s, _old = _accepted(api)
    new = _maintenance(api, s)
    client = api(s.owner)
    with at(dt.date(2027, 1, 29)):
        r = client.post(f"/api/audits/{new.pk}/carry-over/")
        assert r.status_code == 200, r.json()
        body = r.json()
        assert body["carry_report"]["from_year"] == 2026
        assert body["carried_from"] == _old.pk
        answers = client.get(f"/api/audits/{new.pk}/answers/").json()
        assert answers
        assert {a["carry_state"] for a in answers} == {"pending"}
        assert {a["carried_from_year"] for a in answers} == {2026}
        again = client.post(f"/api/audits/{new.pk}/carry-over/")
        assert again.status_code == 400
        reviewer = api(s.reviewer).post(f"/api/audits/{new.pk}/carry-over/")
        assert reviewer.status_code in (403, 404)
