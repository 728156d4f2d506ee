"""Endorsements get a UUID (API URLs carry UUIDs, not database ids); existing rows get their own."""

import uuid

from django.db import migrations, models


def fill_uuids(apps, schema_editor):
    endorsement = apps.get_model("network", "Endorsement")
    for row in endorsement.objects.filter(uuid__isnull=True).only("pk"):
        row.uuid = uuid.uuid4()
        row.save(update_fields=["uuid"])


class Migration(migrations.Migration):
    dependencies = [("network", "0003_search_indexes")]

    operations = [
        migrations.AddField(
            model_name="endorsement",
            name="uuid",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(fill_uuids, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="endorsement",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
