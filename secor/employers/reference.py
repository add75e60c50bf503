"""Reference data: certifying partners and their course catalogues, loaded from the rules engine.

The rules engine (``provinces``) is the single source of the partners' names, industries and courses. This
upsert runs after every ``migrate`` (post_migrate), so a fresh database has the reference data and a rule
change reaches the database on the next deploy. It only adds and updates; it never deletes a partner or a
course that records may point at.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from django.db import transaction

logger = logging.getLogger(__name__)


def _join(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return ", ".join(str(v) for v in value)


@transaction.atomic
def load_reference_data() -> tuple[int, int]:
    """Upsert partners and courses from ``provinces.registry``; return (partners, courses) counts."""
    from provinces import registry
    from secor.employers.models import CertifyingPartner
    from training.models import Course

    n_partners = n_courses = 0
    for province in registry.provinces():
        for profile in province.partners.values():
            partner, _ = CertifyingPartner.objects.update_or_create(
                province=province.code,
                code=profile.code,
                defaults={
                    "name": profile.name,
                    "industries": _join(getattr(profile, "industries", ""))[:300],
                    "programs": _join(getattr(profile, "programs", "SECOR"))[:200],
                    "website": _url(getattr(profile, "website", "") or ""),
                },
            )
            n_partners += 1
            courses = getattr(profile, "courses", ()) or ()
            if isinstance(courses, Mapping):  # the engine keys its catalogue by course code
                courses = courses.values()
            for course in courses:
                Course.objects.update_or_create(
                    partner=partner,
                    code=course.code,
                    defaults={
                        "name": course.name[:200],
                        "validity_months": course.validity_months,
                        "description": getattr(course, "description", "") or "",
                        "reference": (getattr(course, "reference", "") or "")[:400],
                    },
                )
                n_courses += 1
    return n_partners, n_courses


def sync_reference_data(sender=None, using="default", **kwargs) -> None:
    """post_migrate receiver."""
    if using != "default":
        return
    partners, courses = load_reference_data()
    logger.debug("reference data: %s partners, %s courses", partners, courses)


def _url(text: str) -> str:
    """The partner's web address: the engine may give a whole citation ("Manual title, https://…"); the
    website field (and the API, which documents it as a URI) keeps the address only."""
    import re

    found = re.search(r"https?://[^\s,;)]+", text)
    return found.group(0).rstrip(".") if found else ""
