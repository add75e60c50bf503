"""Account pages: the employer's team (members and invitations) and the invitation link.

``/team/`` lists the current employer's members; its admins invite by e-mail and withdraw invitations.
``/invitations/<secret>/`` is the e-mailed link: log in with the invited address and accept, or, for an
address with no account yet, create one there (the link proves the address). docs/accounts.md
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import login, password_validation
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from secor import tenancy
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
        login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
        set_current_employer(request, membership.employer)
        messages.success(request, f"Welcome: you joined {membership.employer.display_name}.")
        return redirect("web:dashboard")
    ctx["form"] = form
    return render(request, "accounts/invitation.html", ctx)
