"""What people hit in the browser (issue 15): each numbered defect, driven in Chromium."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect
from rest_framework.test import APIClient

from audits.models import Answer, Audit, Question
from secor.accounts.models import EmployerMembership
from secor.employers.models import Employer, Enrolment, Person
from tests import factories as f
from tests.audits.factories import enrolled_employer, plan_payload
from tests.audits.helpers import at
from tests.browser.conftest import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INTERNAL = re.compile(
    r"seed 0\d\d|program-rules|\(inferred\)|full_time_permanent|is_assessor|course_code|in_review"
)


def _draft_audit_with_answer(score: str = "2.50", notes: str = "Policy signed by the owner in March."):
    s = enrolled_employer("ACSA")
    client = APIClient()
    client.force_authenticate(s.owner)
    with at(dt.date(2026, 3, 10)):
        r = client.post(
            "/api/audits/",
            plan_payload(s, kind="certification", starts_on=dt.date(2026, 3, 2), ends_on=dt.date(2026, 3, 6)),
            format="json",
        )
        assert r.status_code == 201, r.json()
    audit = Audit.objects.get(pk=r.json()["id"])
    q = (
        Question.objects.filter(element__instrument=audit.instrument, points__gte=Decimal(score))
        .exclude(scoring_rule="interview_percentage")
        .order_by("element__number", "order")
        .first()
    )
    r = client.post(
        f"/api/audits/{audit.pk}/answers/", {"question": q.pk, "score": score, "notes": notes}, format="json"
    )
    assert r.status_code == 200, r.json()
    return s, audit, q


# --- 1. a rejected upload keeps the answer ------------------------------------------------------------------


def test_rejected_upload_keeps_the_typed_answer_and_evidence_fields(page):
    s, audit, q = _draft_audit_with_answer()
    log_in(page, s.owner.email, f.PASSWORD)
    page.goto(f"/audits/{audit.pk}/questions/{q.pk}/")
    expect(page.get_by_label("Score")).to_have_value("2.50")
    # A new score and notes typed but not saved, then a refused file.
    page.get_by_label("Score").fill("1.50")
    page.get_by_label("Notes").fill("Policy re-signed in April; old copy withdrawn.")
    page.get_by_label("Description").fill("Signed policy, page 2")
    page.get_by_label("File").set_input_files(
        files=[{"name": "tool.exe", "mimeType": "application/octet-stream", "buffer": b"MZ\x90\x00binary"}]
    )
    page.get_by_role("button", name="Upload").click()
    # The error is next to the file field, and every typed value is still there.
    file_field = page.locator("#field-file")
    expect(file_field.locator(".errorlist")).to_be_visible()
    expect(file_field.locator(".errorlist")).to_contain_text("not an allowed file type")
    expect(page.get_by_label("Score")).to_have_value("1.50")
    expect(page.get_by_label("Notes")).to_have_value("Policy re-signed in April; old copy withdrawn.")
    expect(page.get_by_label("Description")).to_have_value("Signed policy, page 2")
    shot(page, "ux-01-rejected-upload")
    # Nothing was stored by the refused request (all or nothing): the saved answer is untouched.
    answer = Answer.objects.get(audit=audit, question=q)
    assert (answer.score, answer.notes) == (Decimal("2.50"), "Policy signed by the owner in March.")
    assert not audit.evidence.exists()
    # Choosing a proper file and saving keeps the typed answer and attaches the file with its description.
    page.get_by_label("File").set_input_files(
        files=[{"name": "policy.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\npolicy\n%%EOF"}]
    )
    page.get_by_role("button", name="Save answer").click()
    expect(page.get_by_text(f"Answer {q.code} saved.")).to_be_visible()
    expect(page.get_by_text("Evidence attached.")).to_be_visible()
    expect(page.get_by_label("Score")).to_have_value("1.50")
    answer.refresh_from_db()
    assert (answer.score, answer.notes) == (Decimal("1.50"), "Policy re-signed in April; old copy withdrawn.")
    [evidence] = audit.evidence.all()
    assert (evidence.original_name, evidence.description) == ("policy.pdf", "Signed policy, page 2")


def test_a_score_out_of_range_keeps_the_chosen_evidence_fields_and_stores_nothing(page):
    s, audit, q = _draft_audit_with_answer()
    log_in(page, s.owner.email, f.PASSWORD)
    page.goto(f"/audits/{audit.pk}/questions/{q.pk}/")
    page.get_by_label("Score").fill("99")
    page.get_by_label("Description").fill("Signed policy, page 2")
    page.get_by_label("File").set_input_files(
        files=[{"name": "policy.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\npolicy\n%%EOF"}]
    )
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("#field-score .errorlist")).to_be_visible()
    expect(page.get_by_label("Score")).to_have_value("99")
    expect(page.get_by_label("Description")).to_have_value("Signed policy, page 2")
    assert Answer.objects.get(audit=audit, question=q).score == Decimal("2.50")
    assert not audit.evidence.exists()


def test_a_refused_response_to_a_reviewer_note_keeps_its_text_next_to_the_error(page):
    from audits import services
    from tests.audits.helpers import submitted_audit

    def api(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    setup, audit = submitted_audit(api)
    services.review_start(audit=audit, by=setup.reviewer)
    questions = list(
        Question.objects.filter(element__instrument=audit.instrument).order_by("element__number", "order")
    )
    for q in questions[:3]:
        services.review_add_note(
            audit=audit,
            by=setup.reviewer,
            kind="actionable",
            text=f"Attach the dated copy for {q.code}.",
            question=q.pk,
        )
    services.review_request_corrections(
        audit=Audit.objects.get(pk=audit.pk), by=setup.reviewer, message="See the notes."
    )
    note = audit.notes.order_by("pk")[2]
    log_in(page, setup.owner.email, f.PASSWORD)
    page.goto(f"/audits/{audit.pk}/")
    item = page.locator(f"#note-{note.pk}")
    # Empty: the error is next to this note's box, in view.
    item.get_by_role("button", name="Send response").click()
    item = page.locator(f"#note-{note.pk}")
    expect(item.locator(".errorlist")).to_have_text("Write your response to this note.")
    expect(item.locator(".errorlist")).to_be_in_viewport()
    # Too long: refused, and the text typed is still in the box.
    long = "The dated policy is attached. " * 140 + "End."
    item.get_by_label("Your response").fill(long)
    item.get_by_role("button", name="Send response").click()
    item = page.locator(f"#note-{note.pk}")
    expect(item.locator(".errorlist")).to_contain_text("Keep the response to 4,000 characters")
    expect(item.get_by_label("Your response")).to_have_value(long)
    expect(item.get_by_label("Your response")).to_have_attribute("aria-invalid", "true")
    assert page.locator(".note .errorlist").count() == 1  # only that note's box
    note.refresh_from_db()
    assert note.response == ""
    shot(page, "ux-03-note-response-error")
    item.get_by_label("Your response").fill("The dated policy is attached to 1.1.")
    item.get_by_role("button", name="Send response").click()
    expect(page.locator(f"#note-{note.pk}")).to_contain_text("Response: The dated policy is attached to 1.1.")
    note.refresh_from_db()
    assert note.response == "The dated policy is attached to 1.1."


# --- 8. the People page's tab title ---------------------------------------------------------------------------


def test_people_page_title_is_plain_text_after_someone_was_removed(page):
    employer = f.EmployerFactory(operating_name="Prairie Roofing")
    owner = f.employer_admin(employer)
    gone = f.PersonFactory(employer=employer, first_name="Gone", last_name="Person")
    f.PersonFactory(employer=employer, first_name="Stays", last_name="Here")
    log_in(page, owner.email, f.PASSWORD)
    page.goto(f"/people/{gone.pk}/")
    page.get_by_role("link", name="Delete Gone Person").click()
    # Deleting asks first.
    expect(page.get_by_role("heading", name="Delete Gone Person?")).to_be_visible()
    assert Person.objects.filter(pk=gone.pk, deleted_at__isnull=True).exists()
    page.get_by_role("button", name="Yes, delete Gone Person").click()
    expect(page.get_by_role("heading", name="Recently removed")).to_be_visible()
    title = page.title()
    assert title == "People and training · SECOR Tracker", title
    assert "csrfmiddlewaretoken" not in title
    assert "<" not in title
    assert not Person.objects.filter(pk=gone.pk, deleted_at__isnull=True).exists()


# --- 7. our internals never reach the screen ------------------------------------------------------------------


def _internal_words(page) -> list[str]:
    return INTERNAL.findall(page.locator("body").inner_text())


def test_checker_result_shows_public_citations_only(page):
    page.goto("/check/")
    page.get_by_label("Your province and certifying partner").select_option("BC/GO2HR")
    page.get_by_label("Full-time employees").fill("5")
    page.get_by_role("button", name="Check my eligibility").click()
    expect(page.get_by_text("Where these rules come from")).to_be_visible()
    assert _internal_words(page) == []
    links = page.locator(".sources a")
    assert links.count() > 0
    for i in range(links.count()):
        assert links.nth(i).get_attribute("href").startswith("http")
    shot(page, "ux-07-checker-sources")


def test_dashboard_deadlines_and_import_preview_show_words_not_codes(page):
    employer = f.EmployerFactory(operating_name="Prairie Roofing", province="AB")
    owner = f.employer_admin(employer)
    f.EnrolmentFactory(
        employer=employer,
        status=Enrolment.Status.CERTIFIED,
        registered_on=dt.date(2023, 1, 10),
        issued_on=dt.date(2024, 3, 1),
        expires_on=dt.date(2027, 3, 1),
    )
    f.WCBAccountFactory(employer=employer)
    f.PersonFactory(employer=employer, start_date=dt.date(2020, 1, 1))
    from secor.reminders.services import run_sweep

    run_sweep(dispatch=False)
    log_in(page, owner.email, f.PASSWORD)
    assert _internal_words(page) == []
    page.goto(f"/reminders/employers/{employer.pk}/deadlines/")
    assert _internal_words(page) == []
    page.goto("/import/")
    page.get_by_label("People", exact=True).check()
    page.get_by_label("CSV file").set_input_files(
        files=[
            {
                "name": "people.csv",
                "mimeType": "text/csv",
                "buffer": b"first_name,last_name,email,category,hours_per_week,province,start_date,end_date,"
                b"is_assessor\nDana,New,,full_time_permanent,40,AB,2024-01-01,,no\n",
            }
        ]
    )
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_text("Full-time permanent")).to_be_visible()
    assert _internal_words(page) == []
    shot(page, "ux-07-import-preview")
    assert EmployerMembership.objects.filter(user=owner).exists()


def test_dashboard_deadlines_link_to_their_pages_with_the_reminder_schedule(page):
    from secor.reminders.models import Deadline
    from secor.reminders.services import run_sweep

    # Certified nine months ago: the year-2 maintenance audit is the next deadline, three months away.
    issued = dt.date.today() - dt.timedelta(days=270)
    if (issued.month, issued.day) == (2, 29):
        issued -= dt.timedelta(days=1)
    employer = f.EmployerFactory(operating_name="Prairie Roofing", province="AB")
    owner = f.employer_admin(employer)
    f.EnrolmentFactory(
        employer=employer,
        status=Enrolment.Status.CERTIFIED,
        registered_on=issued - dt.timedelta(days=400),
        issued_on=issued,
        expires_on=issued.replace(year=issued.year + 3),
    )
    f.WCBAccountFactory(employer=employer)
    f.PersonFactory(employer=employer, start_date=dt.date(2020, 1, 1))
    run_sweep(dispatch=False)
    log_in(page, owner.email, f.PASSWORD)
    page.goto("/dashboard/")
    # Every deadline listed on the dashboard is a link to its own page.
    rows = page.locator("#dl-h + ul.deadlines li")
    assert rows.count() > 0
    for i in range(rows.count()):
        href = rows.nth(i).get_by_role("link").first.get_attribute("href")
        assert re.fullmatch(r"/reminders/deadlines/\d+/", href), href
    # The "Next deadline" card's title opens that deadline's page, which shows its reminder schedule.
    card = page.locator("section", has=page.locator("#next-h"))
    title = card.locator("strong a").inner_text()
    card.locator("strong a").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    deadline = Deadline.objects.get(pk=int(page.url.rstrip("/").split("/")[-1]))
    assert deadline.employer_id == employer.pk
    expect(page.get_by_role("heading", name="Reminders")).to_be_visible()
    schedule = page.locator("#reminder-schedule li")
    expect(schedule).to_have_count(5)  # the default policy: 90, 30, 7, 1 days before and on the day
    expect(schedule.first).to_contain_text("90 days before")
    expect(schedule.last).to_contain_text("On the day")
    assert _internal_words(page) == []
    shot(page, "ux-04-deadline-page")


# --- 4. the training matrix does not cry wolf -----------------------------------------------------------------


def _acsa_employer(name: str = "Prairie Roofing", workers: int = 0, **person_kwargs):
    employer = f.EmployerFactory(operating_name=name, province="AB")
    owner = f.employer_admin(employer)
    f.EnrolmentFactory(employer=employer, partner=f.partner("AB", "ACSA"), registered_on=dt.date(2025, 1, 15))
    f.WCBAccountFactory(employer=employer)
    f.OperatingProvinceFactory(employer=employer)
    for i in range(workers):
        f.PersonFactory(
            employer=employer,
            first_name=f"Crew{i}",
            last_name="Member",
            category="full_time_permanent",
            start_date=dt.date(2020, 1, 1),
            **person_kwargs,
        )
    return employer, owner


def test_matrix_says_not_required_where_the_requirement_is_met(page):
    from training.models import Course, TrainingRecord

    employer, owner = _acsa_employer()
    ada = f.PersonFactory(
        employer=employer,
        first_name="Ada",
        last_name="Lovelace",
        category="full_time_permanent",
        is_assessor=True,
        start_date=dt.date(2019, 4, 1),
    )
    f.PersonFactory(
        employer=employer,
        first_name="Fay",
        last_name="Family",
        category="family_member",
        start_date=dt.date(2020, 1, 1),
    )
    acsa = f.partner("AB", "ACSA")
    for code in ("PHSM", "SFA", "CSTS"):
        TrainingRecord.objects.create(
            person=ada, course=Course.objects.get(partner=acsa, code=code), completed_on=dt.date(2025, 6, 1)
        )
    log_in(page, owner.email, f.PASSWORD)
    row = page.locator("table.matrix tr", has_text="Fay Family")
    expect(row.locator("td")).not_to_have_count(0)
    assert row.locator('td[data-state="not_required"]').count() == row.locator("td").count()
    expect(page.locator('td[data-state="missing"]')).to_have_count(0)
    expect(page.locator("table.matrix").get_by_text("Missing")).to_have_count(0)
    shot(page, "ux-04-matrix")


# --- 5. a warning at the limit; a lapsed employer told the right story ----------------------------------------


def test_eligible_employer_at_the_limit_is_warned(page):
    employer, owner = _acsa_employer(workers=10)
    log_in(page, owner.email, f.PASSWORD)
    warning = page.locator("[data-limit-warning]")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("One more hire ends your eligibility")
    shot(page, "ux-05-at-limit")


def test_lapsed_employer_sees_the_lapse_date(page):
    employer, owner = _acsa_employer(workers=2)
    enrolment = employer.enrolments.get()
    enrolment.status = Enrolment.Status.LAPSED
    enrolment.issued_on = dt.date(2022, 8, 1)
    enrolment.expires_on = dt.date(2025, 8, 1)
    enrolment.certificate_number = "AB-SECOR-1"
    enrolment.save()
    log_in(page, owner.email, f.PASSWORD)
    expect(page.get_by_text("You do not hold a SECOR yet")).to_have_count(0)
    expect(page.get_by_text("Your SECOR lapsed on Aug 1, 2025").first).to_be_visible()
    shot(page, "ux-05-lapsed")


# --- 10. the checker ----------------------------------------------------------------------------------------------


def test_checker_does_not_refill_the_last_visitors_answers_and_signup_keeps_the_wcb_account(page):
    page.goto("/check/")
    page.get_by_label("Your province and certifying partner").select_option("AB/ACSA")
    page.get_by_label("Full-time employees").fill("5")
    page.get_by_label("Subcontractors").fill("3")
    page.get_by_role("button", name="Check my eligibility").click()
    expect(page.locator("#verdict-title")).to_be_visible()
    page.goto("/check/")
    expect(page.get_by_label("Subcontractors")).not_to_have_value("3")
    page.goto("/signup/")
    expect(page.get_by_label(re.compile("I have a workers"))).to_be_checked()
    page.get_by_label("Your name").fill("Sam Signup")
    page.get_by_label("E-mail address").fill("sam@roofs.example")
    page.get_by_label("Password", exact=True).fill("roofs-and-ladders-26")
    page.get_by_label("Password again").fill("roofs-and-ladders-26")
    page.get_by_label("Business name (legal name)").fill("Sam's Roofs Ltd.")
    page.get_by_label("WCB account number").fill("12345678")
    page.get_by_role("button", name="Create my account").click()
    # Sign-up confirms the e-mail address first (docs/accounts.md): open the link from the e-mail.
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    from django.core import mail

    link = re.search(r"http://\S+(/signup/confirm/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    expect(page.get_by_role("heading", name="Sam's Roofs Ltd.")).to_be_visible()
    from secor.employers.models import WCBAccount

    assert WCBAccount.objects.filter(
        employer__legal_name="Sam's Roofs Ltd.", account_number="12345678"
    ).exists()


def test_ineligible_business_gets_a_short_answer(page):
    page.goto("/check/")
    page.get_by_label("Your province and certifying partner").select_option("AB/ACSA")
    page.get_by_label("Full-time employees").fill("25")
    page.get_by_role("button", name="Check my eligibility").click()
    expect(page.get_by_role("heading", name=re.compile("^No"))).to_be_visible()
    expect(page.get_by_text("What you can do")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Sign up and keep"))).to_have_count(0)
    expect(page.locator(".steps")).to_have_count(0)
    verdict = page.locator("#result strong").first.inner_text()
    assert page.locator("#checker").inner_text().count(verdict) == 1
    shot(page, "ux-10-ineligible")


def test_checker_at_the_limit_warns_and_says_each_thing_once(page):
    page.goto("/check/")
    page.get_by_label("Your province and certifying partner").select_option("AB/ACSA")
    page.get_by_label("Owners and partners").fill("1")
    page.get_by_label("Full-time employees").fill("9")
    page.get_by_label("I have a workers").check()
    page.get_by_label("I am registered with").check()
    page.get_by_role("button", name="Check my eligibility").click()
    result = page.locator("#result")
    expect(result.get_by_role("heading", name="Yes: you can get a SECOR")).to_be_visible()
    expect(result.locator("[data-limit-warning]")).to_contain_text("One more hire ends your eligibility")
    text = result.inner_text()
    limit = "no more than 10 employees at any time within the past 12 months"
    assert text.count(limit) == 1, text
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n", text) if len(s.strip()) > 25]
    assert len(sentences) == len(set(sentences)), [s for s in sentences if sentences.count(s) > 1]
    # The current step's detail is the next step itself: said once on the page.
    checker = page.locator("#checker").inner_text()
    assert checker.count("Training missing:") == 1
    shot(page, "ux-10-checker-at-limit")


def test_go2hr_count_has_its_unit(page):
    page.goto("/check/")
    page.get_by_label("Your province and certifying partner").select_option("BC/GO2HR")
    page.get_by_label("Full-time employees").fill("5")
    page.get_by_role("button", name="Check my eligibility").click()
    expect(page.locator("#result")).to_contain_text("FTE")
    expect(page.locator("#result")).to_contain_text(re.compile(r"Your count: \d+(\.\d+)? FTE"))


# --- more seen on the way -------------------------------------------------------------------------------------


def test_navigation_fits_the_role_and_errors_are_styled(page, browser, live_server):
    employer, owner = _acsa_employer(workers=1)
    reviewer = f.reviewer_of("AB", "ACSA")
    log_in(page, reviewer.email, f.PASSWORD)
    expect(page.locator(".main-nav").get_by_role("link", name="Import")).to_have_count(0)
    staff_page = browser.new_context(base_url=live_server.url).new_page()
    staff = f.staff_user()
    log_in(staff_page, staff.email, f.PASSWORD)
    expect(staff_page.locator(".main-nav").get_by_role("link", name="Admin")).to_be_visible()
    response = staff_page.goto("/no-such-page/")
    assert response.status == 404
    expect(staff_page.get_by_role("heading", name="We could not find that page")).to_be_visible()
    staff_page.context.close()


def test_calendar_feed_is_named_for_the_employer_and_reached_from_the_top(page):
    employer, owner = _acsa_employer(workers=1)
    log_in(page, owner.email, f.PASSWORD)
    page.goto("/reminders/")
    # The calendar is one click from the top of Notifications, not buried under the list.
    page.get_by_role("link", name="Add the deadlines to my calendar").click()
    assert page.url.endswith("#calendar")
    expect(page.get_by_label("New calendar for").locator("option").first).to_have_text("All my employers")
    page.get_by_role("button", name="Create calendar URL").click()
    feeds = page.locator(".feeds li")
    expect(feeds).to_have_count(1)
    # An employer's own feed is named for it, never "all clients".
    expect(feeds.first.locator("label")).to_have_text(employer.display_name)
    assert "client" not in page.locator("#calendar").inner_text().lower()


def test_consultant_plans_an_audit_for_the_client_open_and_sees_its_wcb_industry_code(page):
    firm = f.ConsultantFirmFactory(name="SafetyFirst Consulting")
    consultant = f.UserFactory(email="casey@safetyfirst.example", consultant_firm=firm)
    for name in ("Aspen Roofing", "Bow River Framing", "Coulee Drywall"):
        employer = f.EmployerFactory(legal_name=f"{name} Ltd.", operating_name=name, province="AB")
        f.ConsultantAccessFactory(employer=employer, firm=firm)
        f.EnrolmentFactory(
            employer=employer, partner=f.partner("AB", "ACSA"), registered_on=dt.date(2026, 2, 1)
        )
        f.WCBAccountFactory(employer=employer, industry_code="42100")
    log_in(page, consultant.email, f.PASSWORD)
    page.get_by_role("button", name="Open Bow River Framing").click()
    expect(page.locator(".current-employer")).to_contain_text("Bow River Framing")
    page.goto("/audits/")
    # "Plan an audit for" starts on the client being worked on, not the first in the list.
    expect(page.get_by_label("Plan an audit for")).to_have_value(
        str(Employer.objects.get(operating_name="Bow River Framing").pk)
    )
    page.goto("/accounts-and-memberships/")
    expect(page.get_by_text("industry code 42100")).to_be_visible()


def test_training_certificate_field_says_optional_once(page):
    employer, owner = _acsa_employer(workers=1)
    person = employer.people.first()
    log_in(page, owner.email, f.PASSWORD)
    page.goto(f"/people/{person.pk}/training/new/")
    label = page.locator("label", has_text="Certificate").first.inner_text()
    assert label.count("(optional)") == 1, label
