"""The reviewer workspace pages: open/decided/all lists with search and human status labels, per-question
note errors in their row, revision differences; the employer's question page keeps the user on the question;
a failed submit shows no field names."""

from __future__ import annotations

import datetime as dt

import pytest

from audits import services
from audits.models import Audit, Question, ReviewNote
from tests.audits.helpers import at, submitted_audit

pytestmark = pytest.mark.django_db


def _accepted(api):
    s, audit = submitted_audit(api)
    with at(dt.date(2026, 3, 12)):
        services.review_start(audit=audit, by=s.reviewer)
        services.review_accept(audit=Audit.objects.get(pk=audit.pk), by=s.reviewer)
    return s, audit


def test_decided_audits_can_be_found_by_status_outcome_and_name(api, client):
    s, audit = _accepted(api)
    client.force_login(s.reviewer)
    name = s.employer.display_name
    assert name not in client.get("/review/").content.decode().split("<tbody>")[1]
    for url in (
        "/review/?status=accepted",
        "/review/?view=decided",
        "/review/?view=all",
        "/review/?view=decided&outcome=passed",
        f"/review/?view=all&q={audit.pk}",
        f"/review/?view=all&q={name[:5].lower()}",
        "/review/?view=decided&decided_from=2026-03-12&decided_to=2026-03-12",
    ):
        body = client.get(url).content.decode()
        assert name in body, url
    for url in (
        "/review/?view=decided&outcome=failed",
        "/review/?view=decided&decided_from=2026-03-13",
        "/review/?view=all&q=nobody-like-this",
    ):
        assert name not in client.get(url).content.decode().split("<tbody>")[1], url


def test_status_filter_shows_words_not_codes(api, client):
    s, _ = submitted_audit(api)
    client.force_login(s.reviewer)
    body = client.get("/review/").content.decode()
    assert ">In review</option>" in body
    assert ">Accepted</option>" in body
    assert ">in_review<" not in body
    assert ">corrections_requested<" not in body


def test_bad_filter_dates_are_reported_next_to_the_field(api, client):
    s, _ = submitted_audit(api)
    client.force_login(s.reviewer)
    r = client.get("/review/?view=all&submitted_from=2026-03-10&submitted_to=2026-03-01")
    assert r.status_code == 200
    assert 'id="field-submitted_to"' in r.content.decode()
    assert "before the start of the range" in r.content.decode()


def test_queue_pages_fifty_at_a_time_with_constant_queries(api, client, django_assert_max_num_queries):
    s, audit = submitted_audit(api)
    client.force_login(s.reviewer)
    with django_assert_max_num_queries(12):
        r = client.get("/review/?view=all")
    assert r.context["page"].paginator.per_page == 50


def test_empty_question_note_error_is_shown_in_that_questions_row(api, client):
    s, audit = submitted_audit(api)
    services.review_start(audit=audit, by=s.reviewer)
    q = Question.objects.filter(element__instrument=audit.instrument).order_by("element__number", "order")[2]
    client.force_login(s.reviewer)
    r = client.post(f"/review/{audit.pk}/note/", {"question": q.pk, "kind": "actionable", "text": ""})
    assert r.status_code == 400
    html = r.content.decode()
    row = html.split(f'id="rq-{q.pk}"')[1].split("</tr>")[0]
    assert "This field is required." in row
    general = html.split('id="general-note"')[1]
    assert "This field is required." not in general.split("</form>")[0]


def test_revision_two_marks_what_changed_since_revision_one(api, client):
    s, audit = submitted_audit(api)
    with at(dt.date(2026, 3, 12)):
        services.review_start(audit=audit, by=s.reviewer)
        q = (
            Question.objects.filter(element__instrument=audit.instrument)
            .exclude(scoring_rule="interview_percentage")
            .order_by("element__number", "order")
            .first()
        )
        services.review_add_note(
            audit=audit, by=s.reviewer, kind=ReviewNote.Kind.ACTIONABLE, text="Fix", question=q.pk
        )
        services.review_request_corrections(audit=Audit.objects.get(pk=audit.pk), by=s.reviewer)
        audit.refresh_from_db()
        note = audit.notes.get()
        services.note_respond(note=note, user=s.owner, response="Done")
        services.answer_save(audit=audit, question=q, user=s.owner, score=0, notes="Lowered")
        services.audit_submit(audit=Audit.objects.get(pk=audit.pk), user=s.owner)
    client.force_login(s.reviewer)
    html = client.get(f"/audits/{audit.pk}/revisions/2/").content.decode()
    assert "Changes since revision 1" in html
    row = html.split(f'id="rq-{q.pk}"')[1].split("</tr>")[0]
    assert "changed" in row
    assert f"was {q.points}" in row
    assert "Lowered" in row
    h = [line for line in html.splitlines() if "<h1" in line or "<h2" in line or "<h3" in line]
    first_h3 = next(i for i, line in enumerate(h) if "<h3" in line)
    assert any("<h2" in line for line in h[:first_h3]), "an h3 comes before any h2"


def test_saving_an_answer_stays_on_the_question_and_next_moves_on(api, client):
    s, audit = submitted_audit(api, submit=False)
    qs = list(
        Question.objects.filter(element__instrument=audit.instrument)
        .exclude(scoring_rule="interview_percentage")
        .order_by("element__number", "order")
    )
    client.force_login(s.owner)
    order = list(
        Question.objects.filter(element__instrument=audit.instrument)
        .order_by("element__number", "order")
        .values_list("pk", flat=True)
    )
    q = qs[0]
    r = client.post(f"/audits/{audit.pk}/questions/{q.pk}/", {"score": "0"})
    assert r["Location"] == f"/audits/{audit.pk}/questions/{q.pk}/"
    r = client.post(f"/audits/{audit.pk}/questions/{q.pk}/", {"score": "0", "next": "1"})
    following = order[order.index(q.pk) + 1]
    assert r["Location"] == f"/audits/{audit.pk}/questions/{following}/"
    page = client.get(f"/audits/{audit.pk}/questions/{following}/").content.decode()
    assert f'href="/audits/{audit.pk}/questions/{q.pk}/" rel="prev"' in page


def test_failed_submit_lists_no_field_names(api, client):
    s, audit = submitted_audit(api, submit=False)
    q = Question.objects.filter(element__instrument=audit.instrument).first()
    audit.answers.filter(question=q).delete()
    client.force_login(s.owner)
    r = client.post(f"/audits/{audit.pk}/submit/", follow=True)
    html = r.content.decode()
    assert "The audit cannot be submitted yet." in html
    assert "answers:" not in html
    assert "ends_on" not in html
    assert "Answers: " in html
