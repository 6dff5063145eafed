"""History is append-only in the database too, not only in the model: a raw UPDATE (a DBA's console, another
program on the same database) is refused. On PostgreSQL row DELETEs are refused as well; TRUNCATE (used only
by test flushes and by restoring a backup into an empty instance) is a statement-level operation and is not.
SQLite refuses UPDATE; its DELETE stays possible because Django's test flush and `jixiao restore` need it there,
and the model and queryset refuse it for the application."""

import django.utils.timezone
from django.db import migrations, models

TABLE = "rounds_historyentry"
MESSAGE = "历史记录只能追加，不能修改或删除"

SQLITE_UP = [f"CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"]
SQLITE_DOWN = [f"DROP TRIGGER IF EXISTS {TABLE}_no_update"]
POSTGRES_UP = [
    f"CREATE FUNCTION {TABLE}_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$",
    f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} FOR EACH ROW EXECUTE FUNCTION {TABLE}_refuse()",
]
POSTGRES_DOWN = [f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}", f"DROP FUNCTION IF EXISTS {TABLE}_refuse()"]


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("rounds", "0002_indexes_and_score_summary")]

    operations = [
        # Inserted with its time (an archived entry keeps its own), never updated after: no auto_now_add.
        migrations.AlterField(
            model_name="historyentry",
            name="at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name="时间"),
        ),
        migrations.RunPython(_run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}), _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN})),
    ]
