from __future__ import annotations

from secor import tenancy
from secor.changes.models import BusinessChange


def recent_changes(employer, user, limit: int = 10) -> list[BusinessChange]:
    """The employer's latest business changes the user may read (the certificate page shows them to the
    partner's reviewers beside the ledger)."""
    return list(tenancy.scope(BusinessChange.objects.filter(employer=employer), user)[:limit])
