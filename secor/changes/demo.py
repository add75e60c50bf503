"""Demo data for business changes (called from ``secor.employers.demo.build_world``; idempotent).

Qu'Appelle Concrete (SK, SCSA) opened a second Saskatchewan WCB account two months ago for its new
flatwork crew, and its trained person looks after both: recorded through ``change_record`` like the guided
form does, so the new account, the verdict (SCSA: each WCB account must qualify for its own certificate; one
trained person serves one account), the status recompute and the notices are the real ones. Natural key: the
employer's one recorded new-WCB-account change.
"""

from __future__ import annotations

import datetime as dt

from provinces.changes import ChangeKind
from provinces.dates import add_months
from secor.accounts.models import User
from secor.changes.models import BusinessChange
from secor.changes.services import change_record
from secor.employers.models import Employer, WCBAccount

SLUG = "quappelle-concrete"
NEW_ACCOUNT = "1377305"  # a Saskatchewan WCB number the hand-made world does not use


def build_demo_changes(report, today: dt.date) -> None:
    owner = User.objects.filter(email=f"owner@{SLUG}.demo").first()
    employer = Employer.objects.filter(user_memberships__user=owner).first() if owner else None
    if employer is None:
        return
    if BusinessChange.objects.filter(employer=employer, kind=ChangeKind.WCB_ACCOUNT).exists():
        return
    change_record(
        employer=employer,
        user=owner,
        data={
            "kind": ChangeKind.WCB_ACCOUNT,
            "effective_on": add_months(today, -2),
            "description": "Opened a second WCB account for the new flatwork crew in Moose Jaw.",
            "board": WCBAccount.Board.WCB_SK,
            "account_number": NEW_ACCOUNT,
            "additional_account": True,
            "trained_person_shared": True,
        },
    )
    report.count("business changes", True)
