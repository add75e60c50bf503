"""Saves and deletes of the records a status depends on ask for its recompute.

Bulk writes (``bulk_create``, ``QuerySet.update``) send no signals: code that writes in bulk calls
:func:`secor.status.services.request_recompute` itself (the CSV import does).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models.signals import post_delete, post_save

# (app label, model): the inputs of the status. Bulk writers call request_recompute themselves.
INPUTS = (
    ("employers", "Employer"),
    ("employers", "OperatingProvince"),
    ("employers", "WCBAccount"),
    ("employers", "Membership"),
    ("employers", "Enrolment"),
    ("employers", "Person"),
    ("employers", "HeadcountSnapshot"),
    ("employers", "PayrollYear"),
    ("training", "TrainingRecord"),
    ("audits", "Audit"),
    # The certificate ledger (when installed): its rows are written with save(), so signals see them.
    ("certificates", "Certificate"),
    ("certificates", "CertificateEvent"),
    ("certificates", "DeclaredCertificate"),
)


def employer_id_of(instance: Any) -> int | None:
    """Follow the model's ``tenant_path`` to its employer's id (cached relations only cost nothing)."""
    path = getattr(type(instance), "tenant_path", None)
    if path is None:
        return None
    if path == "pk":
        return instance.pk
    obj = instance
    *hops, last = path.split("__")
    try:
        for hop in hops:
            obj = getattr(obj, hop)
        return getattr(obj, f"{last}_id")
    except Exception:  # noqa: BLE001 - a dangling relation during a cascade: nothing left to recompute
        return None


def _changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # fixtures being loaded
        return
    employer_id = employer_id_of(instance)
    if employer_id is not None:
        from secor.status.services import request_recompute

        request_recompute(employer_id)


def _visibility_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A grant or a membership changed who sees which employer: cached list counts are void."""
    from secor.status.services import bump_generation

    bump_generation()


VISIBILITY = (("accounts", "ConsultantAccess"), ("accounts", "EmployerMembership"))


def connect() -> None:
    for label, name in VISIBILITY:
        model = apps.get_model(label, name)
        uid = f"secor.status.visibility.{label}.{name}"
        post_save.connect(_visibility_changed, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(_visibility_changed, sender=model, dispatch_uid=f"{uid}.delete")
    for label, name in INPUTS:
        try:
            model = apps.get_model(label, name)
        except LookupError:
            continue
        uid = f"secor.status.{label}.{name}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}.delete")
