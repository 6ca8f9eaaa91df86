"""Gunicorn configuration: `gunicorn -c deploy/gunicorn.conf.py newsroom.wsgi`.

Every value can be overridden from the environment (the names below), so one file serves a
laptop, the benchmark and a production host."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")

# Threaded workers: two processes per core keep both cores busy, and two threads in each
# overlap the waits on PostgreSQL and Redis and keep connections alive (nginx's upstream
# keepalive, a load balancer's), which sync workers close after every response. Measured on
# the benchmark: a cache hit costs a Redis round trip and keep-alive roughly doubles the
# requests a worker answers. Four threads served no more than two on 2 cores, but each thread
# adds its own database connection and cache client: about 2.5 MiB of worker memory per
# thread after load (a worker: about 78 MiB RSS with two threads, 84 with four).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", 2))

# A request that runs longer than this is a bug or an overloaded database: kill and respawn.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
# Behind nginx with keep-alive upstreams; a short keep-alive frees sync workers quickly.
keepalive = 5

# Recycle workers now and then (bounded memory growth), with jitter so they do not all
# restart at once. A worker answers hundreds of cached pages a second: a lower limit would
# restart each one every few seconds.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 10_000))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", 1_000))

# Load Django once in the master and fork: faster start, pages of code shared between
# workers. Database connections are opened lazily, per worker, after the fork.
preload_app = True

# Heartbeat files on tmpfs: a slow disk must not make the master think workers hang.
_SHM = "/dev/shm"  # noqa: S108 - gunicorn's documented heartbeat location, no file names
worker_tmp_dir = _SHM if os.path.isdir(_SHM) else None

# One line per request on stdout, JSON like the application's own logs.
# GUNICORN_ACCESS_LOG="" turns it off (the benchmark would otherwise log every request).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
access_log_format = (
    '{"time": "%(t)s", "logger": "gunicorn.access", "remote": "%(h)s", "method": "%(m)s", '
    '"path": "%(U)s", "query": "%(q)s", "status": %(s)s, "bytes": "%(B)s", '
    '"duration_us": %(D)s, "cache": "%({x-page-cache}o)s", "agent": "%(a)s"}'
)

# nginx on the same host sets X-Forwarded-Proto; trust it from there only.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

proc_name = "newsroom"

# Gunicorn's control socket defaults to one path per user; several instances on one host (the
# benchmark's, a second site) would share it. Off unless a path is given.
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True
