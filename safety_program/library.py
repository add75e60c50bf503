"""The consultant's template library: checklists, meeting agendas, drill scenarios and hazard assessment
forms owned by a consulting firm and copied into any client that granted the firm access.

A library template is the firm's, not an employer's: only the firm's users (and site staff) see it. Copying
creates an ordinary :class:`~safety_program.models.ChecklistTemplate` of the client (the client's own from
then on; later edits of the library do not change it), marked with where it came from.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from simple_history.models import HistoricalRecords

from secor import tenancy


class LibraryTemplate(models.Model):
    firm = models.ForeignKey(
        "accounts.ConsultantFirm", on_delete=models.CASCADE, related_name="program_templates"
    )
    purpose = models.CharField(max_length=20, default="inspection")
    name = models.CharField(max_length=150)
    inspection_kind_name = models.CharField("kind of inspection", max_length=100, blank=True)
    items = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        app_label = "safety_program"
        ordering = ["purpose", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from safety_program.models import ChecklistTemplate

        errors: dict[str, str] = {}
        if self.purpose not in ChecklistTemplate.Purpose.values:
            errors["purpose"] = "Choose what the template is for."
        items = self.items
        if (
            not isinstance(items, list)
            or not items
            or not all(isinstance(i, str) and i.strip() for i in items)
        ):
            errors["items"] = "List the lines, one per line."
        if self.purpose == ChecklistTemplate.Purpose.INSPECTION and not self.inspection_kind_name.strip():
            errors["inspection_kind_name"] = "Say which kind of inspection the checklist is for."
        if errors:
            raise ValidationError(errors)


def library_for(user) -> models.QuerySet[LibraryTemplate]:
    if getattr(user, "is_staff", False):
        return LibraryTemplate.objects.all()
    firm_id = getattr(user, "consultant_firm_id", None)
    if not firm_id:
        return LibraryTemplate.objects.none()
    return LibraryTemplate.objects.filter(firm_id=firm_id)


@transaction.atomic
def copy_to_client(*, template: LibraryTemplate, employer_id: int, user):
    """Copy a library template into a client (the user must be able to change that client)."""
    from safety_program.models import ChecklistTemplate, InspectionKind
    from secor.employers.models import Employer

    if not library_for(user).filter(pk=template.pk).exists():
        raise PermissionDenied("This template is not in your firm's library.")
    employer = tenancy.get_for_user(Employer, user, write=True, pk=employer_id)
    kind = None
    if template.inspection_kind_name:
        kind, _ = InspectionKind.objects.get_or_create(employer=employer, name=template.inspection_kind_name)
    copy = ChecklistTemplate(
        employer=employer,
        purpose=template.purpose,
        name=template.name,
        inspection_kind=kind,
        items=list(template.items),
        copied_from=f"{template.firm.name} library",
    )
    copy.full_clean()
    copy.save()
    return copy
