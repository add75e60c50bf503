"""The same tenancy rules, through the pages (not the API): role by role, from the outside.

A user reaches an employer's pages by switching into it (the session's current employer); every record page
then fetches through ``secor.tenancy``. Another tenant's employer or record is a 404, a read-only role (a
partner reviewer) gets 403 on pages that change data, and anonymous users are sent to log in.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from secor.core.files import attach_certificate
from tests.tenancy.world import READERS, ROLES, WRITERS, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = build_world()
    upload = SimpleUploadedFile("first-aid.pdf", b"%PDF-1.4 certificate", content_type="application/pdf")
    attach_certificate(record=w.records["training_record"], upload=upload, user=w.user("employer_admin"))
    return w


def client_for(world, role: str) -> Client:
    client = Client()
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    return client


ALL = [pytest.param(role, id=role) for role in ROLES]


@pytest.mark.parametrize("role", ALL)
def test_switching_into_the_employer(world, role):
    response = client_for(world, role).post(reverse("web:switch_employer", args=[world.employer.pk]))
    if role == "anonymous":
        assert response.status_code == 302
        assert reverse("login") in response["Location"]
    elif role in READERS:
        assert response.status_code == 302
        assert response["Location"] == reverse("web:dashboard")
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", [pytest.param(r, id=r) for r in sorted(READERS)])
def test_readers_see_the_dashboard_and_writers_alone_open_edit_pages(world, role):
    client = client_for(world, role)
    client.post(reverse("web:switch_employer", args=[world.employer.pk]))
    dashboard = client.get(reverse("web:dashboard"))
    assert dashboard.status_code == 200
    assert world.employer.display_name in dashboard.content.decode()
    person = world.records["person"]
    edit = client.get(reverse("web:person_edit", args=[person.pk]))
    change = client.post(
        reverse("web:person_edit", args=[person.pk]),
        {
            "first_name": "Changed",
            "last_name": person.last_name,
            "category": person.category,
            "start_date": person.start_date.isoformat(),
            "province": "AB",
        },
    )
    person.refresh_from_db()
    if role in WRITERS:
        assert edit.status_code == 200
        assert change.status_code == 302
        assert person.first_name == "Changed"
    else:
        assert edit.status_code == 403
        assert change.status_code == 403
        assert person.first_name != "Changed"


@pytest.mark.parametrize(
    "role", [pytest.param(r, id=r) for r in ROLES if r not in READERS and r != "anonymous"]
)
def test_outsiders_get_404_for_every_record_page(world, role):
    client = client_for(world, role)
    if role == "other_admin":  # an employer of their own to work on
        assert client.post(reverse("web:switch_employer", args=[world.other.pk])).status_code == 302
    r = world.records
    urls = [
        reverse("web:person_edit", args=[r["person"].pk]),
        reverse("web:training_new", args=[r["person"].pk]),
        reverse("web:training_edit", args=[r["training_record"].pk]),
        reverse("web:wcb_edit", args=[r["wcb_account"].pk]),
        reverse("web:membership_edit", args=[r["membership"].pk]),
    ]
    for url in urls:
        status = client.get(url).status_code
        # Without a current employer the page first asks the user to choose one (a redirect); it never shows
        # the other tenant's record.
        assert status in (404, 302), (url, status)
        if role == "other_admin":
            assert status == 404, url


@pytest.mark.parametrize("role", ALL)
def test_certificate_file_is_served_only_to_readers(world, role):
    record = world.records["training_record"]
    response = client_for(world, role).get(f"/files/certificates/{record.pk}")
    if role in READERS:
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4 certificate"
    elif role == "anonymous":
        assert response.status_code in (302, 401)
    else:
        assert response.status_code == 404
