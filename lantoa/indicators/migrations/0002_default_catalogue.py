from django.db import migrations


def load(apps, schema_editor):
    from lantoa.indicators.catalogue import DEFAULT_INDICATORS

    Indicator = apps.get_model("indicators", "Indicator")
    for position, spec in enumerate(DEFAULT_INDICATORS, start=1):
        Indicator.objects.update_or_create(code=spec["code"], defaults={**spec, "position": position * 10})


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
