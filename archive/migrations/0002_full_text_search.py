"""Full-text search indexes, one per backend, behind the same interface (archive/search/backends.py).

PostgreSQL: a stored generated ``tsvector`` column with a GIN index, built with a French
configuration that removes accents (``unaccent``) before stemming. The column is not a model
field because SQLite cannot have it; ``archive.search.backends`` reads it by name.

SQLite: an FTS5 table over ``search_stems`` (French stems computed in Python), kept in step by
triggers. Django rebuilds a SQLite table when a migration alters it, which drops triggers:
``tests/search`` checks they exist after all migrations.
"""

from django.db import migrations

POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """
    DO $$ BEGIN
        CREATE TEXT SEARCH CONFIGURATION archive_french (COPY = pg_catalog.french);
    EXCEPTION WHEN unique_violation THEN NULL;
    END $$
    """,
    """
    ALTER TEXT SEARCH CONFIGURATION archive_french
        ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem
    """,
    """
    ALTER TABLE archive_statement ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('archive_french'::regconfig, coalesce(byline, '')), 'A')
        || setweight(to_tsvector('archive_french'::regconfig, coalesce(question, '')), 'B')
        || setweight(to_tsvector('archive_french'::regconfig, coalesce(text, '')), 'C')
    ) STORED
    """,
    "CREATE INDEX statement_search_vector ON archive_statement USING gin (search_vector)",
]

POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS statement_search_vector",
    "ALTER TABLE archive_statement DROP COLUMN IF EXISTS search_vector",
]

SQLITE = [
    """
    CREATE VIRTUAL TABLE archive_statement_fts USING fts5(
        search_stems, content='archive_statement', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER archive_statement_fts_insert AFTER INSERT ON archive_statement BEGIN
        INSERT INTO archive_statement_fts(rowid, search_stems) VALUES (new.id, new.search_stems);
    END
    """,
    """
    CREATE TRIGGER archive_statement_fts_delete AFTER DELETE ON archive_statement BEGIN
        INSERT INTO archive_statement_fts(archive_statement_fts, rowid, search_stems)
        VALUES ('delete', old.id, old.search_stems);
    END
    """,
    """
    CREATE TRIGGER archive_statement_fts_update AFTER UPDATE OF search_stems ON archive_statement
    BEGIN
        INSERT INTO archive_statement_fts(archive_statement_fts, rowid, search_stems)
        VALUES ('delete', old.id, old.search_stems);
        INSERT INTO archive_statement_fts(rowid, search_stems) VALUES (new.id, new.search_stems);
    END
    """,
    "INSERT INTO archive_statement_fts(archive_statement_fts) VALUES ('rebuild')",
]

SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS archive_statement_fts_insert",
    "DROP TRIGGER IF EXISTS archive_statement_fts_delete",
    "DROP TRIGGER IF EXISTS archive_statement_fts_update",
    "DROP TABLE IF EXISTS archive_statement_fts",
]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]
