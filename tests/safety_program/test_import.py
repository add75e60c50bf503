"""CSV import of past program records: preview with typed values and field-level errors by row number,
all rows or none, attendance by people who had left, future dates, duplicates, the exact file previewed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from safety_program import importing
from safety_program import models as m
from secor.core.exceptions import ApplicationError
from tests import factories as f

pytestmark = pytest.mark.django_db
HEADER = "record_type,date,topic,done_by,took_part,worker,findings,signed_by\n"


@pytest.fixture
def crew():
    employer = f.EmployerFactory()
    f.PersonFactory(employer=employer, first_name="Dana", last_name="Lead", start_date=dt.date(2020, 1, 1))
    f.PersonFactory(
        employer=employer,
        first_name="Sam",
        last_name="Roofer",
        start_date=dt.date(2020, 1, 1),
        end_date=dt.date(2025, 5, 1),
    )
    f.PersonFactory(
        employer=employer,
        first_name="Ann",
        last_name="Helper",
        email="ann@x.example",
        start_date=dt.date(2020, 1, 1),
    )
    return employer


GOOD = (
    HEADER
    + "meeting,2025-04-02,Ladder safety,Dana Lead,Sam Roofer; ann@x.example,,Two ladders tagged out,Dana Lead\n"
    + "drill,2025-06-10,Fire evacuation,Dana Lead,Ann Helper,,Muster point blocked,\n"
    + "orientation,2025-07-01,Site orientation,Dana Lead,,Ann Helper,,\n"
    + "near miss,2025-08-15,Dropped hammer from roof,,,,,\n"
).encode()


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (m.SafetyMeeting, m.EmergencyDrill, m.CompetencyVerification, m.Incident)
    )


def test_preview_then_commit_all_rows(crew):
    preview = importing.preview_import(employer=crew, data=GOOD)
    assert preview.ok, preview.messages()
    assert [r.values["record_type"] for r in preview.rows] == ["meeting", "drill", "orientation", "near_miss"]
    assert counts() == (0, 0, 0, 0)  # a preview writes nothing
    result = importing.commit_import(
        employer=crew, data=GOOD, token=preview.token, user=f.employer_admin(crew)
    )
    assert len(result.created_ids) == 4
    assert counts() == (1, 1, 1, 1)
    meeting = m.SafetyMeeting.objects.get()
    assert meeting.occurred_on == dt.date(2025, 4, 2)
    assert meeting.led_by.first_name == "Dana"
    assert sorted(p.first_name for p in meeting.participants.all()) == ["Ann", "Sam"]  # Sam left after
    assert meeting.signed_name == "Dana Lead"
    assert meeting.signed_at is not None
    assert meeting.history.first().history_change_reason == "CSV import"
    assert m.CompetencyVerification.objects.get().worker.first_name == "Ann"
    # the same file again: every row is already there, nothing added
    again = importing.preview_import(employer=crew, data=GOOD)
    assert not again.ok
    assert all("already there" in r.errors["row"][0] for r in again.rows)
    assert counts() == (1, 1, 1, 1)


def test_bad_rows_are_refused_per_field_with_row_numbers_and_nothing_is_written(crew):
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    today = timezone.localdate().isoformat()
    data = (
        HEADER
        + f"meeting,{tomorrow},Heat stress,Dana Lead,,,,\n"  # row 2: future date
        + "meeting,2025-06-02,Ladders,Dana Lead,Sam Roofer,,,\n"  # row 3: Sam had left on 2025-05-01
        + "party,2025-06-03,BBQ,,,,,\n"  # row 4: not a record type
        + "drill,2025-06-04,,,,,,\n"  # row 5: no scenario
        + "competency,2025-06-05,Skid steer,,,,,\n"  # row 6: no worker
        + "meeting,2025-06-06,Ladders,Nobody Here,,,,\n"  # row 7: unknown person
        + "meeting,2025-02-30,Ladders,,,,,\n"  # row 8: no such day
        + f"toolbox,{today},Housekeeping,Dana Lead,,,,\n"  # row 9: today is fine
    ).encode()
    preview = importing.preview_import(employer=crew, data=data)
    assert not preview.ok
    errors = {r.row: r.errors for r in preview.rows}
    assert "in the future" in errors[2]["date"][0]
    assert errors[3]["took_part"] == ["Sam Roofer had left on 2025-05-01, before 2025-06-02."]
    assert "not a record type" in errors[4]["record_type"][0]
    assert "required" in errors[5]["topic"][0]
    assert "required" in errors[6]["worker"][0]
    assert "not one of your people" in errors[7]["done_by"][0]
    assert "date" in errors[8]
    assert errors[9] == {}
    # typed values are kept as typed for the preview
    assert preview.rows[0].values["date"] == tomorrow
    assert preview.rows[2].values["record_type"] == "party"
    assert any(msg.startswith("row 3, took_part:") for msg in preview.messages())
    with pytest.raises(ApplicationError, match="Nothing was imported"):
        importing.commit_import(employer=crew, data=data, token=preview.token, user=None)
    assert counts() == (0, 0, 0, 0)


def test_commit_only_the_previewed_file(crew):
    preview = importing.preview_import(employer=crew, data=GOOD)
    other = GOOD.replace(b"Ladder safety", b"Ladder safety!")
    with pytest.raises(ApplicationError, match="not the one you previewed"):
        importing.commit_import(employer=crew, data=other, token=preview.token, user=None)
    assert counts() == (0, 0, 0, 0)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"record_type,when\nmeeting,2025-01-01\n", "Unknown column(s): when"),
        (b"topic\nx\n", "Missing required column(s): record_type, date"),
        (HEADER.encode(), "no data rows"),
        (b"\xff\xfe" + HEADER.encode("utf-16-le"), "UTF-16"),
    ],
)
def test_file_level_errors(crew, data, message):
    preview = importing.preview_import(employer=crew, data=data)
    assert any(message in e for e in preview.file_errors), preview.file_errors


def test_import_page_preview_and_confirm(client, crew):
    client.force_login(f.employer_admin(crew))
    bad = HEADER + "meeting,2025-06-02,Ladders,Dana Lead,Sam Roofer,,,\n"
    r = client.post("/program/import/", {"file": SimpleUploadedFile("past.csv", bad.encode(), "text/csv")})
    html = r.content.decode()
    assert r.status_code == 400
    assert "Sam Roofer had left on 2025-05-01" in html
    assert "Nothing has been imported" in html
    r = client.post("/program/import/", {"file": SimpleUploadedFile("past.csv", GOOD, "text/csv")})
    assert r.status_code == 200
    assert "Import all 4 rows" in r.content.decode()
    token = importing.preview_import(employer=crew, data=GOOD).token
    r = client.post("/program/import/", {"confirm": "1", "token": token})
    assert r.status_code == 302
    assert counts() == (1, 1, 1, 1)
    assert client.get("/program/import/?sample=1").content.decode().startswith("record_type,date,topic")


def test_import_through_the_api(crew):
    from rest_framework.test import APIClient

    url = f"/api/employers/{crew.pk}/imports/program-records/"
    c = APIClient()
    c.force_authenticate(f.employer_admin(crew))
    r = c.post(
        url + "preview", {"file": SimpleUploadedFile("past.csv", GOOD, "text/csv")}, format="multipart"
    )
    assert r.status_code == 200
    assert r.json()["ok"] is True
    assert [row["values"]["record_type"] for row in r.json()["rows"]][0] == "meeting"
    token = r.json()["token"]
    bad = c.post(
        url + "commit",
        {"file": SimpleUploadedFile("past.csv", GOOD + b"x\n", "text/csv"), "token": token},
        format="multipart",
    )
    assert bad.status_code == 400
    assert counts() == (0, 0, 0, 0)
    ok = c.post(
        url + "commit",
        {"file": SimpleUploadedFile("past.csv", GOOD, "text/csv"), "token": token},
        format="multipart",
    )
    assert ok.status_code == 201
    assert ok.json()["created"] == 4
    # another tenant: the employer does not exist for them
    other = APIClient()
    other.force_authenticate(f.employer_admin(f.EmployerFactory()))
    upload = SimpleUploadedFile("past.csv", GOOD, "text/csv")
    assert other.post(url + "preview", {"file": upload}, format="multipart").status_code == 404
