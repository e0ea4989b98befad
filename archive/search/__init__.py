"""Full-text search over statements: the query language in plain Python, parsed, stemmed and
highlighted the same way everywhere (``query``); the database backends that match and rank it,
FTS5 on SQLite and ``tsvector`` on PostgreSQL (``backends``); and every spelling the archive
knows of a name, so that a search for one finds the others (``spellings``).
"""
