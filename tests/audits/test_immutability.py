"""A submitted revision cannot be altered: not by the model layer, not by any endpoint, not by any page."""

from __future__ import annotations

import pytest

from audits.models import (
    Answer,
    AuditRevision,
    AuditTransition,
    Evidence,
    ImmutableRecordError,
)
from tests.audits.factories import pdf_file
from tests.audits.helpers import submitted_audit


def _state(audit):
    rev = AuditRevision.objects.get(audit=audit, number=1)
    return (
        rev.snapshot_sha256,
        rev.verify(),
        list(Answer.objects.filter(audit=audit).order_by("pk").values_list("score", "notes")),
        list(Evidence.objects.filter(audit=audit).order_by("pk").values_list("file", "sha256", "removed_at")),
    )


@pytest.mark.django_db
def test_model_layer_refuses_changes(api):
    s, audit = submitted_audit(api)
    rev = audit.revisions.get()
    rev.snapshot["answers"][0]["score"] = "0"
    with pytest.raises(ImmutableRecordError):
        rev.save()
    with pytest.raises(ImmutableRecordError):
        rev.delete()
    with pytest.raises(ImmutableRecordError):
        AuditRevision.objects.filter(pk=rev.pk).update(passed=False)
    with pytest.raises(ImmutableRecordError):
        AuditRevision.objects.filter(pk=rev.pk).delete()
    with pytest.raises(ImmutableRecordError):
        AuditTransition.objects.filter(audit=audit).update(action="accepted")
    answer = audit.answers.first()
    answer.score = 0
    with pytest.raises(ImmutableRecordError):
        answer.save()
    with pytest.raises(ImmutableRecordError):
        answer.delete()
    evidence = audit.evidence.first()
    with pytest.raises(ImmutableRecordError):
        evidence.delete()
    audit.starts_on = audit.starts_on.replace(day=1)
    with pytest.raises(ImmutableRecordError):
        audit.save()
    with pytest.raises(ImmutableRecordError):
        audit.delete()
    assert AuditRevision.objects.get(pk=rev.pk).verify()


@pytest.mark.django_db
def test_no_endpoint_can_alter_a_submission(api):
    s, audit = submitted_audit(api)
    before = _state(audit)
    question = audit.answers.first().question
    evidence = audit.evidence.first()
    rev = audit.revisions.get()
    for client in (api(s.owner), api(s.reviewer)):
        assert client.post(
            f"/api/audits/{audit.pk}/answers/", {"question": question.pk, "score": "0"}, format="json"
        ).status_code in (400, 403)
        assert client.post(
            f"/api/audits/{audit.pk}/evidence/",
            {"question": question.pk, "file": pdf_file()},
            format="multipart",
        ).status_code in (400, 403)
        assert client.post(f"/api/audits/{audit.pk}/evidence/{evidence.pk}/remove/").status_code in (
            400,
            403,
            404,
        )
        assert client.patch(
            f"/api/audits/{audit.pk}/", {"starts_on": "2026-03-01"}, format="json"
        ).status_code in (400, 403)
        assert client.delete(f"/api/audits/{audit.pk}/").status_code == 405
        assert client.put(f"/api/audits/{audit.pk}/", {}, format="json").status_code == 405
        for method in ("put", "patch", "delete"):
            r = getattr(client, method)(f"/api/audit-revisions/{rev.pk}/", {"passed": False}, format="json")
            assert r.status_code == 405, (method, r.status_code)
        assert client.post("/api/audit-revisions/", {"audit": audit.pk}, format="json").status_code == 405
        # no second revision while one is pending (403 for the reviewer, who never writes)
        assert client.post(f"/api/audits/{audit.pk}/submit/").status_code in (400, 403)
    assert _state(audit) == before


