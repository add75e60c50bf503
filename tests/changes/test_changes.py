"""Business changes in the product: the guided page and the API record a change whole or not at all, apply it
to the records, store its verdict per partner, ask for the status to be recomputed, tell the employer's people
and consultants (in-app + e-mail with a link and the public sources; mutes and digests respected), and the
partner's reviewers read them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from secor.changes.models import BusinessChange
from secor.employers.models import OperatingProvince, WCBAccount
from secor.reminders.models import Notification, NotificationPreference
from secor.status.models import EmployerStatus
from tests.factories import (
    EmployerFactory,
    EnrolmentFactory,
    WCBAccountFactory,
    consultant_for,
    employer_admin,
    employer_member,
    partner,
    reviewer_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sk():
    employer = EmployerFactory(province="SK", legal_name="Prairie Pipe Ltd.", operating_name="Prairie Pipe")
    WCBAccountFactory(employer=employer, board="WCB-SK", account_number="1234567")
    EnrolmentFactory(
        employer=employer,
        partner=partner("SK", "SCSA"),
        status="certified",
        issued_on=dt.date(2025, 5, 1),
        expires_on=dt.date(2028, 5, 1),
        certificate_number="SK-1",
    )
    owner = employer_admin(employer, email="owner@pipe.example")
    member = employer_member(employer, email="member@pipe.example")
    consultant = consultant_for(employer, email="casey@consult.example")
    return employer, owner, member, consultant


def _post_new_account(client, employer, **extra):
    data = {
        "kind": "wcb_account",
        "effective_on": "2026-03-02",
        "board": "WCB-SK",
        "account_number": "7654321",
        "additional_account": "1",
        "trained_person_shared": "on",
        **extra,
    }
    return client.post(reverse("changes:new", args=[employer.pk]), data)


def test_new_wcb_account_with_scsa_recorded_applied_judged_and_told(
    client, sk, django_capture_on_commit_callbacks
):
    employer, owner, member, consultant = sk
    client.force_login(owner)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _post_new_account(client, employer)
    change = BusinessChange.objects.get(employer=employer)
    assert response.status_code == 302
    assert response["Location"] == reverse("changes:detail", args=[employer.pk, change.pk])
    # applied to the records, with its effective date
    account = WCBAccount.objects.get(employer=employer, account_number="7654321")
    assert account.active_from == dt.date(2026, 3, 2)
    assert change.wcb_account == account
    assert WCBAccount.objects.get(account_number="1234567").active_to is None  # additional: the old one stays
    # the verdict per partner, with SCSA's two rules
    [verdict] = change.verdicts
    assert verdict["partner"] == "SCSA"
    assert verdict["outcome"] == "own_certificate"
    said = " ".join(p["text"] for p in verdict["certificate"] + verdict["todo"])
    assert "Each WCB account must qualify for its own certificate" in said
    assert "only one WCB account" in said
    # the status was recomputed after the commit
    status = EmployerStatus.objects.get(employer=employer)
    assert status.dirty_since is None
    assert status.computed_at >= change.recorded_at
    # told: member and consultant, not the one who recorded it; e-mail with the link and public sources
    told = set(Notification.objects.filter(kind="business_change").values_list("user__email", flat=True))
    assert told == {"member@pipe.example", "casey@consult.example"}
    [message] = [m for m in mail.outbox if m.to == ["casey@consult.example"]]
    assert "Business change – Prairie Pipe" in message.subject
    link = reverse("changes:detail", args=[employer.pk, change.pk])
    assert link in message.body
    assert "https://scsaonline.ca/programs/secor" in message.body
    assert "What to tell the partner:" in message.body
    assert "seed" not in message.body.lower()
    assert "program-rules" not in message.body
    # the page shows it with its sources
    page = client.get(link).content.decode()
    assert "A separate certificate is needed" in page
    assert "https://scsaonline.ca/programs/secor" in page


def test_a_bad_account_number_writes_nothing_and_keeps_what_was_typed(client, sk):
    employer, owner, *_ = sk
    client.force_login(owner)
    response = _post_new_account(client, employer, account_number="12AB")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="field-account_number"' in body
    assert "6 to 8 digits" in body
    assert 'value="12AB"' in body
    assert not BusinessChange.objects.exists()
    assert not WCBAccount.objects.filter(account_number="12AB").exists()
    assert not Notification.objects.filter(kind="business_change").exists()


@pytest.mark.parametrize(("days", "ok"), [(366, True), (367, False)])
def test_effective_date_at_most_a_year_ahead(client, sk, days, ok):
    employer, owner, *_ = sk
    client.force_login(owner)
    day = timezone.localdate() + dt.timedelta(days=days)
    response = client.post(
        reverse("changes:new", args=[employer.pk]),
        {"kind": "outgrown", "effective_on": day.isoformat(), "workers_after": "12"},
    )
    assert BusinessChange.objects.exists() is ok
    if not ok:
        assert "one year from today" in response.content.decode()


def test_mutes_and_digest_are_respected(client, sk, django_capture_on_commit_callbacks):
    employer, owner, member, consultant = sk
    NotificationPreference.objects.create(user=member, muted_kinds=["business_change"])
    NotificationPreference.objects.create(user=consultant, digest=True)
    client.force_login(owner)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("changes:new", args=[employer.pk]),
            {"kind": "outgrown", "effective_on": "2026-03-02", "workers_after": "12"},
        )
    assert mail.outbox == []
    assert Notification.objects.get(user=member).email_status == Notification.EmailStatus.SKIPPED
    assert Notification.objects.get(user=consultant).delivery == "digest"


def test_owner_name_change_renames_and_keeps_the_previous_name(client, sk):
    employer, owner, *_ = sk
    client.force_login(owner)
    client.post(
        reverse("changes:new", args=[employer.pk]),
        {
            "kind": "owner",
            "effective_on": "2026-03-02",
            "name_only": "on",
            "new_legal_name": "Prairie Pipe 2026 Ltd.",
        },
    )
    employer.refresh_from_db()
    change = BusinessChange.objects.get()
    assert employer.legal_name == "Prairie Pipe 2026 Ltd."
    assert change.previous_legal_name == "Prairie Pipe Ltd."
    assert change.verdicts[0]["outcome"] == "continues"
    assert employer.history.count() >= 2  # the old name stays in the history


def test_province_move_adds_the_operating_province(client, sk):
    employer, owner, *_ = sk
    client.force_login(owner)
    client.post(
        reverse("changes:new", args=[employer.pk]),
        {"kind": "province_move", "effective_on": "2026-03-02", "to_province": "AB"},
    )
    assert OperatingProvince.objects.filter(employer=employer, province="AB").exists()
    assert BusinessChange.objects.get().verdicts[0]["outcome"] == "not_covered"


def test_reviewer_reads_changes_on_the_employer_but_cannot_record(client, sk):
    employer, owner, *_ = sk
    client.force_login(owner)
    _post_new_account(client, employer)
    change = BusinessChange.objects.get()
    reviewer = reviewer_of("SK", "SCSA")
    client.force_login(reviewer)
    listing = client.get(reverse("changes:list", args=[employer.pk])).content.decode()
    assert "New or additional WCB account" in listing
    assert "Record a change" not in listing
    assert client.get(reverse("changes:detail", args=[employer.pk, change.pk])).status_code == 200
    ledger = client.get(reverse("certificates:ledger", args=[employer.pk])).content.decode()
    assert "Business changes" in ledger
    assert "New or additional WCB account" in ledger
    assert client.post(reverse("changes:new", args=[employer.pk]), {"kind": "outgrown"}).status_code == 403
    # another partner's reviewer, another tenant: 404
    client.force_login(reviewer_of("AB", "ACSA"))
    assert client.get(reverse("changes:list", args=[employer.pk])).status_code == 404
    client.force_login(employer_admin(EmployerFactory()))
    assert client.get(reverse("changes:detail", args=[employer.pk, change.pk])).status_code == 404


def test_api_records_and_lists_with_public_sources(sk):
    employer, owner, *_ = sk
    api = APIClient()
    api.force_authenticate(owner)
    url = reverse("api-employer-changes", args=[employer.pk])
    bad = api.post(url, {"kind": "outgrown", "effective_on": "2026-03-02"}, format="json")
    assert bad.status_code == 400
    assert "workers_after" in bad.json()
    assert not BusinessChange.objects.exists()
    ok = api.post(url, {"kind": "outgrown", "effective_on": "2026-03-02", "workers_after": 12}, format="json")
    assert ok.status_code == 201
    body = ok.json()
    [v] = body["verdicts"]
    assert v["outcome"] == "move_to_cor"
    sources = [s for p in v["certificate"] for s in p["sources"]]
    assert {
        "title": "SCSA: SECOR program (2018 page)",
        "url": "https://scsaonline.ca/programs/secor",
    } in sources
    listed = api.get(url).json()
    assert [c["id"] for c in listed] == [body["id"]]
    reviewer = APIClient()
    reviewer.force_authenticate(reviewer_of("SK", "SCSA"))
    assert reviewer.get(reverse("api-change", args=[body["id"]])).status_code == 200
    assert reviewer.post(url, {"kind": "outgrown"}, format="json").status_code == 403
