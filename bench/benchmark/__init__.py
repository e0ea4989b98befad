"""The benchmark of issue 7: how fast the archive answers at a given size, measured, not assumed.

``scenarios`` chooses the pages, ``timing`` measures them in-process, ``probes`` measures the
CSV export and the importer, ``load`` runs wrk against gunicorn and Datasette, ``targets``
checks the issue's targets and ``report`` writes ``docs/PERFORMANCE.md``; ``run`` ties them.
"""
