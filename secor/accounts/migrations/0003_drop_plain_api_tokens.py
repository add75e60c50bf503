"""API tokens moved to django-rest-knox (hashed at rest, expiring). DRF's authtoken app kept every token in
plain text; its table is dropped with the tokens in it (holders ask for a new token)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_initial"),
        ("knox", "0009_extend_authtoken_field"),
    ]

    operations = [
        migrations.RunSQL("DROP TABLE IF EXISTS authtoken_token", reverse_sql=migrations.RunSQL.noop),
    ]
