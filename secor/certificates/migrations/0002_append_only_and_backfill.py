"""The ledger is append-only in the database too, and the certificates recorded before it become its first
entries.

1. Triggers (PostgreSQL: UPDATE and DELETE refused; SQLite: UPDATE refused, as in the audits app's migration
   0002, because Django's ``flush`` deletes rows there). Only ``decided_by`` may change, and only because
   deleting a user sets it to NULL. TRUNCATE (test-database flushes on PostgreSQL) is not affected.
2. Backfill: every enrolment with a certificate's issue and expiry dates gets a certificate and an "issued"
   event (and "maintenance accepted" / its loss where its columns say so), decided as "records kept before
   the ledger".
"""

from django.db import migrations

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION secor_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '%% rows are append-only: %% refused', TG_TABLE_NAME, TG_OP;
END;
$$ LANGUAGE plpgsql;
"""


def _columns(apps, name, keep=()):
    model = apps.get_model("certificates", name)
    return ", ".join(
        f.column for f in model._meta.concrete_fields if not f.primary_key and f.name not in keep
    )


def triggers(apps, schema_editor):
    tables = {
        "certificates_certificate": _columns(apps, "Certificate"),
        "certificates_certificateevent": _columns(apps, "CertificateEvent", keep={"decided_by"}),
    }
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION)
        for table, columns in tables.items():
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE OF {columns} ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION secor_append_only()"
            )
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION secor_append_only()"
            )
    elif vendor == "sqlite":
        for table, columns in tables.items():
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE OF {columns} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} rows are append-only: UPDATE refused'); END"
            )


def drop_triggers(apps, schema_editor):
    for table in ("certificates_certificate", "certificates_certificateevent"):
        for suffix in ("no_update", "no_delete"):
            if schema_editor.connection.vendor == "postgresql":
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_{suffix} ON {table}")
            else:
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_{suffix}")


LOSS = {"cancelled": "cancelled", "lapsed": "lapsed", "moved_to_cor": "moved_to_cor", "removed": "removed"}
REASON = "Certificate recorded before the certificate ledger existed (carried over from the enrolment)."


def backfill(apps, schema_editor):
    Enrolment = apps.get_model("employers", "Enrolment")
    Certificate = apps.get_model("certificates", "Certificate")
    Event = apps.get_model("certificates", "CertificateEvent")
    from django.utils import timezone

    today = timezone.localdate()
    used = set()
    rows = Enrolment.objects.filter(issued_on__isnull=False, expires_on__isnull=False).select_related(
        "partner"
    )
    for e in rows.iterator():
        number = e.certificate_number or f"{e.partner.code}-{e.pk:06d}"
        if (e.partner_id, number.lower()) in used:
            number = f"{number}-{e.pk}"
        used.add((e.partner_id, number.lower()))
        months = (e.expires_on.year - e.issued_on.year) * 12 + e.expires_on.month - e.issued_on.month
        cert = Certificate.objects.create(
            enrolment=e, partner_id=e.partner_id, number=number, term_months=months
        )
        common = {"enrolment": e, "certificate": cert, "reason": REASON, "decided_as": "records"}
        Event.objects.create(
            kind="issued", effective_on=e.issued_on, issued_on=e.issued_on, expires_on=e.expires_on, **common
        )
        last = e.last_maintenance_audit_on
        if last and last > e.issued_on:
            Event.objects.create(kind="maintenance_accepted", effective_on=last, submitted_on=last, **common)
        if e.status in LOSS:
            on = max(min(today, e.expires_on), last or e.issued_on)
            Event.objects.create(kind=LOSS[e.status], effective_on=on, **common)
        if not e.certificate_number:
            Enrolment.objects.filter(pk=e.pk).update(certificate_number=number)


class Migration(migrations.Migration):
    dependencies = [("certificates", "0001_initial")]

    operations = [
        migrations.RunPython(triggers, drop_triggers),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
