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


def test_review_page_lists_business_changes_since_the_previous_accepted_audit(api, client):
    """Boundaries around the previous audit's decision (2026-03-12 12:00): a change that took effect that day
    and was recorded before the decision is not listed; one recorded after it, or taking effect the day after,
    is. Read-only, with the verdict; another employer's change never shows."""
    from django.urls import reverse

    from secor.changes.models import BusinessChange
    from secor.changes.services import change_record
    from tests.audits.factories import answer_everything, plan_payload

    s, first = _accepted(api)
    decided = Audit.objects.get(pk=first.pk).decided_at

    def change(on: dt.date, recorded: dt.datetime, text: str) -> BusinessChange:
        with at(dt.date(2026, 3, 10)):
            c = change_record(
                employer=s.employer,
                user=s.owner,
                data={"kind": "owner", "effective_on": on, "description": text},
            )
        BusinessChange.objects.filter(pk=c.pk).update(recorded_at=recorded)
        return c

    before = change(dt.date(2026, 3, 12), decided - dt.timedelta(hours=2), "Known at the last audit")
    recorded_after = change(dt.date(2026, 3, 11), decided + dt.timedelta(hours=1), "Recorded late")
    effective_after = change(dt.date(2026, 3, 13), decided - dt.timedelta(days=11), "Planned ahead")
    other, _ = submitted_audit(api)
    with at(dt.date(2026, 3, 10)):
        change_record(
            employer=other.employer,
            user=other.owner,
            data={"kind": "owner", "effective_on": dt.date(2026, 6, 1), "description": "Someone else"},
        )

    with at(dt.date(2027, 2, 10)):
        owner = api(s.owner)
        r = owner.post(
            "/api/audits/",
            plan_payload(s, kind="maintenance", starts_on=dt.date(2027, 2, 1), ends_on=dt.date(2027, 2, 5)),
            format="json",
        )
        assert r.status_code == 201, r.json()
        second = Audit.objects.get(pk=r.json()["id"])
        answer_everything(owner, second)
        assert owner.post(f"/api/audits/{second.pk}/submit/").status_code == 201
        client.force_login(s.reviewer)
        html = client.get(f"/review/{second.pk}/").content.decode()
    section = html.split('id="business-changes"')[1].split("</section>")[0]
    assert "since the last accepted audit" in section
    assert "accepted on Mar 12, 2026" in section
    links = {
        reverse("changes:detail", args=[s.employer.pk, c.pk]): c
        for c in (before, recorded_after, effective_after)
    }
    shown = {url for url in links if f'href="{url}"' in section}
    assert shown == {
        reverse("changes:detail", args=[s.employer.pk, c.pk]) for c in (recorded_after, effective_after)
    }
    assert section.count("<tr") == 3  # header + the two changes since
    assert "Someone else" not in html
    assert f"{s.enrolment.partner.name}: " in section  # the verdict per partner
    assert "<form" not in section  # read-only

    # the first audit's review page (no earlier accepted audit) lists every change of the employer
    html = client.get(f"/review/{first.pk}/").content.decode()
    section = html.split('id="business-changes"')[1].split("</section>")[0]
    assert "no earlier accepted audit" in section
    assert section.count("<tr") == 4