@pytest.mark.django_db
def test_no_page_can_alter_a_submission(api, client):
    s, audit = submitted_audit(api)
    before = _state(audit)
    question = audit.answers.first().question
    evidence = audit.evidence.first()
    for user in (s.owner, s.reviewer):
        client.force_login(user)
        client.post(f"/audits/{audit.pk}/questions/{question.pk}/", {"score": "0", "notes": "changed"})
        client.post(
            f"/audits/{audit.pk}/questions/{question.pk}/evidence/",
            {"file": pdf_file(), "method": "documentation"},
        )
        client.post(f"/audits/evidence/{evidence.pk}/remove/")
        client.post(
            f"/audits/{audit.pk}/plan/",
            {"starts_on": "2026-03-01", "auditor_type": "internal", "auditor_person": s.auditor.pk},
        )
        client.post(f"/audits/{audit.pk}/submit/")
    assert _state(audit) == before
    client.force_login(s.owner)
    page = client.get(f"/audits/{audit.pk}/revisions/1/")
    assert page.status_code == 200
    assert b"(verified)" in page.content


@pytest.mark.django_db
def test_correction_is_a_new_revision_and_old_files_stay(api):
    s, audit = submitted_audit(api)
    reviewer = api(s.reviewer)
    owner = api(s.owner)
    evidence = audit.evidence.first()
    reviewer.post(
        f"/api/audits/{audit.pk}/notes/",
        {"kind": "actionable", "text": "Replace this file", "question": evidence.question_id},
        format="json",
    )
    assert reviewer.post(f"/api/audits/{audit.pk}/request-corrections/", {}, format="json").status_code == 200
    rev1 = audit.revisions.get()
    snapshot_before = rev1.snapshot_sha256
    # removing a submitted file only hides it from the working copy
    assert owner.post(f"/api/audits/{audit.pk}/evidence/{evidence.pk}/remove/").status_code == 204
    evidence.refresh_from_db()
    assert evidence.removed_at is not None
    assert evidence.file.storage.exists(evidence.file.name)
    note = audit.notes.get(kind="actionable")
    owner.post(f"/api/audit-notes/{note.pk}/respond/", {"response": "Replaced"}, format="json")
    owner.post(
        f"/api/audits/{audit.pk}/evidence/",
        {"question": evidence.question_id, "file": pdf_file("new.pdf")},
        format="multipart",
    )
    import time_machine

    with time_machine.travel("2026-03-20 12:00 -0600", tick=False):
        r = owner.post(f"/api/audits/{audit.pk}/submit/")
    assert r.status_code == 201, r.json()
    rev2 = AuditRevision.objects.get(audit=audit, number=2)
    assert evidence.sha256 in [e["sha256"] for e in rev1.snapshot["evidence"]]
    assert evidence.pk not in [e["id"] for e in rev2.snapshot["evidence"]]
    assert AuditRevision.objects.get(pk=rev1.pk).snapshot_sha256 == snapshot_before
    # the reviewer can still download the file of revision 1
    assert api(s.reviewer).get(f"/api/audits/{audit.pk}/evidence/").status_code == 200


@pytest.mark.django_db
def test_database_refuses_changes_that_go_around_the_application(api):
    """Raw SQL is stopped by the append-only triggers (migration 0002): updates on PostgreSQL and SQLite,
    deletes on PostgreSQL (SQLite's flush needs DELETE; see the migration)."""
    from django.db import DatabaseError, connection, transaction

    s, audit = submitted_audit(api)
    rev = audit.revisions.get()
    table = AuditRevision._meta.db_table
    statements = [f"UPDATE {table} SET passed = NOT passed WHERE id = %s"]
    if connection.vendor == "postgresql":
        statements.append(f"DELETE FROM {table} WHERE id = %s")
    for sql in statements:
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cur,
        ):
            cur.execute(sql, [rev.pk])
    transitions = AuditTransition._meta.db_table
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"UPDATE {transitions} SET action = 'x' WHERE audit_id = %s", [audit.pk])
    assert AuditRevision.objects.get(pk=rev.pk).verify()
