"""What the browser walkthrough of the demo world found, as tests: the dashboard follows the employer's
audit, earliest dates are not "overdue", the training matrix leaves out people who never need training,
removed people can be restored in the browser, and site staff reach the review queue."""

from __future__ import annotations

import datetime as dt

import pytest

from provinces import base as rules
from secor.accounts.models import User
from secor.employers import demo
from secor.employers.models import Person
from secor.web.overview import split_deadlines

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 22)


def deadline(kind: str, due: dt.date, met: bool | None = None) -> rules.Deadline:
    return rules.Deadline(kind=kind, title=kind, due=due, consequence="", reference="", met=met)


def test_an_earliest_date_that_has_passed_is_open_not_overdue():
    rows = split_deadlines(
        (
            deadline("history_minimum", TODAY - dt.timedelta(days=1)),
            deadline("maintenance_audit", TODAY - dt.timedelta(days=1)),
            deadline("certificate_expiry", TODAY),  # due today: not late yet
            deadline("earliest_audit_start", TODAY - dt.timedelta(days=30), met=True),
        ),
        TODAY,
    )
    assert [r["deadline"].kind for r in rows["open"]] == ["history_minimum"]
    assert [r["deadline"].kind for r in rows["overdue"]] == ["maintenance_audit"]
    assert [r["deadline"].kind for r in rows["upcoming"]] == ["certificate_expiry"]
    assert [r["deadline"].kind for r in rows["done"]] == ["earliest_audit_start"]


@pytest.fixture
def world():
    return demo.build_world()


def login(client, email: str):
    client.force_login(User.objects.get(email=email))
    return client


def test_dashboard_follows_a_submitted_audit(client, world):
    page = login(client, "owner@prairie-roofing.demo").get("/dashboard/").content.decode()
    assert "is with ACSA for quality review" in page
    assert "View the submission" in page
    assert (
        'Complete and submit the self-assessment</span>\n          <span class="step-state muted">(Done)'
        in page
    )
    # The earliest application date passed: allowed, not late. (The timeline's legend names the colour for
    # overdue milestones; that sentence is not a verdict on this employer.)
    assert "overdue" not in page.lower().replace("red: overdue or missed", "")


def test_dashboard_tells_the_employer_to_answer_the_reviewer(client, world):
    page = login(client, "owner@quappelle-concrete.demo").get("/dashboard/").content.decode()
    assert "SCSA sent your initial certification audit back for corrections" in page
    assert "2 actionable notes" in page


def test_dashboard_of_a_draft_audit_counts_what_is_answered(client, world):
    page = login(client, "owner@okanagan-bistro.demo").get("/dashboard/").content.decode()
    assert "Finish your annual maintenance audit: 7 of 14 questions answered" in page


def test_matrix_leaves_out_people_who_never_need_the_training(client, world):
    page = login(client, "owner@prairie-roofing.demo").get("/dashboard/").content.decode()
    start = page.index('class="matrix"')
    matrix = page[start : page.index("</table>", start)]
    assert "Kal Tire Supply" not in matrix  # supplier: never counted
    assert "Sparks Electric" not in matrix  # subcontractor: ACSA does not count them
    assert matrix.index("Dana Whitford") < matrix.index("Mason Johnson")  # the trained assessor first


def test_portfolio_flags_an_audit_sent_back(client, world):
    page = login(client, "consultant@safetyfirst.demo").get("/portfolio/").content.decode()
    assert "Audit sent back: the reviewer asked for corrections." in page


def test_an_admin_restores_a_removed_person_in_the_browser(client, world):
    ghost = Person.objects.get(first_name="Owen", last_name="Mistaken")
    owner = login(client, "owner@prairie-roofing.demo")
    assert "Owen Mistaken" in owner.get("/people/").content.decode()
    response = owner.post(f"/people/{ghost.pk}/restore/")
    assert response.status_code == 302
    ghost.refresh_from_db()
    assert ghost.deleted_at is None
    assert ghost.history.first().history_change_reason == "restored"


def test_a_member_cannot_restore(client, world):
    ghost = Person.objects.get(first_name="Owen", last_name="Mistaken")
    member = login(client, "office@prairie-roofing.demo")
    assert "Recently removed" not in member.get("/people/").content.decode()
    assert member.post(f"/people/{ghost.pk}/restore/").status_code == 403
    ghost.refresh_from_db()
    assert ghost.deleted_at is not None


def test_site_staff_see_the_review_queue_in_the_menu(client, world):
    page = login(client, "admin@demo.secor").get("/portfolio/").content.decode()
    assert 'href="/review/"' in page


def test_the_kept_audits_card_follows_a_new_answer(client, world):
    """The dashboard keeps its audits card in the cache; saving an answer (any audit record) shows the new
    count at the next visit."""
    from audits.models import Answer, Audit, Question

    owner = login(client, "owner@okanagan-bistro.demo")
    assert "7 of 14 questions answered" in owner.get("/dashboard/").content.decode()
    assert "7 of 14 questions answered" in owner.get("/dashboard/").content.decode()  # from the cache
    audit = Audit.objects.get(
        employer__user_memberships__user__email="owner@okanagan-bistro.demo", status="draft"
    )
    answered = Answer.objects.filter(audit=audit, score__isnull=False).values("question_id")
    question = Question.objects.filter(element__instrument=audit.instrument).exclude(pk__in=answered).first()
    answer = Answer.objects.filter(audit=audit, question=question).first() or Answer(
        audit=audit, question=question
    )
    answer.score = 1
    answer.save()
    assert "8 of 14 questions answered" in owner.get("/dashboard/").content.decode()
