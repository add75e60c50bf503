"""Account pages: the employer's team (members and invitations) and the invitation link.

``/team/`` lists the current employer's members; its admins invite by e-mail and withdraw invitations.
``/invitations/<secret>/`` is the e-mailed link: log in with the invited address and accept, or, for an
address with no account yet, create one there (the link proves the address). docs/accounts.md
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import login, password_validation
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from secor import tenancy
from secor.accounts import auth, verification
from secor.accounts import invitations as inv
from secor.accounts.models import EmployerMembership, Invitation, User
from secor.core.exceptions import ApplicationError
from secor.web.current import set_current_employer
from secor.web.views import employer_required


class InviteForm(forms.Form):
    email = forms.EmailField(label="E-mail address")
    role = forms.ChoiceField(
        label="Role",
        choices=EmployerMembership.Role.choices,
        initial=EmployerMembership.Role.MEMBER,
        help_text="Admins also manage the team and consultant access.",
    )


class NewAccountForm(forms.Form):
    full_name = forms.CharField(label="Your name", max_length=200)
    password1 = forms.CharField(
        label="Password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label="Password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "The two passwords are not the same.")
        elif p1:
            probe = User(email=self.email, full_name=data.get("full_name") or "")
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


@employer_required
def team(request: HttpRequest, employer) -> HttpResponse:
    if not tenancy.can_write_employer(request.user, employer.pk):
        raise PermissionDenied("You can view this employer's records but not its team.")
    is_admin = tenancy.is_employer_admin(request.user, employer.pk)
    form = InviteForm()
    if request.method == "POST":
        if not is_admin:
            raise PermissionDenied("Only the employer's admins can invite.")
        form = InviteForm(request.POST)
        if form.is_valid():
            try:
                inv.invitation_create(
                    employer=employer,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    invited_by=request.user,
                )
            except ApplicationError as exc:
                for field, message in exc.extra.items():
                    form.add_error(field if field in form.fields else None, message)
                if not exc.extra:
                    form.add_error(None, exc.message)
            else:
                messages.success(
                    request, f"Invitation sent to {form.cleaned_data['email']}. The link works for 14 days."
                )
                return redirect("team")
    members = (
        EmployerMembership.objects.filter(employer=employer).select_related("user").order_by("user__email")
    )
    invitations = Invitation.objects.filter(employer=employer).select_related("invited_by")[:50]
    return render(
        request,
        "accounts/team.html",
        {
            "employer": employer,
            "members": members,
            "invitations": invitations,
            "form": form,
            "is_admin": is_admin,
        },
    )


@require_POST
@employer_required
def invitation_withdraw(request: HttpRequest, employer, pk: int) -> HttpResponse:
    if not tenancy.is_employer_admin(request.user, employer.pk):
        raise PermissionDenied("Only the employer's admins can withdraw invitations.")
    invitation = tenancy.get_for_user(Invitation.objects.filter(employer=employer), request.user, pk=pk)
    try:
        inv.invitation_revoke(invitation=invitation)  # type: ignore[arg-type]
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Invitation for {invitation.email} withdrawn.")  # type: ignore[attr-defined]
    return redirect("team")


def invitation(request: HttpRequest, secret: str) -> HttpResponse:
    found = inv.invitation_for_secret(secret)
    user = request.user if request.user.is_authenticated else None
    reason = inv.refusal(found, user)
    ctx: dict = {"invitation": found, "reason": reason}
    if reason or found is None:
        return render(request, "accounts/invitation.html", ctx, status=410 if found else 404)
    if user is not None:
        if request.method == "POST":
            try:
                membership = inv.invitation_accept(invitation=found, user=user)  # type: ignore[arg-type]
            except ApplicationError as exc:
                ctx["reason"] = exc.message
                return render(request, "accounts/invitation.html", ctx, status=409)
            if membership is None:  # a partner's reviewer invitation
                messages.success(request, f"You now review for {found.partner.name}.")
                return redirect("home")
            set_current_employer(request, membership.employer)
            messages.success(request, f"You joined {membership.employer.display_name}.")
            return redirect("web:dashboard")
        return render(request, "accounts/invitation.html", ctx)
    # Not logged in: the link-holder owns the invited address. With an account, log in; without, make one.
    has_account = User.objects.filter(email__iexact=found.email).exists()
    ctx["login_url"] = f"{reverse('login')}?next={request.path}"
    ctx["has_account"] = has_account
    if has_account:
        return render(request, "accounts/invitation.html", ctx)
    form = NewAccountForm(request.POST or None, email=found.email)
    if request.method == "POST" and form.is_valid():
        new_user = User.objects.create_user(
            email=found.email,
            password=form.cleaned_data["password1"],
            full_name=form.cleaned_data["full_name"],
        )
        membership = inv.invitation_accept(invitation=found, user=new_user)
        login(request, new_user, backend=auth.BACKEND)
        if membership is None:  # a partner's reviewer: the second factor is set up next (mfa middleware)
            messages.success(request, f"Welcome: you now review for {found.partner.name}.")
            return redirect("home")
        set_current_employer(request, membership.employer)
        messages.success(request, f"Welcome: you joined {membership.employer.display_name}.")
        return redirect("web:dashboard")
    ctx["form"] = form
    return render(request, "accounts/invitation.html", ctx)


# ---- sign-up confirmation, log-in and password reset (secor/accounts/verification.py) ----------------------


class EmailLoginForm(AuthenticationForm):
    """Django's log-in form; an account whose address is not confirmed yet cannot log in (it is told so only
    after the right password, so this reveals nothing to someone guessing)."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if user.email_verified_at is None:
            raise forms.ValidationError(
                "Confirm your e-mail address first: open the link we sent you when you signed up "
                "(or ask for a new one below).",
                code="unverified",
            )


