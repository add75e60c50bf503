"""Shared setup: a submitted ACSA audit."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import time_machine

from audits.models import Audit
from tests.audits.factories import answer_everything, enrolled_employer, plan_payload

TZ = zoneinfo.ZoneInfo("America/Edmonton")


def at(day: dt.date):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 12, tzinfo=TZ), tick=False)


def submitted_audit(api, code: str = "ACSA", *, submit: bool = True):
    s = enrolled_employer(code)
    client = api(s.owner)
    with at(dt.date(2026, 3, 10)):
        r = client.post(
            "/api/audits/",
            plan_payload(s, kind="certification", starts_on=dt.date(2026, 3, 2), ends_on=dt.date(2026, 3, 6)),
            format="json",
        )
        assert r.status_code == 201, r.json()
        audit = Audit.objects.get(pk=r.json()["id"])
        answer_everything(client, audit)
        if submit:
            assert client.post(f"/api/audits/{audit.pk}/submit/").status_code == 201
    audit.refresh_from_db()
    return s, audit
