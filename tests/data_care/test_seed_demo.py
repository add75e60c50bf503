"""``seed_demo``: the world it builds, idempotency, and the generated employers."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from secor.accounts.models import ConsultantAccess, User
from secor.employers import demo
from secor.employers.evaluation import evaluate_employer
from secor.employers.models import Employer, Enrolment, Person, WCBAccount
from secor.reminders.models import Notification
from training.models import TrainingRecord

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    from audits.models import Audit, AuditRevision, AuditTransition, Evidence, ReviewNote

    return {
        "audits": Audit.objects.count(),
        "revisions": AuditRevision.objects.count(),
        "transitions": AuditTransition.objects.count(),
        "evidence": Evidence.objects.count(),
        "notes": ReviewNote.objects.count(),
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
    # Staff and reviewers need a second factor: the demo gives them the documented app key, and
    # demo_code prints the code an app would show (the log-in's code step accepts it).
    assert f"app key {demo.DEMO_TOTP_KEY}" in text
    code = StringIO()
    call_command("demo_code", "reviewer-acsa@demo.secor", stdout=code)
    from secor.accounts.mfa import verify_code

    assert (
        verify_code(User.objects.get(email="reviewer-acsa@demo.secor"), code.getvalue().strip()) is not None
    )

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


def test_the_demo_audits_are_real_cycles_in_each_state():
    from audits.models import Audit, AuditStatus, AuditTransition, ReviewNote
    from secor import tenancy

    report = demo.build_world()
    assert not report.skipped, report.skipped
    audits = {
        a.employer.operating_name: a
        for a in Audit.objects.select_related("employer", "enrolment").exclude(
            employer__operating_name="Tofino Tide Lodge", kind="maintenance"
        )
    }
    assert set(audits) == {"Prairie Roofing", "Qu'Appelle Concrete", "Okanagan Bistro", "Tofino Tide Lodge"}

    # Prairie Roofing: submitted, in the ACSA reviewer's queue (and only theirs)
    prairie = audits["Prairie Roofing"]
    assert prairie.status == AuditStatus.SUBMITTED
    assert prairie.revision_count == 1
    revision = prairie.revisions.get()
    assert revision.verify()
    assert revision.passed is True
    acsa, scsa = (User.objects.get(email=f"reviewer-{c}@demo.secor") for c in ("acsa", "scsa"))
    assert tenancy.scope(Audit.objects.all(), acsa).filter(pk=prairie.pk).exists()
    assert not tenancy.scope(Audit.objects.all(), scsa).filter(pk=prairie.pk).exists()
    assert prairie.evidence.filter(first_revision=1).count() >= 10  # every documentation question

    # Qu'Appelle Concrete: corrections requested with actionable notes the employer must answer
    quappelle = audits["Qu'Appelle Concrete"]
    assert quappelle.status == AuditStatus.CORRECTIONS_REQUESTED
    actionable = quappelle.notes.filter(kind=ReviewNote.Kind.ACTIONABLE, response="")
    assert sorted(n.question.code for n in actionable) == ["2.2", "9.1"]
    assert quappelle.transitions.filter(action=AuditTransition.Action.CORRECTIONS_REQUESTED).exists()

    # Okanagan Bistro: a maintenance draft, partly answered, with a notice sent 14+ days before the start
    bistro = audits["Okanagan Bistro"]
    assert bistro.status == AuditStatus.DRAFT
    assert bistro.kind == "maintenance"
    questions = bistro.instrument.elements.values("questions").count()
    assert 0 < bistro.answers.count() < questions
    assert (bistro.starts_on - bistro.notice_sent_on).days >= 14

    # Tofino Tide Lodge: accepted, passed, certificate issued with its maintenance schedule
    tofino = audits["Tofino Tide Lodge"]
    assert tofino.status == AuditStatus.ACCEPTED
    assert tofino.outcome_passed is True
    tofino.enrolment.refresh_from_db()
    assert tofino.enrolment.certificate_number
    assert tofino.enrolment.status == Enrolment.Status.CERTIFIED
    assert tofino.schedule_rows.exists()

    # evidence files are real PDFs stored under generated names
    evidence = prairie.evidence.first()
    with evidence.file.open("rb") as fh:
        body = fh.read()
    assert body.startswith(b"%PDF-1.4")
    assert body.rstrip().endswith(b"%%EOF")
    assert evidence.original_name.endswith(".pdf")
    assert evidence.original_name not in evidence.file.name

    again = demo.build_world()  # idempotent: nothing new, same table
    assert "audits" not in again.created
    assert len(again.audits) == 5


def test_an_audit_the_records_no_longer_allow_is_skipped_not_fatal(monkeypatch):
    from audits.models import Audit

    plans = demo.AUDIT_PLANS
    monkeypatch.setattr(demo, "AUDIT_PLANS", ())
    demo.build_world()
    # someone deleted the SCSA auditor's Safety Auditor Training from the demo records
    TrainingRecord.objects.get(
        person__first_name="Lise", person__last_name="Bouchard", course__code="SCSA_SAT"
    ).soft_delete()
    monkeypatch.setattr(demo, "AUDIT_PLANS", plans)

    report = demo.build_world()
    assert len(report.skipped) == 1
    assert "quappelle-concrete" in report.skipped[0]
    assert "Safety Auditor Training" in report.skipped[0]
    assert set(Audit.objects.values_list("employer__operating_name", flat=True)) == {
        "Prairie Roofing",
        "Okanagan Bistro",
        "Tofino Tide Lodge",
    }


def test_the_demo_shows_a_business_change_a_carry_over_offer_and_cited_records():
    from audits import carryover
    from audits.models import Audit, AuditStatus
    from safety_program.citation_models import CitedRecord
    from secor.changes.models import BusinessChange

    today = timezone.localdate()
    report = demo.build_world()
    assert not report.skipped, report.skipped

    # Qu'Appelle Concrete (SK, SCSA): a second WCB account, the trained person shared between the two
    change = BusinessChange.objects.get(employer__operating_name="Qu'Appelle Concrete")
    assert change.kind == "wcb_account"
    assert change.wcb_account.account_number == "1377305"
    assert change.wcb_account.active_from == change.effective_on < today
    assert [v["partner"] for v in change.verdicts] == ["SCSA"]
    assert change.worst_outcome == "own_certificate"
    assert Notification.objects.filter(kind="business_change", url__contains=f"/{change.pk}/").exists()

    # Tofino Tide Lodge: a maintenance draft whose predecessor was accepted: the carry-over offer shows
    draft = Audit.objects.get(employer__operating_name="Tofino Tide Lodge", kind="maintenance")
    accepted = Audit.objects.get(employer__operating_name="Tofino Tide Lodge", kind="certification")
    assert draft.status == AuditStatus.DRAFT
    assert accepted.status == AuditStatus.ACCEPTED
    assert draft.notice_sent_on == today  # planned ahead: go2HR's notice sent today
    assert draft.starts_on == today + dt.timedelta(days=330)
    offer = carryover.offer(draft)
    assert offer is not None
    assert offer["source"] == accepted
    assert carryover.can_carry(draft)

    # Prairie Roofing: one question cites program records, frozen into the submitted revision
    prairie = Audit.objects.get(employer__operating_name="Prairie Roofing")
    cited = list(CitedRecord.objects.filter(audit=prairie))
    assert 1 <= len(cited) <= 3
    assert len({c.question_id for c in cited}) == 1
    assert all(c.first_revision == 1 for c in cited)
    assert prairie.revisions.get().verify()

    again = demo.build_world()  # idempotent
    assert not {"business changes", "audits", "cited program records"} & set(again.created)
    assert BusinessChange.objects.count() == 1
    assert CitedRecord.objects.count() == len(cited)
