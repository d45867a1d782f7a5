from django.db import migrations


def fill(apps, schema_editor):
    # The same set-based statements the ledger's services run, over every signed directive. They read only
    # columns that the migrations up to here created.
    from lantoa.activities.figures import rebuild

    rebuild()


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0005_kept_figures"),
        ("indicators", "0002_default_catalogue"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
