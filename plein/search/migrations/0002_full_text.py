"""Each database's own full-text structure beside search_searchdocument (see models.py).
The SQL is written out here, not imported, so this migration stays as it ran."""

from django.db import migrations

FORWARD = {
    # Stemmed text goes in (Python stems it); unicode61 then only splits and folds accents.
    # Prefix indexes keep "the word being typed" queries fast for short prefixes.
    "sqlite": [
        "CREATE VIRTUAL TABLE search_document_fts USING fts5("
        "title, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
    ],
    # Filled by plein.search.backends.postgres after every write (no trigger, so the
    # weights and configuration live in one place in Python).
    "postgresql": [
        "ALTER TABLE search_searchdocument ADD COLUMN search_vector tsvector",
        "CREATE INDEX search_document_vector ON search_searchdocument USING gin (search_vector)",
    ],
}
BACKWARD = {
    "sqlite": ["DROP TABLE IF EXISTS search_document_fts"],
    "postgresql": [
        "DROP INDEX IF EXISTS search_document_vector",
        "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS search_vector",
    ],
}


def forward(apps, schema_editor):
    for statement in FORWARD.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    for statement in BACKWARD.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
