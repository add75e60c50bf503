"""Pages of business changes: the employer's list (also for its consultants and the partner's reviewers, read
only for the latter), the guided form (choose what changed, answer its questions) and one change with its
verdict per partner."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from provinces.changes import KIND_TITLES, ChangeKind
from secor import tenancy
from secor.changes import services
from secor.changes.forms import KIND_HELP, ChangeForm
from secor.changes.models import BusinessChange
from secor.core.exceptions import ApplicationError
from secor.employers.models import Employer


def _employer(request: HttpRequest, employer_id: int) -> Employer:
    return tenancy.get_for_user(Employer, request.user, pk=employer_id)


@login_required
def change_list(request: HttpRequest, employer_id: int) -> HttpResponse:
    employer = _employer(request, employer_id)
    changes = list(
        tenancy.scope(BusinessChange.objects.filter(employer=employer), request.user).select_related(
            "recorded_by", "wcb_account"
        )
    )
    return render(
        request,
        "changes/list.html",
        {
            "employer": employer,
            "changes": changes,
            "can_write": tenancy.can_write_employer(request.user, employer.pk),
            "kinds": [(k.value, KIND_TITLES[k], KIND_HELP[k]) for k in ChangeKind],
        },
    )


@login_required
def change_new(request: HttpRequest, employer_id: int) -> HttpResponse:
    employer = _employer(request, employer_id)
    if not tenancy.can_write_employer(request.user, employer.pk):
        raise PermissionDenied("Only the employer's own users and its consultants can record a change.")
    kind = request.POST.get("kind") or request.GET.get("kind") or ""
    if kind not in ChangeKind.__members__.values():
        return redirect("changes:list", employer.pk)
    form = ChangeForm(request.POST or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data}
        try:
            change = services.change_record(employer=employer, user=request.user, data=data)
        except ApplicationError as exc:
            for field, message in exc.extra.items():
                form.add_error(field if field in form.fields else None, message)
            if not exc.extra:
                form.add_error(None, exc.message)
        else:
            messages.success(request, "The change is recorded and the status is being re-checked.")
            return redirect("changes:detail", employer.pk, change.pk)
    return render(
        request,
        "changes/form.html",
        {
            "employer": employer,
            "form": form,
            "kind_title": KIND_TITLES[ChangeKind(kind)],
            "kind_help": KIND_HELP[kind],
        },
    )


@login_required
def change_detail(request: HttpRequest, employer_id: int, pk: int) -> HttpResponse:
    employer = _employer(request, employer_id)
    change = tenancy.get_for_user(
        BusinessChange.objects.filter(employer=employer).select_related("recorded_by", "wcb_account"),
        request.user,
        pk=pk,
    )
    return render(
        request,
        "changes/detail.html",
        {
            "employer": employer,
            "change": change,
            "can_write": tenancy.can_write_employer(request.user, employer.pk),
        },
    )


@login_required
@require_POST
def change_withdraw(request: HttpRequest, employer_id: int, pk: int) -> HttpResponse:
    employer = _employer(request, employer_id)
    change = tenancy.get_for_user(
        BusinessChange.objects.filter(employer=employer), request.user, pk=pk, write=True
    )
    try:
        services.change_withdraw(change=change, user=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, "The change is withdrawn. Correct the records it changed on their own pages."
        )
    return redirect("changes:detail", employer.pk, change.pk)
