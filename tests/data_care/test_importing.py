"""CSV import: preview errors row by row, commit all or none, tenancy of the endpoints."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from secor.core.exceptions import ApplicationError
from secor.employers import importing
from secor.employers.models import Person
from tests.factories import PersonFactory, TrainingRecordFactory
from training.models import Course, TrainingRecord

HEADER = "first_name,last_name,email,category,hours_per_week,province,start_date,end_date"


def csv_bytes(*lines: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode()


GOOD = csv_bytes(
    "Marc,Tremblay,marc@example.com,full_time_permanent,40,AB,2022-03-14,",
    "Jen,Whitford,,Family member,15,AB,2021-09-01,",
    "Ravi,Sandhu,,casual,16,ab,2026-05-04,2026-09-30",
)


def preview(employer, data: bytes, kind: str = importing.PEOPLE):
    return importing.preview_import(kind=kind, employer=employer, data=data)


# --- preview: row-by-row errors -------------------------------------------------------------------------


def test_a_valid_file_previews_every_row_parsed(employer):
    result = preview(employer, GOOD)
    assert result.ok, result.messages()
    assert [r.row for r in result.rows] == [2, 3, 4]
    assert result.rows[1].values["category"] == "family_member"  # the label is accepted too
    assert result.rows[2].values["province"] == "AB"
    assert result.rows[2].values["end_date"] == "2026-09-30"
    assert Person.objects.filter(employer=employer).count() == 0  # a preview never writes


def test_a_bad_date_is_reported_with_its_row_and_column(employer):
    data = csv_bytes(
        "A,One,,casual,,AB,2024-01-01,", "B,Two,,casual,,AB,2024-02-01,", "C,Three,,casual,,AB,2024-13-01,"
    )
    result = preview(employer, data)
    assert not result.ok
    assert result.messages() == ["row 4, start_date: '2024-13-01' is not a date (use YYYY-MM-DD)"]
    assert result.rows[0].ok
    assert result.rows[1].ok


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("01/02/2024", id="slashes"),
        pytest.param("20240102", id="compact"),
        pytest.param("2024-02-30", id="no-such-day"),
    ],
)
def test_only_iso_dates_are_accepted(employer, value):
    result = preview(employer, csv_bytes(f"A,One,,casual,,AB,{value},"))
    assert result.rows[0].errors == {"start_date": [f"'{value}' is not a date (use YYYY-MM-DD)"]}


def test_an_unknown_category_lists_the_allowed_values(employer):
    result = preview(employer, csv_bytes("A,One,,contractor,,AB,2024-01-01,"))
    (message,) = result.rows[0].errors["category"]
    assert message.startswith("'contractor' is not a category; use one of: Owner, Family member,")
    assert "Subcontractor" in message
    assert "Supplier / inspector / visitor" in message


def test_a_missing_required_column_is_a_file_error_listing_the_expected_columns(employer):
    result = preview(employer, csv_bytes("A,One,casual", header="first_name,last_name,category"))
    assert not result.ok
    assert result.rows == []
    (error,) = result.file_errors
    assert error.startswith("Missing required column(s): start_date.")
    assert "Expected columns: first_name, last_name, email" in error


def test_an_unknown_column_is_refused(employer):
    result = preview(
        employer,
        csv_bytes("A,,casual,2024-01-01,x", header="first_name,last_name,category,start_date,shoe_size"),
    )
    assert result.file_errors[0].startswith("Unknown column(s): shoe_size.")


def test_headers_are_matched_loosely(employer):
    data = csv_bytes("A,casual,2024-01-01", header="First Name, Category ,Start-Date")
    assert preview(employer, data).ok


def test_duplicates_inside_the_file_and_against_existing_people(employer):
    PersonFactory(
        employer=employer,
        first_name="Old",
        last_name="Timer",
        email="old@example.com",
        start_date=dt.date(2020, 1, 1),
    )
    data = csv_bytes(
        "A,One,a@example.com,casual,,AB,2024-01-01,",
        "B,Two,A@Example.com,casual,,AB,2024-01-01,",
        "C,Three,old@example.com,casual,,AB,2024-01-01,",
        "Old,Timer,,casual,,AB,2020-01-01,",
    )
    result = preview(employer, data)
    assert result.rows[0].ok
    assert result.rows[1].errors == {"email": ["'a@example.com' is a duplicate of row 2"]}
    assert result.rows[2].errors["email"] == [
        "a person with the e-mail 'old@example.com' already exists (Old Timer)"
    ]
    assert result.rows[3].errors["first_name"] == ["Old Timer starting 2020-01-01 already exists"]


def test_a_file_that_is_not_utf8_is_refused_with_a_hint(employer):
    data = csv_bytes("Zoë,Côté,,casual,,AB,2024-01-01,").decode().encode("latin-1")
    result = preview(employer, data)
    (error,) = result.file_errors
    assert "not UTF-8" in error
    assert "CSV UTF-8" in error


def test_a_byte_order_mark_is_accepted(employer):
    result = preview(employer, b"\xef\xbb\xbf" + csv_bytes("Zoë,Côté,,casual,,AB,2024-01-01,"))
    assert result.ok
    assert result.rows[0].values["first_name"] == "Zoë"


def test_too_many_rows(employer, settings):
    settings.IMPORT_MAX_ROWS = 2
    result = preview(employer, GOOD)
    assert result.file_errors == ["The file has 3 data rows; the limit is 2. Split it into smaller files."]


def test_too_big(employer, settings):
    settings.UPLOAD_MAX_BYTES = 50
    result = preview(employer, GOOD)
    assert result.file_errors[0].startswith(f"The file is {len(GOOD):,} bytes; the limit is 50 bytes")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"", "The file is empty.", id="empty"),
        pytest.param(HEADER.encode() + b"\n", "The file has a header but no data rows.", id="header-only"),
        pytest.param(b"first_name;category;start_date\nA;casual;2024-01-01\n", "semicolons", id="semicolons"),
    ],
)
def test_file_level_errors(employer, data, message):
    result = preview(employer, data)
    assert message in result.file_errors[0]


def test_more_values_than_columns_and_end_before_start_and_bad_hours(employer):
    data = csv_bytes("A,One,,casual,200,AB,2024-05-01,2024-04-01,extra")
    errors = preview(employer, data).rows[0].errors
    assert errors["row"] == ["has 9 values but the header has 8 columns"]
    assert errors["hours_per_week"] == ["'200' is not between 0 and 168 hours"]
    assert errors["end_date"] == ["'2024-04-01' is before the start date 2024-05-01"]


# --- training rows ------------------------------------------------------------------------------------------


TRAINING_HEADER = "person_email,first_name,last_name,course,completed_on,provider"


def test_training_rows_resolve_people_and_courses(employer, person):
    PersonFactory(employer=employer, first_name="Marc", last_name="Tremblay", email="")
    phsm = Course.objects.get(partner__code="ACSA", code="PHSM")
    data = csv_bytes(
        "dana@example.com,,,PHSM,2025-10-20,ACSA",
        f",marc,TREMBLAY,{phsm.name},2025-01-15,",
        header=TRAINING_HEADER,
    )
    result = preview(employer, data, importing.TRAINING)
    assert result.ok, result.messages()
    assert result.rows[0].values["person"] == person.pk
    assert result.rows[1].values["course_code"] == "PHSM"


def test_training_row_errors(employer, person):
    TrainingRecordFactory(
        person=person,
        course=Course.objects.get(partner__code="ACSA", code="SFA"),
        completed_on=dt.date(2024, 3, 1),
    )
    future = (dt.date.today() + dt.timedelta(days=10)).isoformat()
    data = csv_bytes(
        "nobody@example.com,,,PHSM,2025-10-20,",
        ",Ghost,Person,PHSM,2025-10-20,",
        "dana@example.com,,,BASKET_WEAVING,2025-10-20,",
        f"dana@example.com,,,PHSM,{future},",
        "dana@example.com,,,SFA,2024-03-01,",
        "dana@example.com,,,CSTS,2024-03-01,",
        "dana@example.com,,,CSTS,2024-03-01,",
        ",,,CSTS,2024-03-01,",
        header=TRAINING_HEADER,
    )
    rows = preview(employer, data, importing.TRAINING).rows
    assert rows[0].errors == {
        "person_email": ["no person with the e-mail 'nobody@example.com' at this employer"]
    }
    assert rows[1].errors == {"first_name": ["no person named 'Ghost Person' at this employer"]}
    assert (
        rows[2]
        .errors["course"][0]
        .startswith("'BASKET_WEAVING' is not in this employer's course catalogue; use one of:")
    )
    assert "PHSM" in rows[2].errors["course"][0]
    assert rows[3].errors == {"completed_on": [f"'{future}' is in the future"]}
    assert rows[4].errors == {"course": ["Dana Whitford already has SFA completed on 2024-03-01"]}
    assert rows[5].ok
    assert rows[6].errors == {"course": ["the same person, course and date is a duplicate of row 7"]}
    assert rows[7].errors == {"person_email": ["give the person's e-mail, or first_name and last_name"]}


def test_two_people_with_the_same_name_need_an_email(employer):
    PersonFactory(employer=employer, first_name="Sam", last_name="Lee")
    PersonFactory(employer=employer, first_name="Sam", last_name="Lee", start_date=dt.date(2021, 1, 1))
    rows = preview(
        employer, csv_bytes(",Sam,Lee,PHSM,2025-01-01,", header=TRAINING_HEADER), importing.TRAINING
    ).rows
    assert rows[0].errors == {"first_name": ["2 people are named 'Sam Lee'; give person_email instead"]}


# --- commit: all or none ------------------------------------------------------------------------------------


def test_commit_writes_every_row_with_history_by_the_importer(employer, admin):
    token = preview(employer, GOOD).token
    result = importing.commit_import(
        kind=importing.PEOPLE, employer=employer, data=GOOD, token=token, user=admin
    )
    assert len(result.created_ids) == 3
    marc = Person.objects.get(employer=employer, email="marc@example.com")
    assert marc.category == "full_time_permanent"
    assert marc.start_date == dt.date(2022, 3, 14)
    entry = marc.history.get()
    assert entry.history_user == admin
    assert entry.history_change_reason == "CSV import"


def test_commit_refuses_a_file_other_than_the_previewed_one(employer, admin):
    token = preview(employer, GOOD).token
    changed = GOOD.replace(b"Marc", b"Mark")
    with pytest.raises(ApplicationError, match="not the one you previewed"):
        importing.commit_import(
            kind=importing.PEOPLE, employer=employer, data=changed, token=token, user=admin
        )
    assert not Person.objects.filter(employer=employer).exists()


def test_commit_refuses_a_token_for_another_employer(employer, other_employer, admin):
    token = preview(other_employer, GOOD).token
    with pytest.raises(ApplicationError, match="not the one you previewed"):
        importing.commit_import(kind=importing.PEOPLE, employer=employer, data=GOOD, token=token, user=admin)


def test_commit_validates_again(employer, admin):
    token = preview(employer, GOOD).token
    PersonFactory(employer=employer, email="marc@example.com")  # added by someone else after the preview
    with pytest.raises(ApplicationError) as exc:
        importing.commit_import(kind=importing.PEOPLE, employer=employer, data=GOOD, token=token, user=admin)
    assert exc.value.extra["errors"] == [
        "row 2, email: a person with the e-mail 'marc@example.com' already exists ("
        + Person.objects.get(email="marc@example.com").full_name
        + ")"
    ]
    assert Person.objects.filter(employer=employer).count() == 1


def test_a_database_error_on_the_last_row_leaves_nothing(employer, admin, monkeypatch):
    real_builder = importing.ROW_BUILDERS[importing.PEOPLE]

    def builder(employer, row):
        person = real_builder(employer, row)
        if row.row == 4:  # the last row passes validation, then the database refuses it (check constraint)
            person.hours_per_week = 500
        return person

    monkeypatch.setitem(importing.ROW_BUILDERS, importing.PEOPLE, builder)
    token = preview(employer, GOOD).token
    with pytest.raises(ApplicationError, match="Nothing was imported: the database refused the file"):
        importing.commit_import(kind=importing.PEOPLE, employer=employer, data=GOOD, token=token, user=admin)
    assert not Person.objects.filter(employer=employer).exists()
    assert not Person.history.filter(employer_id=employer.pk).exists()


def test_a_row_refused_by_the_model_names_the_row(employer, admin, monkeypatch):
    real_builder = importing.ROW_BUILDERS[importing.PEOPLE]

    def builder(employer, row):
        if row.row == 3:
            row.values["first_name"] = "x" * 101  # longer than the column
        return real_builder(employer, row)

    monkeypatch.setitem(importing.ROW_BUILDERS, importing.PEOPLE, builder)
    token = preview(employer, GOOD).token
    with pytest.raises(ApplicationError, match="Nothing was imported: row 3 was refused"):
        importing.commit_import(kind=importing.PEOPLE, employer=employer, data=GOOD, token=token, user=admin)
    assert not Person.objects.filter(employer=employer).exists()


def test_training_commit(employer, person, admin):
    data = csv_bytes("dana@example.com,,,PHSM,2025-10-20,ACSA", header=TRAINING_HEADER)
    token = preview(employer, data, importing.TRAINING).token
    importing.commit_import(kind=importing.TRAINING, employer=employer, data=data, token=token, user=admin)
    record = TrainingRecord.objects.get(person=person)
    assert record.course.code == "PHSM"
    assert record.provider == "ACSA"
    assert record.history.get().history_user == admin


# --- API and tenancy ------------------------------------------------------------------------------------------


def url(employer, kind="people", step="preview"):
    return f"/api/employers/{employer.pk}/imports/{kind}/{step}"


def upload(data: bytes, name: str = "people.csv"):
    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_api_preview_then_commit(api, employer, admin):
    client = api(admin)
    response = client.post(url(employer), {"file": upload(GOOD)}, format="multipart")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["ok"] is True
    assert body["row_count"] == 3
    response = client.post(
        url(employer, step="commit"), {"file": upload(GOOD), "token": body["token"]}, format="multipart"
    )
    assert response.status_code == 201, response.content
    assert response.json()["created"] == 3
    assert Person.objects.filter(employer=employer).count() == 3


def test_api_preview_reports_errors_row_by_row(api, employer, admin):
    data = csv_bytes("A,One,,casual,,AB,2024-13-01,")
    body = api(admin).post(url(employer), {"file": upload(data)}, format="multipart").json()
    assert body["ok"] is False
    assert body["messages"] == ["row 2, start_date: '2024-13-01' is not a date (use YYYY-MM-DD)"]
    assert body["rows"][0]["errors"] == {"start_date": ["'2024-13-01' is not a date (use YYYY-MM-DD)"]}


def test_api_commit_of_an_invalid_or_different_file_is_400_and_writes_nothing(api, employer, admin):
    client = api(admin)
    bad = csv_bytes("A,One,,casual,,AB,2024-13-01,")
    token = client.post(url(employer), {"file": upload(bad)}, format="multipart").json()["token"]
    response = client.post(
        url(employer, step="commit"), {"file": upload(bad), "token": token}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == ["row 2, start_date: '2024-13-01' is not a date (use YYYY-MM-DD)"]
    response = client.post(
        url(employer, step="commit"), {"file": upload(GOOD), "token": token}, format="multipart"
    )
    assert response.status_code == 400
    assert "not the one you previewed" in response.json()["detail"]
    assert not Person.objects.filter(employer=employer).exists()


def test_api_without_a_file_is_400(api, employer, admin):
    response = api(admin).post(url(employer), {}, format="multipart")
    assert response.status_code == 400
    assert "file" in response.json()


@pytest.mark.parametrize("step", ["preview", "commit"])
def test_another_employers_import_endpoint_is_404(api, employer, outsider, step):
    response = api(outsider).post(
        url(employer, step=step), {"file": upload(GOOD), "token": "x"}, format="multipart"
    )
    assert response.status_code == 404


@pytest.mark.parametrize("step", ["preview", "commit"])
def test_a_reviewer_may_not_import(api, employer, reviewer, step):
    response = api(reviewer).post(
        url(employer, step=step), {"file": upload(GOOD), "token": "x"}, format="multipart"
    )
    assert response.status_code == 403


def test_anonymous_may_not_import(api, employer):
    response = api().post(url(employer), {"file": upload(GOOD)}, format="multipart")
    assert response.status_code in (401, 403)


def test_the_sample_files_import_cleanly(employer, settings):
    from pathlib import Path

    samples = Path(settings.BASE_DIR) / "static" / "samples"
    people = (samples / "people.csv").read_bytes()
    assert preview(employer, people).ok, preview(employer, people).messages()
    token = preview(employer, people).token
    importing.commit_import(kind=importing.PEOPLE, employer=employer, data=people, token=token, user=None)
    training = (samples / "training.csv").read_bytes()
    result = preview(employer, training, importing.TRAINING)
    assert result.ok, result.messages()
