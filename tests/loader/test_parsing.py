"""Parsing in worker processes: the same results as parsing here, even when a worker dies."""

import os
import signal

from django.conf import settings

from archive.ingest.pipeline import parse_source
from archive.ingest.reference import ReferenceData
from archive.loader.parsing import Parser
from tests.loader.test_bulk import press_conference


def test_a_file_is_parsed_here_when_its_worker_died():
    reference = ReferenceData.from_directory(settings.REFERENCE_DIR)
    data = press_conference(2, day=4)
    expected = parse_source(data, name="a.txt", reference=reference)
    with Parser(reference, max_bytes=settings.IMPORT_MAX_BYTES, workers=1) as parser:
        started = parser.start(data, name="a.txt")
        assert parser.result(started, data, name="a.txt") == expected
        for pid in list(parser.pool._processes):
            os.kill(pid, signal.SIGKILL)
        for name in ("b.txt", "c.txt"):
            started = parser.start(data, name=name)
            assert parser.result(started, data, name=name) == expected
