from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    """The partner-owned certificate ledger, declared certificates, public verification and the opt-in
    "find a SECOR company" directory."""

    name = "secor.certificates"
    label = "certificates"
    verbose_name = "Certificates"

    def ready(self) -> None:
        # The ledger's accepted maintenance audits feed every rules-engine evaluation.
        from secor.certificates.key_dates import register

        register()
