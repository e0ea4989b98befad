"""Searches run in several threads at once (gunicorn's threaded workers): stemming gives each
thread the same answers as one thread alone."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from archive.search import query as textsearch


@pytest.mark.slow
def test_stemming_in_many_threads_at_once_gives_the_same_stems():
    words = [f"sécurités{n} coopérations{n} organisationnelles{n}" for n in range(3000)]
    words = [word for line in words for word in line.split()]
    alone = [textsearch.stem.__wrapped__(word) for word in words]
    with ThreadPoolExecutor(max_workers=8) as pool:
        together = list(pool.map(textsearch.stem.__wrapped__, words, chunksize=1))
    assert together == alone
