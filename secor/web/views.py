"""Pages: the public checker and sign-up, the employer dashboard, the employer switch.

Views stay thin: forms validate, :mod:`secor.web.checker` / :mod:`secor.web.overview` compute, services write.
Every employer record is fetched through :mod:`secor.tenancy` (via :mod:`secor.web.current`).
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from provinces.base import ScenarioError
from secor import tenancy
from secor.core.redirects import safe_next
from secor.employers.models import Employer
from secor.web import checker
from secor.web.current import current_employer, set_current_employer
from secor.web.overview import dashboard_page
from secor.web.signup import SignupForm


def employer_required(view):
    """Log-in required, and a current employer: otherwise send the user to choose one."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        employer = current_employer(request)
        if employer is None:
            if request.user.is_consultant or request.user.is_staff:
                messages.info(request, "Choose a client to work on.")
                return redirect("web:portfolio")
            return redirect("web:choose_employer")
        return view(request, employer, *args, **kwargs)

    return wrapper


# ---- public ------------------------------------------------------------------------------------------------


def checker_page(request: HttpRequest) -> HttpResponse:
    """GET: the form. POST: the answer (the result fragment for htmx, the whole page otherwise)."""
    result = None
    if request.method == "POST":
        form = checker.CheckerForm(request.POST)
        if form.is_valid():
            try:
                result = checker.run_checker(form.cleaned_data)
            except ScenarioError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                request.session[checker.SESSION_KEY] = checker.answers_to_session(form.cleaned_data)
    else:
        # A fresh visit starts empty (the browser may be shared); the visitor's own answers come back only
        # from their "Change my answers" link (``?answers=mine``).
        stored = request.session.get(checker.SESSION_KEY) if request.GET.get("answers") == "mine" else None
        form = checker.CheckerForm(initial=stored) if stored else checker.CheckerForm()
    context = {"form": form, "result": result, **(result or {})}
    if request.htmx and request.method == "POST":
        return render(request, "checker/_body.html", context)
    return render(request, "checker/checker.html", context)


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    stored = request.session.get(checker.SESSION_KEY) or {}
    answers = checker.answers_from_session(stored) if stored else {}
    if request.method == "POST":
        form = SignupForm(request.POST)
        if form.is_valid():
            # The same answer whether or not the address has an account: a link to confirm it, or a note
            # to its owner (secor/accounts/verification.py).
            from secor.accounts import verification

            if verification.client_over_limit(request, "signup"):
                form.add_error(None, "Too many sign-ups from your network. Try again in an hour.")
                return render(request, "accounts/signup.html", {"form": form, "answers": answers}, status=429)
            verification.signup_or_notify(request, form.cleaned_data, answers)
            request.session.pop(checker.SESSION_KEY, None)
            return redirect("signup-sent")
    else:
        initial = {}
        if answers:
            initial = {
                "partner": answers.get("partner"),
                "employer_name": answers.get("employer_name"),
                "registered_on": answers.get("registered_on"),
                "has_wcb_account": answers.get("has_wcb_account", True),
            }
        form = SignupForm(initial=initial)
    return render(request, "accounts/signup.html", {"form": form, "answers": answers})


# ---- employer ----------------------------------------------------------------------------------------------


@employer_required
def dashboard(request: HttpRequest, employer: Employer) -> HttpResponse:
    return dashboard_page(request, employer, can_write=tenancy.can_write_employer(request.user, employer.pk))


@login_required
def choose_employer(request: HttpRequest) -> HttpResponse:
    """For users with several employers (or none yet)."""
    employers = list(tenancy.scope(Employer.objects.all(), request.user).order_by("legal_name")[:200])
    return render(request, "dashboard/choose.html", {"employers": employers})


@login_required
@require_POST
def switch_employer(request: HttpRequest, pk: int) -> HttpResponse:
    """Make ``pk`` the session's current employer (404 unless the user may see it)."""
    employer = tenancy.get_for_user(Employer, request.user, pk=pk)
    set_current_employer(request, employer)
    messages.info(request, f"You are now working on {employer.display_name}.")
    return redirect(safe_next(request, "web:dashboard"))