class LoginView(auth_views.LoginView):
    authentication_form = EmailLoginForm


class RateLimitedPasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, with its e-mails rate-limited per address and per client. Over the
    address limit the page answers as usual and sends nothing (no mail-bombing)."""

    def form_valid(self, form):
        if verification.client_over_limit(self.request, "password-reset"):
            form.add_error(None, "Too many requests from your network. Try again in an hour.")
            return self.render_to_response(self.get_context_data(form=form), status=429)
        if verification.address_over_limit(self.request, "reset-mail", form.cleaned_data["email"]):
            return redirect(self.get_success_url())
        return super().form_valid(form)


class ResendForm(forms.Form):
    email = forms.EmailField(label="E-mail address")


def signup_sent(request: HttpRequest) -> HttpResponse:
    """After sign-up, for every address: check your e-mail. Also where to ask for a new link."""
    form = ResendForm(
        request.POST or None, initial={"email": request.session.get(verification.SENT_SESSION_KEY)}
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        if verification.client_over_limit(request, "signup"):
            form.add_error(None, "Too many requests from your network. Try again in an hour.")
            status = 429
        else:
            email = form.cleaned_data["email"].strip().lower()
            user = User.objects.filter(email__iexact=email, email_verified_at__isnull=True).first()
            if user is not None:
                verification.send_confirmation(request, user)
            request.session[verification.SENT_SESSION_KEY] = email
            messages.info(request, "If that address is waiting for confirmation, a new link is on its way.")
            return redirect("signup-sent")
    return render(
        request,
        "accounts/signup_sent.html",
        {"email": request.session.get(verification.SENT_SESSION_KEY), "form": form},
        status=status,
    )


def signup_confirm(request: HttpRequest, token: str) -> HttpResponse:
    user = verification.user_for_link(token)
    if user is None:
        return render(request, "accounts/signup_confirm_invalid.html", status=400)
    if not verification.confirm(user):
        messages.info(request, "Your e-mail address is confirmed already. Log in.")
        return redirect("login")
    login(request, user, backend=auth.BACKEND)
    messages.success(request, "Your account is ready. Here is where you stand and what to do next.")
    return redirect("web:dashboard")
