from django.apps import AppConfig


class ChangesConfig(AppConfig):
    """Business changes (new owner or name, WCB account, amalgamation or split, province move, growth past the
    limit): recorded with their effective date, with what each means for the certificate, partner by partner
    (the verdicts come from ``provinces/changes.py``)."""

    name = "secor.changes"
    label = "changes"
    verbose_name = "Business changes"
