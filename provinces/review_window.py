"""The review window of an audit: the period whose records the audit looks at.

Sources (quoted in program-rules.md §3.5 "Documentation period"):

- Enform 2015 SECOR instrument (Alberta, used by ESC and the ACSA tool's record rule): "Records submitted must
  be sufficient to verify health and safety activities over the previous 12-month period."
- AB COR 2023 (AMTA): any 12 months of documentation in the previous 12 months.
- BCFSC: "The audit needs to cover the 12 months prior to the audit date."
- SK (SCSA, HCSAS) and MB (CSAM) state no period in our sources: the same 12 months is our choice
  (docs/rule-choices.md, "Audit review window").

Our readings (docs/rule-choices.md):

1. The window ends on the last day of data gathering (records made while the auditor gathers data are seen)
   and starts 12 months before the first day of data gathering, both ends included
   (:func:`provinces.dates.lookback_start`, dates rule 6).
2. A maintenance or recertification audit looks at what happened **since the last audit**: when an earlier
   audit of the same enrolment was accepted, the window starts the day after that audit's last day of data
   gathering if that is later than the 12-month start (records the partner already reviewed are not cited
   again). It never starts more than 12 months back.
3. While the last day of data gathering is not planned yet, the window ends on the first day.

Plain Python, no ORM: callers pass dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from provinces import dates

ENFORM_2015 = "https://studylib.net/doc/9963239/the-new-secor-audit-protocol-forms [DOC]"
BCFSC_PERIOD = "https://www.bcforestsafe.org/safe-companies-cor/maintaining-safe/"
SK_PAGE = "https://scsaonline.ca/programs/secor"
MB_PAGE = "https://www.constructionsafety.ca/"

# province -> (months, what the partner says, reference, stated by the source (False: our choice))
WINDOW_RULES: dict[str, tuple[int, str, str, bool]] = {
    "AB": (
        12,
        "Records must show the health and safety activities of the previous 12 months.",
        ENFORM_2015,
        True,
    ),
    "BC": (12, "The audit covers the 12 months before the audit.", BCFSC_PERIOD, True),
    "SK": (12, "The audit looks at the 12 months before the audit (no period stated).", SK_PAGE, False),
    "MB": (12, "The audit looks at the 12 months before the audit (no period stated).", MB_PAGE, False),
}
DEFAULT_RULE = WINDOW_RULES["AB"]
REPEAT_KINDS = ("maintenance", "recertification")


@dataclass(frozen=True)
class ReviewWindow:
    """The inclusive period ``[starts_on, ends_on]`` whose records an audit may cite."""

    starts_on: date
    ends_on: date
    months: int
    text: str
    reference: str
    stated: bool
    since_last_audit: bool = False

    def contains(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on

    def describe(self) -> str:
        return f"{self.starts_on.isoformat()} to {self.ends_on.isoformat()}"


def review_window(
    province: str,
    *,
    kind: str,
    data_gathering_starts: date,
    data_gathering_ends: date | None,
    last_audit_ended_on: date | None = None,
) -> ReviewWindow:
    """The review window of an audit of ``kind`` (certification, maintenance, recertification)."""
    months, text, reference, stated = WINDOW_RULES.get(province, DEFAULT_RULE)
    end = data_gathering_ends or data_gathering_starts
    start = dates.lookback_start(data_gathering_starts, months)
    since_last = False
    if kind in REPEAT_KINDS and last_audit_ended_on is not None:
        after_last = dates.add_days(last_audit_ended_on, 1)
        if after_last > start:
            start, since_last = min(after_last, end), True
            text = (
                f"{text} A maintenance or recertification audit looks at what happened since the last audit."
            )
    return ReviewWindow(start, end, months, text, reference, stated, since_last)
