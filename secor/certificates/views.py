"""Pages of the certificate ledger: the certificate page (status, history, declare, decide), the public
verification page and the opt-in directory."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from secor import tenancy
from secor.certificates import public, services
from secor.certificates.forms import DecisionForm, DeclarationDecisionForm, DeclareForm, VerifyForm
from secor.certificates.models import DeclaredCertificate, DirectoryListing
from secor.core.exceptions import ApplicationError
from secor.employers.models import CertifyingPartner, Employer, Enrolment


def _employer(request: HttpRequest, employer_id: int) -> Employer:
    return tenancy.get_for_user(Employer, request.user, pk=employer_id)


def _enrolment(request: HttpRequest, employer: Employer, enrolment_id: int) -> Enrolment:
    return tenancy.get_for_user(
        Enrolment.objects.filter(employer=employer).select_related("partner", "employer"),
        request.user,
        pk=enrolment_id,
    )


def _engine_loss(employer):
    """(enrolment id, the engine's certificate answer) when the stored status row for today says the
    certificate is no longer held (a missed maintenance audit under the partner's rule) before the ledger
    records it, so this page says what the dashboard says; None otherwise."""
    from django.utils import timezone

    from provinces.certificates import CertificateStatus
    from secor.status.compute import hydrate
    from secor.status.models import EmployerStatus

    row = (
        EmployerStatus.objects.filter(
            employer=employer,
            as_of=timezone.localdate(),
            dirty_since__isnull=True,
            certificate_state__in=("cancelled", "lapsed", "expired"),
        )
        .values_list("enrolment_id", "certificate")
        .first()
    )
    if row is None or not row[1] or "held" not in row[1]:
        return None
    return row[0], hydrate(CertificateStatus, row[1])


@login_required
def ledger_page(request: HttpRequest, employer_id: int) -> HttpResponse:
    employer = _employer(request, employer_id)
    enrolments = list(
        tenancy.scope(Enrolment.objects.filter(employer=employer), request.user)
        .select_related("partner")
        .prefetch_related(services.ledger_prefetch(), "declarations")
        .order_by("-registered_on", "pk")
    )
    can_write = tenancy.can_write_employer(request.user, employer.pk)
    is_admin = tenancy.is_employer_admin(request.user, employer.pk)
    listed = set(DirectoryListing.objects.filter(employer=employer).values_list("partner_id", flat=True))
    answer = _engine_loss(employer)
    cards = []
    for e in enrolments:
        status = services.current_status(e)
        if status.held and answer is not None and answer[0] == e.pk:
            status = answer[1]  # the partner's rule applies today; the daily job records it on its run
        cards.append(
            {
                "enrolment": e,
                "status": status,
                "events": list(reversed(e._ledger)),
                "declarations": list(e.declarations.all()),
                "can_decide": services.can_decide(request.user, e),
                "can_declare": can_write and not status.held,
                "listed": e.partner_id in listed,
                "verify_url": public.verify_url(e.certificates.order_by("-created_at", "-pk").first())
                if status.held and e.certificate_number
                else "",
            }
        )
    from secor.changes.selectors import recent_changes

    return render(
        request,
        "certificates/ledger.html",
        {
            "employer": employer,
            "cards": cards,
            "is_admin": is_admin,
            "decision_form": DecisionForm(),
            "changes": recent_changes(employer, request.user),
        },
    )


@login_required
def declare_page(request: HttpRequest, employer_id: int, enrolment_id: int) -> HttpResponse:
    employer = _employer(request, employer_id)
    enrolment = _enrolment(request, employer, enrolment_id)
    if not tenancy.can_write_employer(request.user, employer.pk):
        raise PermissionDenied("Only the employer's own users can declare its certificate.")
    form = DeclareForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.declare(enrolment=enrolment, user=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            for field, message in exc.extra.items():
                form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(
                request, f"Declared. It shows as “declared, not yet confirmed by {enrolment.partner.name}”."
            )
            return redirect("certificates:ledger", employer.pk)
    return render(
        request, "certificates/declare.html", {"employer": employer, "enrolment": enrolment, "form": form}
    )


@login_required
def decide_page(request: HttpRequest, employer_id: int, enrolment_id: int) -> HttpResponse:
    employer = _employer(request, employer_id)
    enrolment = _enrolment(request, employer, enrolment_id)
    if not services.can_decide(request.user, enrolment):
        raise PermissionDenied(services.who_can_change(enrolment))
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide(enrolment=enrolment, user=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "The decision is recorded.")
            return redirect("certificates:ledger", employer.pk)
    return render(
        request, "certificates/decide.html", {"employer": employer, "enrolment": enrolment, "form": form}
    )


@login_required
@require_POST
def declaration_decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    declaration = tenancy.get_for_user(
        DeclaredCertificate.objects.select_related("enrolment__partner", "enrolment__employer"),
        request.user,
        pk=pk,
    )
    if action not in ("confirm", "refuse"):
        raise Http404
    form = DeclarationDecisionForm(request.POST)
    form.is_valid()
    reason = form.cleaned_data.get("reason", "")
    try:
        if action == "confirm":
            services.confirm_declaration(declaration=declaration, user=request.user, reason=reason)
            messages.success(request, "The certificate is confirmed and recorded.")
        else:
            services.refuse_declaration(declaration=declaration, user=request.user, reason=reason)
            messages.success(request, "The declaration is marked not confirmed.")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("certificates:ledger", declaration.enrolment.employer_id)


@login_required
@require_POST
def directory_toggle(request: HttpRequest, employer_id: int) -> HttpResponse:
    employer = _employer(request, employer_id)
    if not tenancy.is_employer_admin(request.user, employer.pk):
        raise PermissionDenied("Only the employer's admins choose whether it is listed.")
    partner = get_object_or_404(CertifyingPartner, pk=request.POST.get("partner"))
    if request.POST.get("listed") == "1":
        if not Enrolment.objects.filter(employer=employer, partner=partner).exists():
            raise Http404
        DirectoryListing.objects.get_or_create(
            employer=employer, partner=partner, defaults={"listed_by": request.user}
        )
        messages.success(request, f"Listed in {partner.name}'s “find a SECOR company” directory.")
    else:
        DirectoryListing.objects.filter(employer=employer, partner=partner).delete()
        messages.success(request, f"Removed from {partner.name}'s directory.")
    return redirect("certificates:ledger", employer.pk)


# ---- public ---------------------------------------------------------------------------------------------


def _client_key(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def verify_page(request: HttpRequest) -> HttpResponse:
    """GET ?n=NUMBER (&t=TOKEN from a status letter): valid / not valid, since when, the partner."""
    number = request.GET.get("n", "")
    form = VerifyForm(request.GET if number else None)
    result = None
    status = 200
    if number and form.is_valid():
        if public.rate_limited(_client_key(request)):
            status = 429
        else:
            result = public.verify(form.cleaned_data["n"], token=request.GET.get("t", ""))
    response = render(
        request,
        "certificates/verify.html",
        {"form": form, "result": result, "limited": status == 429},
        status=status,
    )
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "no-store"
    return response


def directory_index(request: HttpRequest) -> HttpResponse:
    partners = CertifyingPartner.objects.order_by("province", "name")
    return render(request, "certificates/directory_index.html", {"partners": partners})


def directory_page(request: HttpRequest, province: str, code: str) -> HttpResponse:
    partner = get_object_or_404(CertifyingPartner, province=province.upper(), code=code.upper())
    return render(
        request, "certificates/directory.html", {"partner": partner, "rows": public.directory(partner)}
    )


@login_required
def declaration_copy(request: HttpRequest, pk: int):
    """The copy of a declared certificate, for users who may see the enrolment (tenancy: 404 otherwise)."""
    from pathlib import PurePath

    from secor.core.files import serve_file

    declaration = tenancy.get_for_user(DeclaredCertificate.objects.all(), request.user, pk=pk)
    ext = PurePath(declaration.copy.name or "").suffix.lower()
    return serve_file(declaration.copy, download_name=f"declared-certificate-{declaration.pk}{ext}")
