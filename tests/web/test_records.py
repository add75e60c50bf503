from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from secor.employers.models import Person, WCBAccount
from tests import factories as f
from training.models import Course, TrainingRecord

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_people_page_lists_current_people(owner_client):
    body = owner_client.get(reverse("web:people")).content.decode()
    assert "Ada Roofer" in body
    assert "Add a person" in body


def test_add_person_and_then_training(owner_client, owner):
    response = owner_client.post(
        reverse("web:person_new"),
        {
            "first_name": "Dee",
            "last_name": "New",
            "category": "full_time_permanent",
            "hours_per_week": "40",
            "province": "AB",
            "start_date": "2026-03-01",
            "then": "training",
        },
    )
    person = Person.objects.get(first_name="Dee")
    assert person.employer == owner.employer
    assert response["Location"] == reverse("web:training_new", args=[person.pk])
    course = Course.objects.get(partner__code="ACSA", code="CSTS")
    response = owner_client.post(
        reverse("web:training_new", args=[person.pk]),
        {
            "course": course.pk,
            "completed_on": "2026-05-01",
            "provider": "ACSA",
            "certificate": SimpleUploadedFile("csts.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    record = TrainingRecord.objects.get(person=person)
    assert record.certificate_sha256
    assert record.certificate_file.name.startswith("certificates/")
    assert record.expires_on is not None or course.validity_months is None


def test_person_form_errors_next_to_fields_and_values_kept(owner_client):
    response = owner_client.post(
        reverse("web:person_new"),
        {
            "first_name": "Eve",
            "category": "full_time_permanent",
            "start_date": "2026-05-01",
            "end_date": "2026-04-01",
            "hours_per_week": "200",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "cannot be before the start date" in body
    assert 'id="id_end_date_error"' in body
    assert 'value="Eve"' in body
    assert not Person.objects.filter(first_name="Eve").exists()


def test_bad_certificate_file_saves_nothing(owner_client, owner):
    person = owner.employer.people.first()
    course = Course.objects.get(partner__code="ACSA", code="CSTS")
    response = owner_client.post(
        reverse("web:training_new", args=[person.pk]),
        {
            "course": course.pk,
            "completed_on": "2026-05-01",
            "certificate": SimpleUploadedFile(
                "virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
            ),
        },
    )
    assert response.status_code == 200
    assert "does not look like a PDF" in response.content.decode()
    assert not TrainingRecord.objects.filter(person=person).exists()


def test_future_completion_date_is_refused(owner_client, owner):
    person = owner.employer.people.first()
    course = Course.objects.get(partner__code="ACSA", code="CSTS")
    response = owner_client.post(
        reverse("web:training_new", args=[person.pk]),
        {"course": course.pk, "completed_on": (dt.date.today() + dt.timedelta(days=3)).isoformat()},
    )
    assert "cannot be in the future" in response.content.decode()


def test_other_employers_person_is_404(owner_client):
    stranger = f.PersonFactory()
    assert owner_client.get(reverse("web:person_edit", args=[stranger.pk])).status_code == 404
    assert owner_client.get(reverse("web:training_new", args=[stranger.pk])).status_code == 404


def test_reviewer_cannot_edit(client, owner):
    reviewer = f.UserFactory(reviewer_partner=f.partner("AB", "ACSA"))
    client.force_login(reviewer)
    client.post(reverse("web:switch_employer", args=[owner.employer.pk]))
    person = owner.employer.people.first()
    assert client.get(reverse("web:person_edit", args=[person.pk])).status_code == 403
    assert client.get(reverse("web:people")).status_code == 200


def test_wcb_account_validation_shows_board_format(owner_client, owner):
    response = owner_client.post(reverse("web:wcb_new"), {"board": "WCB-AB", "account_number": "12ab"})
    assert "7 to 9 digits" in response.content.decode()
    response = owner_client.post(reverse("web:wcb_new"), {"board": "WCB-AB", "account_number": "7654321"})
    assert response.status_code == 302
    assert WCBAccount.objects.filter(employer=owner.employer, account_number="7654321").exists()


def test_membership_and_enrolment_pages(owner_client, owner):
    partner = f.partner("AB", "ACSA")
    response = owner_client.post(
        reverse("web:membership_new"),
        {"partner": partner.pk, "registered_on": "2026-01-01", "status": "active"},
    )
    assert response.status_code == 302
    response = owner_client.post(
        reverse("web:enrolment_edit"),
        {
            "partner": partner.pk,
            "registered_on": "2026-01-10",
            "issued_on": "2026-06-01",
            "expires_on": "2036-05-01",
        },
    )
    assert response.status_code == 302
    enrolment = owner.employer.enrolments.get()
    # The certificate is the partner's: the page has no certificate fields and ignores posted ones.
    assert enrolment.issued_on is None
    assert enrolment.expires_on is None
    form = owner_client.get(reverse("web:enrolment_edit")).content.decode()
    assert 'name="expires_on"' not in form
    assert 'name="issued_on"' not in form
    body = owner_client.get(reverse("web:accounts")).content.decode()
    assert "Partner memberships" in body
    assert "ACSA" in body


def test_csv_import_preview_then_commit(owner_client, owner):
    good = (
        b"first_name,last_name,category,start_date\nFay,Csv,part_time,2026-02-01\nGus,Csv,casual,2026-03-01\n"
    )
    response = owner_client.post(
        reverse("web:import"),
        {"kind": "people", "file": SimpleUploadedFile("p.csv", good, content_type="text/csv")},
    )
    body = response.content.decode()
    assert "Preview: 2 rows" in body
    assert not Person.objects.filter(last_name="Csv").exists()  # preview writes nothing
    token = owner_client.session["pending_import"]["token"]
    response = owner_client.post(reverse("web:import"), {"confirm": "1", "token": token})
    assert response.status_code == 302
    assert Person.objects.filter(employer=owner.employer, last_name="Csv").count() == 2


def test_csv_import_errors_are_shown_per_row(owner_client):
    bad = b"first_name,category,start_date\nHal,wizard,2026-02-30\n"
    response = owner_client.post(
        reverse("web:import"),
        {"kind": "people", "file": SimpleUploadedFile("p.csv", bad, content_type="text/csv")},
    )
    body = response.content.decode()
    assert "Nothing has been imported" in body
    assert "category" in body
    assert "start_date" in body


def test_removing_a_person_from_the_page_soft_deletes_and_can_be_restored(owner_client, owner):
    person = Person.objects.filter(employer=owner.employer).first()
    response = owner_client.post(reverse("web:person_delete", args=[person.pk]))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.deleted_at is not None
    assert person.history.first().history_user == owner
    owner_client.get(reverse("web:dashboard"))  # shows (and uses up) the "was removed" message
    assert person.full_name not in owner_client.get(reverse("web:dashboard")).content.decode()
    assert owner_client.post(reverse("web:person_restore", args=[person.pk])).status_code == 302
    person.refresh_from_db()
    assert person.deleted_at is None


def test_removing_a_training_record_from_the_page_soft_deletes_it(owner_client, owner):
    person = Person.objects.filter(employer=owner.employer).first()
    record = f.TrainingRecordFactory(person=person, course=f.course("ACSA"))
    response = owner_client.post(reverse("web:training_delete", args=[record.pk]))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.deleted_at is not None


def test_people_list_search_sort_and_csv_export(owner_client, owner):
    employer = owner.employer
    f.PersonFactory(employer=employer, first_name="Zed", last_name="Zimmer", start_date=dt.date(2018, 1, 1))
    f.PersonFactory(employer=employer, first_name="Abe", last_name="Archer", start_date=dt.date(2024, 1, 1))
    body = owner_client.get(reverse("web:people"), {"q": "zimm"}).content.decode()
    assert "Zed Zimmer" in body
    assert "Abe Archer" not in body
    body = owner_client.get(reverse("web:people"), {"sort": "-started"}).content.decode()
    assert body.index("Abe Archer") < body.index("Zed Zimmer")
    response = owner_client.get(reverse("web:people"), {"format": "csv", "q": "archer"})
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("first_name,last_name,email")
    assert len(lines) == 2
    assert lines[1].startswith("Abe,Archer,")


def test_deleting_a_person_asks_first(owner_client, owner):
    person = Person.objects.filter(employer=owner.employer).first()
    response = owner_client.get(reverse("web:person_delete", args=[person.pk]))
    assert response.status_code == 200
    assert f"Delete {person.full_name}?" in response.content.decode()
    person.refresh_from_db()
    assert person.deleted_at is None
