"""Load the talent vocabulary shipped with Samen (data/talents.csv). Later changes to the file are
loaded with ``manage.py load_talents``."""

from django.db import migrations


def load(apps, schema_editor):
    from samen.participation.talents import load_talents

    load_talents(apps.get_model("participation", "Talent"))


class Migration(migrations.Migration):
    dependencies = [("participation", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
