"""gunicorn settings from the environment: PORT and WEB_CONCURRENCY, as platforms set them."""

import multiprocessing
import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# Threaded workers: a connection goes to a thread only once it has sent something, so idle
# connections cost nothing, and a slow client holds one thread, not a whole worker. A front
# that buffers (docs/DEPLOY.md: nginx) keeps slow clients away from gunicorn altogether.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# A restart costs a worker its warm state (connections, page cache in locmem); 2,000 held the
# throughput down (docs/PERFORMANCE.md). The jitter keeps the workers from restarting together.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "100000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "10000"))
# Off unless asked for ("-" for stdout, or a file): the JSON request log
# (archive.site.middleware.RequestLogMiddleware) already has one line per request.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
# Web requests give up on a query that runs this long (seconds; the 503 page follows). Set here,
# before the workers load the settings, so imports and migrations (manage.py) are not cut short.
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", "10")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
