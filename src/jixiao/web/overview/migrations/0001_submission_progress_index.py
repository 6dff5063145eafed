"""An index covering what the overview and the unit list read of every submission of a round (state, version,
last change, unit), so SQLite and PostgreSQL need not read each submission's facts to count a 5,000-unit round.
Made here, by SQL, so the rounds app's own migrations stay as they are."""
from django.db import migrations

INDEX = "overview_submission_progress"


class Migration(migrations.Migration):
    dependencies = [("rounds", "0003_history_append_only")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON rounds_submission (round_id, state, version, updated, unit_id)",
            f"DROP INDEX IF EXISTS {INDEX}",
        )
    ]
