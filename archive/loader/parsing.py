"""Parsing source files ahead of loading them, in worker processes when there are many.

Parsing is pure Python (``archive.ingest``: bytes in, dataclasses out) and this module imports
no Django, so a worker process starts without settings or database connections.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from archive.ingest.pipeline import parse_source
from archive.ingest.records import ParsedSource
from archive.ingest.reference import ReferenceData


class Parser:
    """Starts parsing files in worker processes (or here, with none) and hands back results."""

    def __init__(self, reference: ReferenceData, *, max_bytes: int, workers: int = 0):
        self.reference, self.max_bytes = reference, max_bytes
        self.pool = None
        if workers > 0:
            # Not "fork": a child would share this process's database connections and threads.
            if "forkserver" in multiprocessing.get_all_start_methods():
                context = multiprocessing.get_context("forkserver")
                # Workers fork from a server that imported the parser once, not each their own.
                context.set_forkserver_preload(["__main__", __name__])
            else:
                context = multiprocessing.get_context("spawn")
            self.pool = ProcessPoolExecutor(
                workers,
                mp_context=context,
                initializer=_worker_start,
                initargs=(reference, os.getpid()),
            )

    def __enter__(self) -> Parser:
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def start(self, data: bytes, *, name: str) -> Future | None:
        """Start parsing in a worker; None when ``result`` will parse here."""
        if self.pool is None:
            return None
        try:
            return self.pool.submit(_worker_parse, data, name=name, max_bytes=self.max_bytes)
        except BrokenProcessPool:  # a worker died: the rest is parsed here
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None
            return None

    def result(self, started: Future | None, data: bytes, *, name: str) -> ParsedSource:
        """The parsed file; raises ``SourceRejected`` (or a parser bug) as ``parse_source`` does.

        A file no worker has taken yet is parsed here rather than waited for.
        """
        if started is not None and not started.cancel():
            try:
                return started.result()
            except BrokenProcessPool:
                pass  # a worker died (killed, out of memory): the file is parsed here
        return parse_source(data, name=name, reference=self.reference, max_bytes=self.max_bytes)


# In the worker processes ----------------------------------------------------------------------

_reference: ReferenceData | None = None


def _worker_start(reference: ReferenceData, importer: int) -> None:
    """Keep the reference data (sent once, not with each file); exit with the importer."""
    global _reference
    _reference = reference
    threading.Thread(target=_exit_without, args=(importer,), daemon=True).start()


def _exit_without(importer: int) -> None:
    """A worker of an importer that was killed would otherwise wait for files forever."""
    while True:
        time.sleep(1)
        try:
            os.kill(importer, 0)
        except ProcessLookupError:
            os._exit(1)


def _worker_parse(data: bytes, *, name: str, max_bytes: int) -> ParsedSource:
    return parse_source(data, name=name, reference=_reference, max_bytes=max_bytes)
