"""Store the name keys of the units that already exist, so the resolver finds names through the index."""

from django.db import migrations


def fill(apps, schema_editor):
    from lantoa.units.keys import refresh_keys

    refresh_keys(unit_model=apps.get_model("units", "Unit"), key_model=apps.get_model("units", "UnitKey"))


class Migration(migrations.Migration):
    dependencies = [("units", "0002_changes_and_name_keys")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
