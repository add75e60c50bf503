"""Notices of the review loop: who gets an in-app notice and an e-mail (text and HTML, with a link), with
the reviewer's message and the date to answer by; digests and mutes respected; never twice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from audits import services
from audits.deadlines import audit_deadlines
from audits.models import Audit, ReviewNote
from secor.reminders.models import Notification, NotificationPreference
from secor.reminders.services import deliver_digest, queue_digests
from tests.audits.factories import reviewer_for
from tests.audits.helpers import at, submitted_audit
from tests.factories import ConsultantAccessFactory, ConsultantFirmFactory, UserFactory

pytestmark = pytest.mark.django_db

MESSAGE = "Element 1 is missing the signed policy; resubmit within 15 days."


def _in_review_with_note(audit: Audit, reviewer) -> Audit:
    services.review_start(audit=audit, by=reviewer)
    services.review_add_note(
        audit=audit, by=reviewer, kind=ReviewNote.Kind.ACTIONABLE, text="Attach the signed policy."
    )
    audit.refresh_from_db()
    return audit


def _consultant_for(employer):
    firm = ConsultantFirmFactory()
    user = UserFactory(email="casey@consult.example", consultant_firm=firm)
    ConsultantAccessFactory(employer=employer, firm=firm)
    return user


def _mail_to(address: str):
    return [m for m in mail.outbox if m.to == [address]]


def test_corrections_request_notifies_employer_and_consultant_with_message_and_date(
    api, django_capture_on_commit_callbacks
):
    s, audit = submitted_audit(api)
    consultant = _consultant_for(s.employer)
    with at(dt.date(2026, 3, 12)):
        audit = _in_review_with_note(audit, s.reviewer)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.review_request_corrections(
                audit=audit, by=s.reviewer, message=MESSAGE, answer_by=dt.date(2026, 3, 27)
            )
    audit.refresh_from_db()
    assert audit.corrections_due_on == dt.date(2026, 3, 27)
    for user in (s.owner, consultant):
        notice = Notification.objects.get(user=user, kind="review_corrections")
        assert notice.title == f"Corrections requested – {s.employer.display_name}"
        assert MESSAGE in notice.body
        assert "Friday 27 March 2026" in notice.body
        assert notice.url == f"/audits/{audit.pk}/"
        assert notice.email_status == Notification.EmailStatus.SENT
        [message] = _mail_to(user.email)
        assert message.subject == notice.title
        assert MESSAGE in message.body
        assert (
            f"http://testserver/audits/{audit.pk}/" in message.body or f"/audits/{audit.pk}/" in message.body
        )
        html, mime = message.alternatives[0]
        assert mime == "text/html"
        assert "resubmit within 15 days" in html
        assert f"/audits/{audit.pk}/" in html
    # the reviewer who acted is not told of their own decision
    assert not Notification.objects.filter(user=s.reviewer, kind="review_corrections").exists()
    assert not _mail_to(s.reviewer.email)


def test_corrections_message_is_on_the_employer_audit_page(api, client):
    s, audit = submitted_audit(api)
    with at(dt.date(2026, 3, 12)):
        audit = _in_review_with_note(audit, s.reviewer)
        services.review_request_corrections(
            audit=audit, by=s.reviewer, message=MESSAGE, answer_by=dt.date(2026, 3, 27)
        )
    client.force_login(s.owner)
    html = client.get(f"/audits/{audit.pk}/").content.decode()
    assert MESSAGE.replace("'", "&#x27;") in html
    assert "Answer by Friday 27 March 2026" in html


@pytest.mark.parametrize(
    ("answer_by", "ok"),
    [
        (dt.date(2026, 3, 11), False),
        (dt.date(2026, 3, 12), False),
        (dt.date(2026, 3, 13), True),
        (None, True),
    ],
)
def test_answer_by_must_be_after_today(api, answer_by, ok):
    s, audit = submitted_audit(api)
    with at(dt.date(2026, 3, 12)):
        audit = _in_review_with_note(audit, s.reviewer)
        r = api(s.reviewer).post(
            f"/api/audits/{audit.pk}/request-corrections/",
            {"reason": "x", "answer_by": answer_by.isoformat() if answer_by else None},
            format="json",
        )
    assert (r.status_code == 200) is ok, r.json()
    if not ok:
        assert "answer_by" in str(r.json()), r.json()


def test_corrections_due_is_a_deadline_met_by_resubmitting(api):
    s, audit = submitted_audit(api)
    with at(dt.date(2026, 3, 12)):
        audit = _in_review_with_note(audit, s.reviewer)
        services.review_request_corrections(audit=audit, by=s.reviewer, answer_by=dt.date(2026, 3, 27))
    audit.refresh_from_db()

    def row(on):
        [d] = [d for d in audit_deadlines(audit, on) if d.kind == "corrections_due"]
        return d

    assert row(dt.date(2026, 3, 26)).met is None
    assert row(dt.date(2026, 3, 27)).met is None
    assert row(dt.date(2026, 3, 28)).met is False
    assert "reviewer" in row(dt.date(2026, 3, 26)).reference


def test_submission_and_resubmission_reach_the_partners_reviewers_only(
    api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        s, audit = submitted_audit(api)
    other_partner = reviewer_for("SCSA")
    notice = Notification.objects.get(user=s.reviewer, kind="review_submission")
    assert notice.title == f"New submission – {s.employer.display_name}"
    assert notice.url == f"/review/{audit.pk}/"
    assert _mail_to(s.reviewer.email)[0].subject == notice.title
    assert not Notification.objects.filter(user__in=[other_partner, s.owner]).exists()


def test_assignment_notifies_the_assignee_but_not_who_took_it(api, django_capture_on_commit_callbacks):
    s, audit = submitted_audit(api)
    colleague = UserFactory(email="second@partner.example", reviewer_partner=s.reviewer.reviewer_partner)
    with django_capture_on_commit_callbacks(execute=True):
        services.review_assign(audit=audit, reviewer=colleague, by=s.reviewer)
    notice = Notification.objects.get(user=colleague, kind="review_assignment")
    assert notice.title == f"Audit assigned to you – {s.employer.display_name}"
    assert _mail_to(colleague.email)
    audit.refresh_from_db()
    services.review_start(audit=audit, by=colleague)  # already theirs: nobody is told
    assert Notification.objects.filter(kind="review_assignment").count() == 1


def test_withdrawal_tells_the_reviewers(api):
    s, audit = submitted_audit(api)
    services.audit_withdraw(audit=audit, user=s.owner, reason="Wrong period")
    notice = Notification.objects.get(user=s.reviewer, title__startswith="Submission withdrawn")
    assert "Wrong period" in notice.body


def test_accept_issues_certificate_and_says_so(api, django_capture_on_commit_callbacks):
    s, audit = submitted_audit(api)
    with at(dt.date(2026, 3, 12)):
        services.review_start(audit=audit, by=s.reviewer)
        with django_capture_on_commit_callbacks(execute=True):
            services.review_accept(audit=Audit.objects.get(pk=audit.pk), by=s.reviewer)
    s.enrolment.refresh_from_db()
    [notice] = Notification.objects.filter(user=s.owner)
    assert notice.kind == "certificate_issued"
    assert notice.title == f"Certificate issued – {s.employer.display_name}"
    assert s.enrolment.certificate_number in notice.body
    assert _mail_to(s.owner.email)[0].subject == notice.title


def test_reject_notice_carries_the_reason(api):
    s, audit = submitted_audit(api)
    with at(dt.date(2026, 3, 12)):
        services.review_start(audit=audit, by=s.reviewer)
        services.review_reject(
            audit=Audit.objects.get(pk=audit.pk), by=s.reviewer, reason="Wrong instrument."
        )
    notice = Notification.objects.get(user=s.owner, kind="review_decision")
    assert notice.title == f"Audit rejected – {s.employer.display_name}"
    assert "Wrong instrument." in notice.body


def test_muted_kind_keeps_the_notice_but_sends_no_email(api, django_capture_on_commit_callbacks):
    s, audit = submitted_audit(api)
    NotificationPreference.objects.create(user=s.owner, muted_kinds=["review_corrections"])
    with at(dt.date(2026, 3, 12)):
        audit = _in_review_with_note(audit, s.reviewer)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.review_request_corrections(audit=audit, by=s.reviewer, message=MESSAGE)
    notice = Notification.objects.get(user=s.owner, kind="review_corrections")
    assert notice.email_status == Notification.EmailStatus.SKIPPED
    assert not _mail_to(s.owner.email)


def test_digest_user_gets_the_notice_in_the_daily_digest(api, django_capture_on_commit_callbacks):
    s, audit = submitted_audit(api)
    NotificationPreference.objects.create(user=s.owner, digest=True)
    with at(dt.date(2026, 3, 12)):
        audit = _in_review_with_note(audit, s.reviewer)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.review_request_corrections(audit=audit, by=s.reviewer, message=MESSAGE)
        assert not _mail_to(s.owner.email)  # not a single e-mail
        queue_digests(today=dt.date(2026, 3, 12), dispatch=False)
        notice = Notification.objects.get(user=s.owner, kind="review_corrections")
        assert notice.digest_id is not None
        assert deliver_digest(digest_id=notice.digest_id) == "sent"
    [message] = _mail_to(s.owner.email)
    assert MESSAGE in message.body
    assert "1 notice" in message.subject
    notice.refresh_from_db()
    assert notice.email_status == Notification.EmailStatus.SENT


def test_one_notice_per_person_and_event(api):
    from secor.reminders.notices import notify

    s, audit = submitted_audit(api)
    for _ in range(2):
        notify(user_ids=[s.owner.pk], kind="review_decision", title="t", body="b", url="/", event_key="k1")
    assert Notification.objects.filter(user=s.owner, event_key="k1").count() == 1
