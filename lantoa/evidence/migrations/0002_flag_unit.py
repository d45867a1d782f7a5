"""Each flag keeps its activity's unit, filled from the activity for the flags already raised (0003 then
requires it: separate migrations, as PostgreSQL will not alter a table with the fill's pending checks)."""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    Flag = apps.get_model("evidence", "Flag")
    Activity = apps.get_model("activities", "Activity")
    Flag.objects.update(
        unit_id=models.Subquery(
            Activity.objects.filter(pk=models.OuterRef("activity_id")).values("unit_id")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0001_field_evidence_flags"),
        ("units", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="flag",
            name="unit",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="units.unit"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
