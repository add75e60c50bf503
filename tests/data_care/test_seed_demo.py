"""``seed_demo``: the world it builds, idempotency, and the generated employers."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from secor.accounts.models import ConsultantAccess, User
from secor.employers import demo
from secor.employers.evaluation import evaluate_employer
from secor.employers.models import Employer, Enrolment, Person, WCBAccount
from training.models import TrainingRecord

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        "employers": Employer.objects.count(),
        "people": Person.objects.count(),
        "training": TrainingRecord.objects.count(),
        "users": User.objects.count(),
        "grants": ConsultantAccess.objects.count(),
        "enrolments": Enrolment.objects.count(),
        "wcb": WCBAccount.objects.count(),
    }


def test_seed_demo_builds_the_world_once_and_prints_the_logins():
    out = StringIO()
    call_command("seed_demo", "--employers", "12", stdout=out)
    first = counts()
    call_command("seed_demo", "--employers", "12", stdout=StringIO())
    assert counts() == first  # idempotent

    text = out.getvalue()
    for email in (
        "owner@prairie-roofing.demo",
        "consultant@safetyfirst.demo",
        "reviewer-acsa@demo.secor",
        "reviewer-scsa@demo.secor",
        "reviewer-go2hr@demo.secor",
        "admin@demo.secor",
    ):
        assert email in text
        assert User.objects.get(email=email).check_password(demo.PASSWORD)
    assert "demo-pass-2026" in text

    hand_made = len(demo.specs())
    assert first["employers"] == hand_made + 12
    assert Employer.objects.filter(contact_email__endswith="@generated.demo").count() == 12
    assert set(Employer.objects.values_list("province", flat=True)) == {"AB", "SK", "BC"}
    assert ConsultantAccess.objects.filter(firm__users__email="consultant@safetyfirst.demo").count() == 12
    for model in (Employer, Person, TrainingRecord):  # generated rows have history too
        assert model.history.count() >= model.objects.count()


def test_the_world_shows_the_states_it_promises():
    demo.build_world()

    def evaluation(name):
        return evaluate_employer(Employer.objects.get(operating_name=name)).to_dict()

    prairie = evaluation("Prairie Roofing")
    assert prairie["eligibility"]["status"] == "eligible"
    assert prairie["training"]["satisfied"] is True
    assert evaluation("Foothills Framing")["eligibility"]["count"] == 10  # AB limit, exactly
    assert evaluation("Qu'Appelle Concrete")["eligibility"]["count"] == 9  # SK limit, exactly
    assert evaluation("Tofino Tide Lodge")["eligibility"]["count"] == pytest.approx(19.9)  # go2HR, FTE
    for name in ("Bow River Electric", "Riverbend Drywall", "Kootenay Timber"):
        assert evaluation(name)["eligibility"]["status"] == "outgrown", name
    sky = Employer.objects.get(operating_name="Prairie Sky Renovations").enrolments.get()
    assert sky.milestone1_completed_on is None
    assert sky.partner.code == "SCSA"
    assert Enrolment.objects.filter(status=Enrolment.Status.LAPSED).count() >= 3
    assert Person.objects.filter(
        end_date__isnull=False, training_records__isnull=False
    ).exists()  # a trained leaver
    assert Person.objects.filter(deleted_at__isnull=False).count() == 1  # something to restore


def test_generated_employers_top_up_only_the_missing_ones():
    made = demo.build_generated(5, batch_size=2)
    assert made["employers"] == 5
    assert demo.build_generated(7, batch_size=4)["employers"] == 2
    assert demo.build_generated(7) == {}
    generated = Employer.objects.filter(contact_email__endswith="@generated.demo")
    assert generated.count() == 7
    assert Person.objects.filter(employer__in=generated).count() >= 14
    assert all(e.enrolments.count() == 1 and e.wcb_accounts.count() == 1 for e in generated)
    for account in WCBAccount.objects.filter(employer__in=generated):
        account.full_clean()  # generated numbers are valid for their board
