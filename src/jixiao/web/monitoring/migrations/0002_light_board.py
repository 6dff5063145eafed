"""The warnings board's own columns and indexes on the Light cache (round, 主管部门), filled for existing rows."""
import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    Light = apps.get_model("monitoring", "Light")
    Report = apps.get_model("monitoring", "MonitoringReport")
    for report in Report.objects.select_related("unit").only("id", "round_id", "unit__parent_id"):
        Light.objects.filter(report_id=report.id).update(round_id=report.round_id, department_id=report.unit.parent_id)


class Migration(migrations.Migration):

    dependencies = [
        ("monitoring", "0001_initial"),
        ("orgs", "0002_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="light",
            name="round",
            field=models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="monitoring.monitoringround"),
        ),
        migrations.AddField(
            model_name="light",
            name="department",
            field=models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="orgs.organisation"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="light", name="light_severity_amount"),
        migrations.AddIndex(model_name="light", index=models.Index(fields=("round", "severity", "-amount", "id"), name="light_board")),
        migrations.AddIndex(model_name="light", index=models.Index(fields=("round", "colour", "-amount", "id"), name="light_board_colour")),
        migrations.AddIndex(model_name="light", index=models.Index(fields=("round", "-amount", "id"), name="light_board_amount")),
        migrations.AddIndex(model_name="light", index=models.Index(fields=("round", "department", "severity", "-amount", "id"), name="light_board_department")),
        migrations.AddIndex(model_name="light", index=models.Index(fields=("round", "department", "colour", "-amount", "id"), name="light_board_department_colour")),
        migrations.AddIndex(model_name="light", index=models.Index(fields=("round", "department", "-amount", "id"), name="light_board_department_amount")),
    ]
