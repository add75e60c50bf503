"""What an integrator needs through the API (issue 12): sign-up, partner staff managing their partner's
reviewers, and many answers of an audit at once (all or nothing)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from knox.models import AuthToken
from rest_framework.test import APIClient

from audits.models import Answer, Audit, Question
from secor.accounts.models import Invitation, User
from secor.employers.models import Employer
from tests import factories as f
from tests.audits.factories import enrolled_employer, plan_payload
from tests.audits.helpers import at, submitted_audit

pytestmark = pytest.mark.django_db


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


# --- sign-up ----------------------------------------------------------------------------------------------

SIGNUP = {
    "full_name": "Rita Roofer",
    "email": "rita@roofs.example",
    "password": "a-long-enough-Passw0rd",
    "employer_name": "Rita's Roofing Ltd.",
    "partner": "AB/ACSA",
}


def test_signup_creates_an_unconfirmed_account_and_sends_the_link():
    r = api().post("/api/signup/", SIGNUP, format="json")
    assert r.status_code == 202
    user = User.objects.get(email="rita@roofs.example")
    assert user.email_verified_at is None
    assert Employer.objects.filter(legal_name="Rita's Roofing Ltd.", user_memberships__user=user).exists()
    assert len(mail.outbox) == 1
    assert re.search(r"/signup/confirm/\S+/", mail.outbox[0].body)
    # No token until the address is confirmed.
    token = api().post("/api/auth/token/", {"email": SIGNUP["email"], "password": SIGNUP["password"]})
    assert token.status_code == 400
    assert not AuthToken.objects.filter(user=user).exists()


def test_signup_answers_the_same_for_an_address_that_has_an_account():
    existing = f.UserFactory(email="taken@roofs.example", full_name="Tina Taken")
    new = api().post("/api/signup/", {**SIGNUP, "email": "fresh@roofs.example"}, format="json")
    taken = api().post("/api/signup/", {**SIGNUP, "email": "Taken@roofs.example"}, format="json")
    assert taken.status_code == new.status_code == 202
    assert taken.json() == new.json()
    assert "Tina" not in taken.content.decode()
    assert User.objects.filter(email__iexact="taken@roofs.example").count() == 1
    assert not Employer.objects.filter(user_memberships__user=existing).exists()
    assert mail.outbox[-1].to == ["taken@roofs.example"]
    assert "tried to sign up" in mail.outbox[-1].subject


def test_signup_field_errors_create_nothing():
    r = api().post("/api/signup/", {**SIGNUP, "password": "12345678"}, format="json")
    assert r.status_code == 400
    assert "password" in r.json()
    r = api().post("/api/signup/", {**SIGNUP, "partner": "AB/NOPE"}, format="json")
    assert r.status_code == 400
    assert "partner" in r.json()
    assert not User.objects.filter(email="rita@roofs.example").exists()
    assert mail.outbox == []


# --- partner staff manage their partner's reviewers ------------------------------------------------------------


@pytest.fixture
def partners():
    acsa = f.partner("AB", "ACSA")
    scsa = f.partner("SK", "SCSA")
    manager = f.UserFactory(reviewer_partner=acsa, manages_reviewers=True)
    mine = f.UserFactory(reviewer_partner=acsa, email="mine@acsa.example")
    theirs = f.UserFactory(reviewer_partner=scsa, email="theirs@scsa.example")
    return {"acsa": acsa, "scsa": scsa, "manager": manager, "mine": mine, "theirs": theirs}


def test_manager_lists_only_their_partners_reviewers(partners):
    r = api(partners["manager"]).get("/api/partner-reviewers/")
    assert r.status_code == 200
    emails = {row["email"] for row in r.json()["results"]}
    assert emails == {partners["manager"].email, "mine@acsa.example"}
    assert api(partners["manager"]).get(f"/api/partner-reviewers/{partners['theirs'].pk}/").status_code == 404
    missing = api(partners["manager"]).get("/api/partner-reviewers/999999/")
    assert missing.status_code == 404
    assert (
        missing.json()
        == api(partners["manager"]).get(f"/api/partner-reviewers/{partners['theirs'].pk}/").json()
    )


@pytest.mark.parametrize("who", ["reviewer", "employer_admin", "consultant"])
def test_only_managers_and_staff_manage_reviewers(partners, who):
    user = {
        "reviewer": partners["mine"],
        "employer_admin": f.employer_admin(f.EmployerFactory()),
        "consultant": f.consultant_for(f.EmployerFactory()),
    }[who]
    assert api(user).get("/api/partner-reviewers/").status_code == 403
    assert api(user).post("/api/partner-reviewer-invitations/", {"email": "x@y.example"}).status_code == 403
    assert api(user).post(f"/api/partner-reviewers/{partners['mine'].pk}/deactivate/").status_code == 403
    assert not Invitation.objects.exists()


def test_staff_see_every_partners_reviewers(partners):
    r = api(f.staff_user()).get("/api/partner-reviewers/", {"partner": partners["scsa"].pk})
    assert [row["email"] for row in r.json()["results"]] == ["theirs@scsa.example"]


def test_inviting_a_reviewer_reveals_nothing_and_the_invitee_accepts(partners):
    f.UserFactory(email="known@x.example", full_name="Karl Known")
    client = api(partners["manager"])
    own = {"partner": partners["acsa"].pk}
    known = client.post(
        "/api/partner-reviewer-invitations/", {"email": "known@x.example", **own}, format="json"
    )
    unknown = client.post(
        "/api/partner-reviewer-invitations/", {"email": "nobody@x.example", **own}, format="json"
    )
    assert known.status_code == unknown.status_code == 201
    assert set(known.json()) == set(unknown.json())
    assert "Karl" not in known.content.decode()
    assert known.json()["partner"] == partners["acsa"].pk
    assert [m.to for m in mail.outbox] == [["known@x.example"], ["nobody@x.example"]]
    assert "review" in mail.outbox[0].subject
    secret = re.search(r"/invitations/([^/\s]+)/", mail.outbox[0].body).group(1)

    invitee = User.objects.get(email="known@x.example")
    r = api(invitee).post("/api/invitations/accept/", {"secret": secret}, format="json")
    assert r.status_code == 200
    assert r.json() == {"employer": None, "partner": partners["acsa"].pk, "role": "reviewer"}
    invitee.refresh_from_db()
    assert invitee.reviewer_partner_id == partners["acsa"].pk
    # Once: the link is used now.
    assert api(invitee).post("/api/invitations/accept/", {"secret": secret}, format="json").status_code == 409
    assert (
        api(invitee).post("/api/invitations/accept/", {"secret": "x" * 43}, format="json").status_code == 404
    )


def test_a_manager_cannot_invite_for_another_partner(partners):
    r = api(partners["manager"]).post(
        "/api/partner-reviewer-invitations/",
        {"email": "x@y.example", "partner": partners["scsa"].pk},
        format="json",
    )
    assert r.status_code == 400
    assert "partner" in r.json()
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("who", ["staff", "other_partner"])
def test_staff_and_other_partners_reviewers_cannot_accept(partners, who):
    invitee = f.staff_user(email="boss@secor.example") if who == "staff" else partners["theirs"]
    body = {"email": invitee.email, "partner": partners["acsa"].pk}
    assert (
        api(partners["manager"]).post("/api/partner-reviewer-invitations/", body, format="json").status_code
        == 201
    )
    secret = re.search(r"/invitations/([^/\s]+)/", mail.outbox[-1].body).group(1)
    r = api(invitee).post("/api/invitations/accept/", {"secret": secret}, format="json")
    assert r.status_code == 409
    invitee.refresh_from_db()
    assert invitee.reviewer_partner_id == (None if who == "staff" else partners["scsa"].pk)


def test_deactivating_a_reviewer_ends_the_role_and_the_tokens(partners):
    mine = partners["mine"]
    _, token = AuthToken.objects.create(mine)
    assert (
        api(partners["manager"])
        .post(f"/api/partner-reviewers/{partners['theirs'].pk}/deactivate/")
        .status_code
        == 404
    )
    r = api(partners["manager"]).post(f"/api/partner-reviewers/{mine.pk}/deactivate/")
    assert r.status_code == 200
    mine.refresh_from_db()
    assert mine.reviewer_partner_id is None
    assert mine.is_active  # the account stays; the reviewer role goes
    assert not AuthToken.objects.filter(user=mine).exists()
    stolen = APIClient()
    stolen.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert stolen.get("/api/review-queue/").status_code == 403
    partners["theirs"].refresh_from_db()
    assert partners["theirs"].reviewer_partner_id == partners["scsa"].pk


def test_a_manager_cannot_deactivate_themselves(partners):
    manager = partners["manager"]
    r = api(manager).post(f"/api/partner-reviewers/{manager.pk}/deactivate/")
    assert r.status_code == 400
    manager.refresh_from_db()
    assert manager.reviewer_partner_id == partners["acsa"].pk


def test_withdrawing_a_reviewer_invitation(partners):
    client = api(partners["manager"])
    body = {"email": "x@y.example", "partner": partners["acsa"].pk}
    inv = client.post("/api/partner-reviewer-invitations/", body, format="json").json()
    r = client.post(f"/api/partner-reviewer-invitations/{inv['id']}/withdraw/")
    assert r.status_code == 200
    assert r.json()["state"] == "withdrawn"
    other = api(f.UserFactory(reviewer_partner=partners["scsa"], manages_reviewers=True))
    assert other.get(f"/api/partner-reviewer-invitations/{inv['id']}/").status_code == 404


# --- bulk answers --------------------------------------------------------------------------------------------


@pytest.fixture
def draft():
    s = enrolled_employer("ACSA")
    with at(dt.date(2026, 3, 10)):
        r = api(s.owner).post(
            "/api/audits/",
            plan_payload(s, kind="certification", starts_on=dt.date(2026, 3, 2), ends_on=dt.date(2026, 3, 6)),
            format="json",
        )
    assert r.status_code == 201, r.json()
    audit = Audit.objects.get(pk=r.json()["id"])
    questions = list(
        Question.objects.filter(element__instrument=audit.instrument)
        .exclude(scoring_rule="interview_percentage")
        .order_by("element__number", "order")[:3]
    )
    assert len(questions) == 3
    return s, audit, questions


def test_bulk_answers_saves_every_answer(draft):
    s, audit, qs = draft
    body = {
        "answers": [{"question": q.pk, "score": str(q.points), "notes": f"n{i}"} for i, q in enumerate(qs)]
    }
    r = api(s.owner).post(f"/api/audits/{audit.pk}/answers/bulk/", body, format="json")
    assert r.status_code == 200, r.json()
    assert [a["question"] for a in r.json()] == [q.pk for q in qs]
    assert Answer.objects.filter(audit=audit).count() == 3


def test_bulk_answers_all_or_nothing_with_errors_by_position(draft):
    s, audit, qs = draft
    body = {
        "answers": [
            {"question": qs[0].pk, "score": str(qs[0].points)},
            {"question": qs[1].pk, "score": str(qs[1].points + 1000)},  # over the question's points
            {"question": 99999999, "score": "1"},  # not this audit's question
            {"question": qs[0].pk, "score": "0"},  # twice
        ]
    }
    r = api(s.owner).post(f"/api/audits/{audit.pk}/answers/bulk/", body, format="json")
    assert r.status_code == 400
    errors = r.json()["answers"]
    assert len(errors) == 4
    assert errors[0] == {}
    assert errors[1]
    assert errors[2] == {"question": ["Unknown."]}
    assert "question" in errors[3]
    assert "nothing was saved" in r.json()["detail"]
    assert not Answer.objects.filter(audit=audit).exists()


def test_bulk_answers_field_errors_of_the_shape_come_by_position(draft):
    s, audit, qs = draft
    body = {"answers": [{"question": qs[0].pk, "score": "1"}, {"question": "x", "score": "abc"}]}
    r = api(s.owner).post(f"/api/audits/{audit.pk}/answers/bulk/", body, format="json")
    assert r.status_code == 400
    assert r.json()["answers"][0] == {}
    assert set(r.json()["answers"][1]) == {"question", "score"}
    assert not Answer.objects.exists()


def test_bulk_answers_only_while_the_audit_is_editable():
    s, audit = submitted_audit(lambda u: api(u))
    before = {a.pk: (a.score, a.notes) for a in Answer.objects.filter(audit=audit)}
    q = Answer.objects.filter(audit=audit).first().question
    r = api(s.owner).post(
        f"/api/audits/{audit.pk}/answers/bulk/",
        {"answers": [{"question": q.pk, "notes": "late"}]},
        format="json",
    )
    assert r.status_code == 400
    assert "can be changed only" in r.json()["detail"]
    assert {a.pk: (a.score, a.notes) for a in Answer.objects.filter(audit=audit)} == before


def test_bulk_answers_tenancy(draft):
    s, audit, qs = draft
    body = {"answers": [{"question": qs[0].pk, "score": "1"}]}
    outsider = f.employer_admin(f.EmployerFactory())
    assert api(outsider).post(f"/api/audits/{audit.pk}/answers/bulk/", body, format="json").status_code == 404
    assert api(s.reviewer).post(f"/api/audits/{audit.pk}/answers/bulk/", body, format="json").status_code in (
        403,
        404,
    )
    assert not Answer.objects.exists()
