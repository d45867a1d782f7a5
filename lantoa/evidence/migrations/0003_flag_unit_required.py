"""A flag's unit is required and indexed with `checked_at`: a unit's flags are counted from the flags alone."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0002_flag_unit"),
    ]

    operations = [
        migrations.AlterField(
            model_name="flag",
            name="unit",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="units.unit"
            ),
        ),
        migrations.AddIndex(
            model_name="flag",
            index=models.Index(fields=["unit", "checked_at"], name="evidence_flag_unit"),
        ),
    ]
