"""A CSV download cut short is an error for the reader, never a complete-looking file.

The export is streamed with HTTP/1.1 chunked encoding: a stream that stops before its last
(empty) chunk, because its worker was killed or timed out, makes every HTTP client raise. Here
a real gunicorn serves 11 MB of CSV to a reader that pauses, and the stream is cut while the
reader is in the middle of it.
"""

import csv
import http.client
import io
import os
import signal
import time

import pytest

from tests.production.conftest import manage, production_server
from tests.production.test_database_outage import wait_for
from tests.production.test_load import children

pytestmark = pytest.mark.django_db

STATEMENTS = 3000  # about 11 MB of CSV: more than the sockets' buffers hold


@pytest.fixture
def corpus(scratch_database):
    url = scratch_database
    assert manage(url, "migrate", "--no-input").wait(timeout=300) == 0
    generate = manage(url, "generate_corpus", "--statements", str(STATEMENTS), "--seed", "3")
    assert generate.wait(timeout=600) == 0
    return url


def reader(port: int):
    """A client past the response's headers and its first 64 KB, then reading nothing: the
    server fills the sockets' buffers (a few MB) and waits, in the middle of the file."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", "/statements/export.csv")
    response = connection.getresponse()
    assert response.status == 200
    assert response.getheader("Transfer-Encoding") == "chunked"
    assert response.read(65536)
    return connection, response


def test_the_whole_export_reads_without_error(corpus, free_port, tmp_path):
    with production_server(corpus, free_port, tmp_path / "static"):
        assert wait_for(f"http://127.0.0.1:{free_port}/healthz", 200)[0] == 200
        connection, response = reader(free_port)
        rest = response.read()
        connection.close()
    rows = list(csv.reader(io.StringIO(rest.decode("utf-8", "replace"), newline="")))
    assert len(rows) > STATEMENTS // 2  # the rest of the file, every row whole


def test_a_killed_worker_leaves_the_reader_an_error_not_a_short_file(corpus, free_port, tmp_path):
    with production_server(corpus, free_port, tmp_path / "static") as server:
        assert wait_for(f"http://127.0.0.1:{free_port}/healthz", 200)[0] == 200
        connection, response = reader(free_port)
        time.sleep(1)  # the worker fills the buffers and blocks
        (worker,) = children(server.pid)
        os.kill(worker, signal.SIGKILL)
        with pytest.raises(http.client.IncompleteRead):
            response.read()
        connection.close()


def test_a_timed_out_worker_leaves_the_reader_an_error_not_a_short_file(
    corpus, free_port, tmp_path
):
    # gunicorn kills a sync worker that has not reported for `timeout` seconds: here, one
    # blocked on a reader that stopped reading (as the 30 s timeout did).
    server = production_server(
        corpus,
        free_port,
        tmp_path / "static",
        timeout=2,
        GUNICORN_WORKER_CLASS="sync",
        GUNICORN_THREADS="1",
    )
    with server:
        assert wait_for(f"http://127.0.0.1:{free_port}/healthz", 200)[0] == 200
        connection, response = reader(free_port)
        time.sleep(6)  # past the timeout: the arbiter kills the blocked worker
        with pytest.raises(http.client.IncompleteRead):
            response.read()
        connection.close()


HEALTHZ_SECONDS = 2.0


def test_healthz_answers_while_two_exports_stream(corpus, free_port, tmp_path):
    """Two readers downloading the whole CSV (reading steadily, slower than it is written)
    leave the worker's other threads free: /healthz answers within a bound throughout, and
    both files arrive whole."""
    import threading
    import urllib.request

    base = f"http://127.0.0.1:{free_port}"
    with production_server(corpus, free_port, tmp_path / "static"):
        assert wait_for(f"{base}/healthz", 200)[0] == 200
        streams = [reader(free_port) for _ in range(2)]
        received = [[], []]

        def read_slowly(index: int) -> None:
            _connection, response = streams[index]
            while chunk := response.read(262144):
                received[index].append(chunk)
                time.sleep(0.05)

        threads = [threading.Thread(target=read_slowly, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        timings = []
        while len(timings) < 5 and any(thread.is_alive() for thread in threads):
            started = time.monotonic()
            with urllib.request.urlopen(f"{base}/healthz", timeout=10) as health:
                assert health.status == 200
            timings.append(time.monotonic() - started)
            time.sleep(0.2)
        still_streaming = all(thread.is_alive() for thread in threads)
        for thread in threads:
            thread.join(timeout=120)
        for connection, _response in streams:
            connection.close()
    assert timings and still_streaming, (timings, "the exports ended before /healthz was asked")
    assert max(timings) < HEALTHZ_SECONDS, timings
    for chunks in received:
        text = b"".join(chunks).decode("utf-8", "replace")
        rows = list(csv.reader(io.StringIO(text, newline="")))
        assert len(rows) > STATEMENTS // 2  # the rest of the file (past its first 64 KB)
