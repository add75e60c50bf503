"""Pages: the notification list (read/unread, preferences, calendar feeds), deadlines, the reminder policy,
and the calendar feed itself (no login: the secret token is the credential)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from secor.core.exceptions import ApplicationError
from secor.core.redirects import safe_next, safe_redirect
from secor.employers.models import Employer
from secor.reminders import selectors, services
from secor.reminders.calendar import build_calendar
from secor.reminders.forms import PolicyForm, PreferenceForm
from secor.reminders.models import KIND_LABELS, Deadline, kind_label
from secor.tenancy import get_for_user, is_employer_admin, scope


def _back(request, default: str):
    return redirect(safe_next(request, default))


@login_required
@require_GET
def notifications(request):
    return _notifications_page(request)


def _notifications_page(request, pref_form=None, status=200):
    page = Paginator(
        selectors.notification_list_for(user=request.user).select_related("employer"), 50
    ).get_page(request.GET.get("page"))
    pref = selectors.preference_for(user=request.user)
    context = {
        "page": page,
        "unread": selectors.unread_count_for(user=request.user),
        "pref_form": pref_form
        or PreferenceForm(initial={"digest": pref.digest, "muted_kinds": pref.muted_kinds}),
        "feeds": selectors.feed_list_for(user=request.user),
        "employers": scope(Employer.objects.all(), request.user).order_by("legal_name")[:200],
    }
    # Only the kinds of reminder this person can get (their employers' partners), plus any already muted.
    relevant = set(selectors.deadline_list_for(user=request.user).values_list("kind", flat=True).distinct())
    relevant |= set(pref.muted_kinds)
    context["mute_choices"] = sorted(
        ((k, kind_label(k)) for k in relevant if k in KIND_LABELS), key=lambda kv: kv[1]
    )
    context["muted"] = set(pref_form.data.getlist("muted_kinds") if pref_form else pref.muted_kinds)
    context["highlight"] = request.GET.get("kind", "")
    context["feed_rows"] = [
        (
            feed,
            request.build_absolute_uri(reverse("reminders:calendar", args=[feed.token])),
            _feed_name(feed).removeprefix("SECOR deadlines – "),
        )
        for feed in context["feeds"]
    ]
    # The "every employer" choice named as it fits the person (a consultant's clients, an owner's employers).
    context["all_label"] = (
        "All my clients" if getattr(request.user, "is_consultant", False) else "All my employers"
    )
    return render(request, "reminders/notifications.html", context, status=status)


@login_required
@require_POST
def notification_read(request, pk: int):
    read = request.POST.get("read", "1") != "0"
    notification = services.notification_mark_read(user=request.user, notification_id=pk, read=read)
    if request.POST.get("open") and notification.url:
        return safe_redirect(request, notification.url, reverse("reminders:notifications"))
    return _back(request, reverse("reminders:notifications"))


@login_required
@require_POST
def notifications_read_all(request):
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(request, f"{count} notification(s) marked as read.")
    return _back(request, reverse("reminders:notifications"))


@login_required
@require_POST
def preferences(request):
    form = PreferenceForm(request.POST)
    if not form.is_valid():
        return _notifications_page(request, pref_form=form, status=400)
    services.preference_update(
        user=request.user, digest=form.cleaned_data["digest"], muted_kinds=form.cleaned_data["muted_kinds"]
    )
    messages.success(request, "Your reminder preferences are saved.")
    return redirect("reminders:notifications")


@csrf_exempt  # RFC 8058: mail clients POST without a session; the signed token is the credential
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """The link of an e-mail's ``List-Unsubscribe`` header: POST mutes that kind of reminder for its
    recipient (one click, no log-in); GET shows what it will do and asks."""
    from secor.accounts.models import User
    from secor.reminders import unsubscribe as unsub

    found = unsub.read_token(token)
    user = User.objects.filter(pk=found[0], is_active=True).first() if found else None
    if found is None or user is None:
        raise Http404("This link is not valid any more.")
    kind = found[1]
    label = "all reminders" if kind == unsub.ALL else f"“{kind_label(kind)}” reminders"
    done = False
    if request.method == "POST":
        pref = selectors.preference_for(user=user)
        kinds = set(pref.muted_kinds) | (set(KIND_LABELS) if kind == unsub.ALL else {kind} & set(KIND_LABELS))
        services.preference_update(user=user, digest=pref.digest, muted_kinds=sorted(kinds))
        done = True
    return render(
        request,
        "reminders/unsubscribe.html",
        {"label": label, "done": done, "settings_url": unsub.mute_setting_url(kind)},
    )


@login_required
@require_POST
def feed_create(request):
    employer = None
    if request.POST.get("employer"):
        try:
            employer_id = int(request.POST["employer"])
        except ValueError as exc:
            raise Http404("No such employer.") from exc
        employer = get_for_user(Employer, request.user, pk=employer_id)
    services.calendar_feed_create(user=request.user, employer=employer)
    messages.success(
        request, "A new calendar URL was created. Keep it secret: anyone with it sees the deadlines."
    )
    return redirect("reminders:notifications")


@login_required
@require_POST
def feed_revoke(request, pk: int):
    services.calendar_feed_revoke(user=request.user, feed_id=pk)
    messages.success(request, "The calendar URL was revoked; calendars subscribed to it stop updating.")
    return redirect("reminders:notifications")


def _feed_name(feed) -> str:
    """The calendar's name as it fits the feed: the employer's, "all clients" only for a consultant."""
    if feed.employer_id:
        return f"SECOR deadlines – {feed.employer.display_name}"
    if getattr(feed.user, "is_consultant", False):
        return "SECOR deadlines – all clients"
    names = list(scope(Employer.objects.all(), feed.user).order_by("legal_name")[:3])
    if len(names) == 1:
        return f"SECOR deadlines – {names[0].display_name}"
    return "SECOR deadlines – my employers"


@require_GET
def calendar_feed(request, token: str):
    feed = selectors.active_feed(token)
    if feed is None:
        raise Http404("Unknown or revoked calendar.")
    deadlines = selectors.feed_deadlines(feed)
    if deadlines is None:
        raise Http404("Unknown or revoked calendar.")
    name = _feed_name(feed)
    body = build_calendar(
        deadlines.iterator(chunk_size=500),
        name=name,
        today=timezone.localdate(),
        url_for=lambda d: request.build_absolute_uri(reverse("reminders:deadline", args=[d.pk])),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="secor-deadlines.ics"'
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_GET
def deadline_detail(request, pk: int):
    deadline = get_for_user(Deadline.objects.select_related("employer"), request.user, pk=pk)
    today = timezone.localdate()
    return render(
        request,
        "reminders/deadline_detail.html",
        {
            "deadline": deadline,
            "status": deadline.status_on(today),
            "schedule": selectors.reminder_schedule(deadline=deadline, today=today),
            "is_admin": is_employer_admin(request.user, deadline.employer_id),
        },
    )


@login_required
@require_GET
def deadline_list(request, employer_id: int):
    return _deadline_list_page(request, get_for_user(Employer, request.user, pk=employer_id))


def _deadline_list_page(request, employer, policy_form=None, status=200):
    today = timezone.localdate()
    deadlines = [
        (d, d.status_on(today))
        for d in selectors.deadline_list_for(user=request.user, employer_id=employer.pk)
    ]
    policy = selectors.policy_for(employer=employer)
    is_admin = is_employer_admin(request.user, employer.pk)
    if policy_form is None and is_admin:
        policy_form = PolicyForm(
            initial={
                "offsets": ", ".join(str(o) for o in policy.offsets),
                "overdue_every_days": policy.overdue_every_days,
                "enabled": policy.enabled,
            }
        )
    return render(
        request,
        "reminders/deadline_list.html",
        {"employer": employer, "deadlines": deadlines, "policy": policy, "policy_form": policy_form},
        status=status,
    )


@login_required
@require_POST
def policy_update(request, employer_id: int):
    employer = get_for_user(Employer, request.user, write=True, pk=employer_id)
    form = PolicyForm(request.POST)
    if form.is_valid():
        try:
            services.policy_set(
                user=request.user,
                employer=employer,
                offsets=form.cleaned_data["offsets"],
                overdue_every_days=form.cleaned_data["overdue_every_days"],
                enabled=form.cleaned_data["enabled"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        except ApplicationError as exc:
            form.add_error(None, str(exc))
        if not form.errors:
            messages.success(request, "The reminder schedule is saved.")
            return redirect("reminders:deadlines", employer_id=employer.pk)
    status = 403 if any("Only an admin" in str(e) for e in form.non_field_errors()) else 400
    return _deadline_list_page(request, employer, policy_form=form, status=status)
