"""Idle and slow clients cannot take the site down.

With gunicorn's sync workers (the image's former setting), two idle connections held both
workers and every other reader waited. The image now runs threaded workers: a slow client
holds one thread, so fewer of them than a worker's threads leave it serving. Any number of
them is the job of the buffering front of docs/DEPLOY.md (nginx), tested here with 200.
"""

import contextlib
import hashlib
import json
import os
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT, SOURCES
from tests.production.conftest import manage, production_server
from tests.production.test_database_outage import get, wait_for

pytestmark = pytest.mark.django_db

FEW_SECONDS = 5


class SlowClients:
    """Connections that send nothing, and ones that send a request a byte a second."""

    def __init__(self, port: int, *, idle: int, trickling: int):
        self.port = port
        self.counts = (idle, trickling)
        self.sockets: list[socket.socket] = []
        self.stop = threading.Event()

    def __enter__(self):
        idle, trickling = self.counts
        for _ in range(idle):
            self.sockets.append(socket.create_connection(("127.0.0.1", self.port)))
        trickle = []
        for _ in range(trickling):
            sock = socket.create_connection(("127.0.0.1", self.port))
            sock.sendall(b"GET /statements/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            trickle.append(sock)
        self.sockets += trickle
        threading.Thread(target=self._trickle, args=(trickle,), daemon=True).start()
        time.sleep(1)  # every connection accepted and waiting
        return self

    def _trickle(self, sockets):
        while not self.stop.wait(1):
            for sock in sockets:
                with contextlib.suppress(OSError):
                    sock.sendall(b"X")

    def __exit__(self, *exc):
        self.stop.set()
        for sock in self.sockets:
            sock.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed_get(url: str) -> tuple[int, float]:
    started = time.monotonic()
    status = get(url)[0]
    return status, time.monotonic() - started


def seeded(url: str) -> str:
    assert manage(url, "migrate", "--no-input").wait(timeout=300) == 0
    assert manage(url, "import_sources", str(SOURCES)).wait(timeout=300) == 0
    return url


def test_idle_and_slow_clients_within_the_threads_leave_gunicorn_serving(
    scratch_database, tmp_path
):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with production_server(seeded(scratch_database), port, tmp_path / "static", workers=1):
        assert wait_for(f"{base}/statements/", 200)[0] == 200
        # A sync worker would be held by the first of them. A thread is held by each for up to
        # 5 s (idle: gunicorn then parks it) or as long as it trickles: with fewer of them than
        # the worker's 8 threads, one is always free.
        with SlowClients(port, idle=4, trickling=3):
            for path in ["/", "/statements/", "/statements/?organisation=CSTO", "/healthz"] * 3:
                status, seconds = timed_get(f"{base}{path}")
                assert status == 200, path
                assert seconds < FEW_SECONDS, (path, seconds)


NGINX_CONF = """
{user}
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 2048; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    upstream archive {{ server 127.0.0.1:{upstream}; keepalive 4; }}
    limit_conn_zone $binary_remote_addr zone=archive_per_address:1m;
    server {{
        listen 127.0.0.1:{port};
        set $archive_scheme http;
        include {snippet};
    }}
}}
"""


@contextlib.contextmanager
def nginx(prefix: Path, *, port: int, upstream: int, dataset: Path):
    """nginx in the foreground with deploy/nginx/archive-proxy.conf, the dataset path its own."""
    prefix.mkdir()
    snippet = (ROOT / "deploy" / "nginx" / "archive-proxy.conf").read_text()
    (prefix / "archive-proxy.conf").write_text(
        snippet.replace("/srv/archive/dataset/", f"{dataset}/")
    )
    (prefix / "nginx.conf").write_text(
        NGINX_CONF.format(
            # As root, nginx's workers would drop to "nobody", who cannot read pytest's folders.
            user="user root;" if os.geteuid() == 0 else "",
            prefix=prefix,
            port=port,
            upstream=upstream,
            snippet=prefix / "archive-proxy.conf",
        )
    )
    command = ["nginx", "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"]
    check = subprocess.run([*command[:-2], "-t"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen(command, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port)):
            break
        time.sleep(0.1)
    try:
        yield process
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_behind_nginx_two_hundred_slow_clients_leave_the_site_serving(scratch_database, tmp_path):
    if not shutil.which("nginx"):
        if os.environ.get("CI"):
            pytest.fail("nginx is not installed (CI installs it: apt-get install nginx-light)")
        pytest.skip("nginx is not installed: apt-get install nginx-light to run this test")
    upstream, port = free_port(), free_port()
    dataset = tmp_path / "dataset"
    url = seeded(scratch_database)
    assert manage(url, "build_dataset", "--root", str(dataset)).wait(timeout=300) == 0
    server = production_server(
        url, upstream, tmp_path / "static", workers=1, DATASET_ROOT=str(dataset)
    )
    base = f"http://127.0.0.1:{port}"
    with server, nginx(tmp_path / "nginx", port=port, upstream=upstream, dataset=dataset):
        assert wait_for(f"{base}/statements/", 200)[0] == 200
        # More slow clients than gunicorn has threads, many times over.
        with SlowClients(port, idle=100, trickling=100):
            for path in ["/", "/statements/", "/statements/?organisation=CSTO", "/healthz"] * 3:
                status, seconds = timed_get(f"{base}{path}")
                assert status == 200, path
                assert seconds < FEW_SECONDS, (path, seconds)
        with urllib.request.urlopen(f"{base}/statements/") as response:
            assert response.headers["X-Frame-Options"] == "DENY"  # gunicorn's answer, whole


def test_nginx_serves_the_bulk_dataset_from_the_shared_folder(scratch_database, tmp_path):
    if not shutil.which("nginx"):
        pytest.skip("nginx is not installed: apt-get install nginx-light to run this test")
    upstream, port = free_port(), free_port()
    dataset = tmp_path / "dataset"
    url = seeded(scratch_database)
    assert manage(url, "build_dataset", "--root", str(dataset)).wait(timeout=300) == 0
    base = f"http://127.0.0.1:{port}"
    with nginx(tmp_path / "nginx", port=port, upstream=upstream, dataset=dataset):
        with urllib.request.urlopen(f"{base}/data/manifest.json") as response:
            manifest = json.load(response)
            assert response.headers["Content-Type"] == "application/json"
        for entry in manifest["files"]:
            with urllib.request.urlopen(f"{base}/data/{entry['name']}") as response:
                assert hashlib.sha256(response.read()).hexdigest() == entry["sha256"]
                assert response.headers["Content-Type"] == entry["media_type"]
                assert response.headers["Access-Control-Allow-Origin"] == "*"
                assert response.headers["Content-Disposition"] == "attachment"
        request = urllib.request.Request(
            f"{base}/data/statements.csv.gz", headers={"Range": "bytes=0-9"}
        )
        with urllib.request.urlopen(request) as response:
            assert response.status == 206 and len(response.read()) == 10  # resumable


def test_the_compose_deployment_wires_nginx_to_the_web_service_and_its_volumes(tmp_path):
    yaml = pytest.importorskip("yaml")
    compose = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())
    services = compose["services"]
    template = (ROOT / "deploy" / "nginx" / "archive.conf.template").read_text()
    mounts = {volume.split(":")[1]: volume.split(":")[0] for volume in services["nginx"]["volumes"]}
    assert mounts["/etc/nginx/snippets/archive-proxy.conf"] == "./nginx/archive-proxy.conf"
    assert "include /etc/nginx/snippets/archive-proxy.conf;" in template
    assert "server web:8000;" in template and "8000" in services["web"]["expose"]
    web = services["web"]["environment"]
    assert web["TRUSTED_PROXY_COUNT"] == "1"  # nginx, the one proxy: admin lockouts per reader
    dataset = web["DATASET_ROOT"]
    assert f"dataset:{dataset}" in services["web"]["volumes"]
    assert f"dataset:{dataset}:ro" in services["nginx"]["volumes"]
    snippet = (ROOT / "deploy" / "nginx" / "archive-proxy.conf").read_text()
    assert f"alias {dataset}/current/;" in snippet
    if not (shutil.which("nginx") and shutil.which("openssl")):
        pytest.skip("nginx and openssl check the configuration's syntax")
    key, cert = tmp_path / "privkey.pem", tmp_path / "fullchain.pem"
    openssl = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=t"]
    subprocess.run(
        [*openssl, "-days", "1", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    rendered = (
        template.replace("${ARCHIVE_HOST}", "archive.example.org")
        .replace("server web:8000;", "server 127.0.0.1:8000;")
        .replace("/etc/nginx/certs/", f"{tmp_path}/")
        .replace(
            "/etc/nginx/snippets/archive-proxy.conf", str(ROOT / "deploy/nginx/archive-proxy.conf")
        )
    )
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log;\n"
        f"events {{}}\nhttp {{\n{rendered}\n}}\n"
    )
    check = subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
