"""The consultant's template library: only the firm sees it; a copy goes only into a client the consultant
may change, and becomes the client's own checklist."""

from __future__ import annotations

import pytest

from safety_program import models as m
from safety_program.library import LibraryTemplate
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(client):
    client_employer = f.EmployerFactory(legal_name="Client Roofing Ltd.")
    consultant = f.consultant_for(client_employer)
    stranger = f.EmployerFactory(legal_name="Stranger Ltd.")
    template = LibraryTemplate.objects.create(
        firm=consultant.consultant_firm,
        name="Scaffold checklist",
        inspection_kind_name="Scaffold",
        items=["Base plates", "Tags"],
    )
    client.force_login(consultant)
    return client_employer, stranger, consultant, template


def test_a_consultant_copies_a_template_to_a_client(client, world):
    client_employer, _, _, template = world
    html = client.get("/program/library/").content.decode()
    assert "Scaffold checklist" in html
    assert "Client Roofing" in html
    assert "Stranger" not in html
    response = client.post(
        f"/program/library/{template.pk}/copy/", {"employer": client_employer.pk}, follow=True
    )
    assert "copied to" in response.content.decode()
    copy = m.ChecklistTemplate.objects.get(employer=client_employer)
    assert copy.items == ["Base plates", "Tags"]
    assert copy.inspection_kind.name == "Scaffold"
    assert "library" in copy.copied_from
    template.items = ["Changed"]
    template.save()
    copy.refresh_from_db()
    assert copy.items == ["Base plates", "Tags"]  # the client's own now


def test_copying_into_an_employer_the_consultant_does_not_serve_is_refused(client, world):
    _, stranger, _, template = world
    client.post(f"/program/library/{template.pk}/copy/", {"employer": stranger.pk})
    assert not m.ChecklistTemplate.objects.filter(employer=stranger).exists()


def test_another_firms_template_is_a_404(client, world):
    client_employer, _, _, _ = world
    other = LibraryTemplate.objects.create(
        firm=f.ConsultantFirmFactory(), name="Theirs", inspection_kind_name="Site", items=["x"]
    )
    assert (
        client.post(f"/program/library/{other.pk}/copy/", {"employer": client_employer.pk}).status_code == 404
    )
    assert "Theirs" not in client.get("/program/library/").content.decode()


def test_adding_a_template_with_bad_input_writes_nothing(client, world):
    response = client.post(
        "/program/library/", {"name": "Vehicle", "purpose": "inspection", "items": "  \n "}
    )
    html = response.content.decode()
    assert "This field is required" in html  # blank lines only: nothing to copy
    assert 'value="Vehicle"' in html  # what was typed stays
    assert not LibraryTemplate.objects.filter(name="Vehicle").exists()
    ok = client.post(
        "/program/library/",
        {
            "name": "Vehicle",
            "purpose": "inspection",
            "inspection_kind_name": "Vehicle",
            "items": "Lights\nTires",
        },
    )
    assert ok.status_code == 302
    assert LibraryTemplate.objects.get(name="Vehicle").items == ["Lights", "Tires"]


def test_employers_and_reviewers_have_no_library(client, world):
    client_employer, _, _, _ = world
    client.force_login(f.employer_admin(client_employer))
    assert client.get("/program/library/").status_code == 403
