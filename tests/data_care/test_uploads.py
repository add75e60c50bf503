"""Certificate uploads: validation, nothing half-written, and serving only to users who may see the record."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError

from secor.core.files import attach_certificate
from tests.factories import TrainingRecordFactory
from training.models import TrainingRecord

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


@pytest.fixture
def record(person):
    return TrainingRecordFactory(person=person)


def pdf(name="first-aid.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def stored_files(media_root):
    return sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []


def test_attach_stores_under_a_generated_name_with_its_checksum(record, admin, media_root):
    attach_certificate(record=record, upload=pdf("Dana's certificate.pdf"), user=admin)
    record.refresh_from_db()
    assert record.certificate_sha256 == hashlib.sha256(PDF).hexdigest()
    name = record.certificate_file.name
    assert name.startswith("certificates/")
    assert name.endswith(".pdf")
    assert "Dana" not in name
    assert default_storage.open(name).read() == PDF
    assert str(media_root) in default_storage.path(name)  # under MEDIA_ROOT, not static/
    assert record.history.first().history_user == admin


@pytest.mark.parametrize(
    ("upload", "code_word"),
    [
        pytest.param(SimpleUploadedFile("tool.exe", EXE), "not an allowed file type", id="wrong-type"),
        pytest.param(
            SimpleUploadedFile("certificate.pdf", EXE), "does not look like a PDF", id="renamed-exe"
        ),
        pytest.param(SimpleUploadedFile("certificate.pdf", b""), "is empty", id="empty"),
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_stored(record, admin, media_root, upload, code_word):
    with pytest.raises(ValidationError) as exc:
        attach_certificate(record=record, upload=upload, user=admin)
    assert code_word in exc.value.message_dict["file"][0]
    record.refresh_from_db()
    assert not record.certificate_file
    assert stored_files(media_root) == []


def test_too_big_is_refused(record, admin, settings, media_root):
    settings.UPLOAD_MAX_BYTES = 32
    with pytest.raises(ValidationError, match="the limit is"):
        attach_certificate(record=record, upload=pdf(), user=admin)
    assert stored_files(media_root) == []


def test_a_failed_save_removes_the_stored_file(record, admin, media_root, monkeypatch):
    def broken_save(self, *args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(TrainingRecord, "save", broken_save)
    with pytest.raises(DatabaseError):
        attach_certificate(record=record, upload=pdf(), user=admin)
    assert stored_files(media_root) == []


# --- API upload -------------------------------------------------------------------------------------------


def upload_url(record):
    return f"/api/training-records/{record.pk}/certificate/"


def test_api_upload(api, record, admin):
    response = api(admin).post(upload_url(record), {"file": pdf()}, format="multipart")
    assert response.status_code == 200, response.content
    assert response.json()["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert response.json()["url"] == f"/files/certificates/{record.pk}"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        pytest.param("virus.exe", EXE, "not an allowed file type", id="wrong-type"),
        pytest.param("certificate.pdf", EXE, "does not look like a PDF", id="renamed-exe"),
    ],
)
def test_api_upload_of_a_bad_file_is_400_with_a_clear_message(api, record, admin, name, content, message):
    response = api(admin).post(
        upload_url(record), {"file": SimpleUploadedFile(name, content)}, format="multipart"
    )
    assert response.status_code == 400
    assert message in response.json()["file"][0]


def test_api_upload_of_an_empty_file_is_400(api, record, admin):
    response = api(admin).post(
        upload_url(record), {"file": SimpleUploadedFile("c.pdf", b"")}, format="multipart"
    )
    assert response.status_code == 400
    assert "empty" in str(response.json()["file"])


def test_api_upload_tenancy(api, record, outsider, reviewer):
    assert api(outsider).post(upload_url(record), {"file": pdf()}, format="multipart").status_code == 404
    assert api(reviewer).post(upload_url(record), {"file": pdf()}, format="multipart").status_code == 403


# --- serving ----------------------------------------------------------------------------------------------


@pytest.fixture
def with_file(record, admin):
    attach_certificate(record=record, upload=pdf(), user=admin)
    return record


def test_the_owner_downloads_the_right_bytes(client, with_file, admin):
    client.force_login(admin)
    response = client.get(f"/files/certificates/{with_file.pk}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "dana-whitford" in response["Content-Disposition"]
    assert "private" in response["Cache-Control"]


def test_a_reviewer_of_the_partner_may_read_the_certificate(client, with_file, reviewer):
    client.force_login(reviewer)
    assert client.get(f"/files/certificates/{with_file.pk}").status_code == 200


def test_another_tenant_gets_404(client, with_file, outsider):
    client.force_login(outsider)
    assert client.get(f"/files/certificates/{with_file.pk}").status_code == 404


def test_anonymous_is_sent_to_log_in(client, with_file):
    response = client.get(f"/files/certificates/{with_file.pk}")
    assert response.status_code in (302, 401)
    if response.status_code == 302:
        assert "next=" in response["Location"]


def test_no_file_or_deleted_record_is_404(client, record, with_file, admin):
    client.force_login(admin)
    other = TrainingRecordFactory(person=record.person)
    assert client.get(f"/files/certificates/{other.pk}").status_code == 404
    with_file.soft_delete()
    assert client.get(f"/files/certificates/{with_file.pk}").status_code == 404
