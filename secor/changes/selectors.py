from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from secor import tenancy
from secor.changes.models import BusinessChange


def recent_changes(employer, user, limit: int = 10) -> list[BusinessChange]:
    """The employer's latest business changes the user may read (the certificate page shows them to the
    partner's reviewers beside the ledger)."""
    return list(tenancy.scope(BusinessChange.objects.filter(employer=employer), user)[:limit])


def changes_since(employer_id: int, user, since) -> list[BusinessChange]:
    """The employer's business changes the user may read that took effect or were recorded after ``since``
    (a datetime: the previous accepted audit's decision; ``None``: all of them). The partner's review page
    lists them beside the audit under review."""
    qs = BusinessChange.objects.filter(employer_id=employer_id).select_related("employer")
    if since is not None:
        qs = qs.filter(Q(effective_on__gt=timezone.localdate(since)) | Q(recorded_at__gt=since))
    return list(tenancy.scope(qs, user))
