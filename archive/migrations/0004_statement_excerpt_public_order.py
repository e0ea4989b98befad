"""Stored excerpts for list cards, and an index in the lists' default order."""

import importlib

from django.db import migrations, models


BATCH = 2000

# The lists' default order (date DESC NULLS LAST, event, position) over the visible rows, so
# the first page of a broad PostgreSQL list is read from an index instead of sorting every
# row. SQLite needs none: it reads (hidden, date) and sorts only each date's few rows, and
# without planner statistics an index in list order would tempt it to walk the whole list
# for one year's statements.
ORDER = "date DESC NULLS LAST, event_id, position"
# The same order after each column a list filters on with one value (a year, a speaker…), so
# that such a list's first page is read in order too, instead of walking the whole list.
FILTERED = ["year", "speaker_id", "speaker_country_id", "event_country_id", "kind"]
ORDER_INDEX = {
    "postgresql": [
        f"CREATE INDEX statement_public_order ON archive_statement ({ORDER}) WHERE NOT hidden",
        *[
            f"CREATE INDEX statement_{column.removesuffix('_id')}_order ON archive_statement "
            f"({column}, {ORDER}) WHERE NOT hidden"
            for column in FILTERED
        ],
    ]
}
ORDER_INDEX_REVERSE = {
    "postgresql": [
        "DROP INDEX statement_public_order",
        *[f"DROP INDEX statement_{column.removesuffix('_id')}_order" for column in FILTERED],
    ]
}


# Adding a column rebuilds SQLite's table, which drops the full-text triggers of 0002: they
# are made again and the index rebuilt.
FULL_TEXT = importlib.import_module("archive.migrations.0002_full_text_search")
TRIGGERS = [sql for sql in FULL_TEXT.SQLITE if "CREATE VIRTUAL TABLE" not in sql]


def triggers_restore(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in TRIGGERS:
            schema_editor.execute(sql.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS"))


def vendor_sql(statements):
    def apply(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return apply


def excerpt_of(text: str, *, words: int = 45) -> str:
    """A text's first words on one line, as list cards showed them when this was written
    (a copy, so that this migration never changes with the code)."""
    kept = text.split(maxsplit=words)
    if len(kept) > words:
        return " ".join(kept[:words]) + "…"
    return " ".join(kept)


def excerpts_fill(apps, schema_editor):
    """Cut the excerpt of every statement already imported, a batch at a time."""
    Statement = apps.get_model("archive", "Statement")
    rows = Statement.objects.using(schema_editor.connection.alias).only("pk", "text")
    batch = []
    for statement in rows.order_by("pk").iterator(chunk_size=BATCH):
        statement.excerpt = excerpt_of(statement.text)
        batch.append(statement)
        if len(batch) == BATCH:
            Statement.objects.bulk_update(batch, ["excerpt"])
            batch.clear()
    Statement.objects.bulk_update(batch, ["excerpt"])


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0003_archive_state"),
    ]

    operations = [
        migrations.AddField(
            model_name="statement",
            name="excerpt",
            field=models.TextField(blank=True, editable=False, verbose_name="excerpt"),
        ),
        migrations.RunPython(triggers_restore, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(excerpts_fill, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(
            vendor_sql(ORDER_INDEX), vendor_sql(ORDER_INDEX_REVERSE), elidable=True
        ),
    ]
