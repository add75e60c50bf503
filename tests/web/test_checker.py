from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from secor.accounts.models import EmployerMembership
from secor.employers.models import Enrolment, HeadcountSnapshot
from secor.web.checker import SESSION_KEY

pytestmark = pytest.mark.django_db

BASE = {
    "partner": "AB/ACSA",
    "owners": "1",
    "full_time": "4",
    "part_time": "1",
    "subcontractors": "3",
    "has_wcb_account": "on",
    "has_membership": "on",
    "permanent_office": "on",
    "registered_on": "2026-02-01",
    "employer_name": "Prairie Roofing",
}


def test_checker_page_is_public_and_lists_partners(client):
    response = client.get(reverse("web:checker"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="AB/ACSA"' in body
    assert 'value="SK/SCSA"' in body
    assert '<label for="id_full_time">' in body


def test_eligible_answer_shows_why_sources_and_next_step(client):
    response = client.post(reverse("web:checker"), BASE)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Yes: you can get a SECOR" in body
    assert "no more than 10" in body  # the partner's limit, in its own words
    assert "youracsa.ca" in body  # the source is shown
    assert "Next step" in body
    assert client.session[SESSION_KEY]["partner"] == "AB/ACSA"


def test_too_many_workers_is_not_eligible(client):
    response = client.post(reverse("web:checker"), {**BASE, "full_time": "14"})
    body = response.content.decode()
    assert "No:" in body
    assert "verdict-no" in body


def test_htmx_post_returns_only_the_fragment(client):
    response = client.post(reverse("web:checker"), BASE, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert "Yes: you can get a SECOR" in body


def test_bad_input_keeps_values_and_shows_errors_next_to_fields(client):
    data = {**BASE, "full_time": "-3", "registered_on": "2099-01-01", "part_time": "2"}
    response = client.post(reverse("web:checker"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_full_time_error"' in body
    assert "greater than or equal to 0" in body
    assert "in the future" in body
    assert 'name="part_time" value="2"' in body  # what was typed is kept
    assert 'aria-invalid="true"' in body


def test_nothing_to_count_is_a_form_error(client):
    response = client.post(reverse("web:checker"), {"partner": "AB/ACSA", "owners": "0"})
    assert "Enter at least one person" in response.content.decode()


def test_unknown_partner_is_refused(client):
    response = client.post(reverse("web:checker"), {**BASE, "partner": "AB/NOPE"})
    assert "Select a valid choice" in response.content.decode()


def test_signup_keeps_checker_answers_and_creates_employer(client):
    client.post(reverse("web:checker"), BASE)
    page = client.get(reverse("web:signup"))
    assert "Your checker answers are kept" in page.content.decode()
    assert 'value="Prairie Roofing"' in page.content.decode()
    response = client.post(
        reverse("web:signup"),
        {
            "full_name": "Olive Owner",
            "email": "Olive@Example.com",
            "password1": "a-long-pass-2026",
            "password2": "a-long-pass-2026",
            "employer_name": "Prairie Roofing",
            "partner": "AB/ACSA",
            "registered_on": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("signup-sent")
    # The account waits for the e-mailed link (issue 12: verified e-mail at sign-up).
    assert client.get("/dashboard/").status_code == 302
    link = re.search(r"http://\S+(/signup/confirm/\S+/)", mail.outbox[-1].body).group(1)
    assert client.get(link)["Location"] == reverse("web:dashboard")
    membership = EmployerMembership.objects.get(user__email="olive@example.com")
    assert membership.role == "admin"
    enrolment = Enrolment.objects.get(employer=membership.employer)
    assert enrolment.partner.code == "ACSA"
    assert str(enrolment.registered_on) == "2026-02-01"  # from the checker answers
    # ACSA does not count subcontractors: 1 owner + 4 full-time + 1 part-time = 6 counted
    assert HeadcountSnapshot.objects.get(employer=membership.employer).workers == 6
    dashboard = client.get(reverse("web:dashboard"))
    assert dashboard.status_code == 200
    assert "Prairie Roofing" in dashboard.content.decode()


def test_signup_errors_are_shown_per_field(client, django_user_model):
    django_user_model.objects.create_user(email="taken@example.com", password="x-long-pass-1")
    response = client.post(
        reverse("web:signup"),
        {
            "full_name": "T",
            "email": "taken@example.com",
            "password1": "123",
            "password2": "124",
            "employer_name": "",
            "partner": "AB/ACSA",
        },
    )
    body = response.content.decode()
    assert "exists" not in body  # issue 12: sign-up does not reveal that an address has an account
    assert "not the same" in body
    assert 'id="id_employer_name_error"' in body
    assert 'value="taken@example.com"' in body
    assert django_user_model.objects.count() == 1


SCSA_NINE = {
    "partner": "SK/SCSA",
    "owners": "1",
    "full_time": "8",
    "has_wcb_account": "on",
    "has_membership": "on",
    "permanent_office": "on",
}


def test_checker_shows_the_other_readings_verdict_where_it_differs(client):
    """SCSA writes both "nine or fewer" and "fewer than nine": with exactly 9 the page shows both answers."""
    body = client.post(reverse("web:checker"), SCSA_NINE).content.decode()
    assert "Yes: you can get a SECOR" in body
    assert "Depends on how the rules are read" in body
    assert "Under “fewer than nine employees”: Too large" in body


def test_checker_reading_choice_changes_the_answer_and_names_the_default(client):
    data = {**SCSA_NINE, "reading_sk_threshold_nine": "fewer_than_nine"}
    body = client.post(reverse("web:checker"), data).content.decode()
    assert "verdict-no" in body
    assert "Under “nine or fewer employees”: Eligible" in body
    assert 'value="fewer_than_nine" selected' in body


def test_checker_without_a_conflict_shows_no_reading_box(client):
    data = {**SCSA_NINE, "full_time": "3"}
    body = client.post(reverse("web:checker"), data).content.decode()
    assert "Depends on how the rules are read" not in body


def test_checker_rejects_an_unknown_reading(client):
    data = {**SCSA_NINE, "reading_sk_threshold_nine": "eleven"}
    body = client.post(reverse("web:checker"), data).content.decode()
    assert "Select a valid choice" in body


def test_checker_shows_facts_with_their_source(client):
    """Too big for BCCSA's Small COR: the page says what the Large COR requires, citing BCCSA's page."""
    data = {"partner": "BC/BCCSA", "owners": "1", "full_time": "22", "has_wcb_account": "on"}
    body = client.post(reverse("web:checker"), data).content.decode()
    assert "Good to know" in body
    assert "BCCSA Large COR" in body
    assert "https://www.bccsa.ca/Large-COR---.html" in body
