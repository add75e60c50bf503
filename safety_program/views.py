"""Safety program pages. Every object is fetched through :mod:`secor.tenancy` (another tenant's is a 404);
pages read the stored program status (:mod:`safety_program.state`), they do not recompute it."""

from __future__ import annotations

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST

from safety_program import selectors
from safety_program.defaults import apply_defaults
from safety_program.models import Attachment
from secor import tenancy
from secor.core.files import serve_file
from secor.employers.models import Employer
from secor.web.views import employer_required


@employer_required
def overview(request, employer: Employer):
    """``GET /program/``: since when each element is implemented, what is overdue, the documented history."""
    data = selectors.overview_for(employer, timezone.localdate())
    return render(
        request,
        "program/overview.html",
        {
            "employer": employer,
            "overview": data,
            "recent": selectors.recent_records(employer, request.user),
            "can_write": tenancy.can_write_employer(request.user, employer.pk),
        },
    )


@employer_required
@require_POST
def start_schedules(request, employer: Employer):
    """``POST /program/schedules/start/``: give the employer the starting kinds, checklists and schedules."""
    employer = tenancy.get_for_user(Employer, request.user, write=True, pk=employer.pk)
    created = apply_defaults(employer)
    messages.success(
        request,
        f"{len(created)} schedules added. They are your program's choices: change how often anything happens "
        "to match your work."
        if created
        else "Your program already has these schedules.",
    )
    return redirect("program:overview")


@require_GET
@login_required
def attachment_download(request, pk: int):
    """``GET /program/attachments/<pk>/``: a file attached to a program record the user may see."""
    attachment = tenancy.get_for_user(Attachment.objects.all(), request.user, pk=pk)
    path = PurePath(attachment.original_name)
    name = f"{slugify(path.stem) or 'attachment'}{path.suffix.lower()}"
    return serve_file(attachment.file, download_name=name)
