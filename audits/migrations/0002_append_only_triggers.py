"""Database triggers that make submitted revisions and the transition log append-only.

The model layer already refuses changes (AppendOnlyModel); these triggers also stop anything that goes
around it (raw SQL, a future bug, a shell session). Only ``submitted_by`` / ``actor`` may change, and only
because deleting a user sets them to NULL. TRUNCATE (test-database flushes on PostgreSQL) is not affected.
On SQLite (the embedded default) only UPDATE is refused: SQLite has no TRUNCATE, so Django's ``flush``
deletes rows, and a DELETE trigger would make a test database impossible to reset. Deletes are still refused
by the model layer and by the PROTECT foreign keys.
"""

from django.db import migrations

PROTECTED = {
    "audits_auditrevision": "audit_id, number, submitted_at, snapshot, snapshot_sha256, overall_percent, passed",
}

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION secor_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '%% rows are append-only: %% refused', TG_TABLE_NAME, TG_OP;
END;
$$ LANGUAGE plpgsql;
"""


def _transition_columns(apps):
    model = apps.get_model("audits", "AuditTransition")
    return ", ".join(
        f.column for f in model._meta.concrete_fields if not f.primary_key and f.name not in {"actor"}
    )


def forwards(apps, schema_editor):
    tables = {**PROTECTED, "audits_audittransition": _transition_columns(apps)}
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


def backwards(apps, schema_editor):
    for table in (*PROTECTED, "audits_audittransition"):
        for suffix in ("no_update", "no_delete"):
            if schema_editor.connection.vendor == "postgresql":
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_{suffix} ON {table}")
            else:
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_{suffix}")


class Migration(migrations.Migration):
    dependencies = [("audits", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
