"""What the benchmark and the fault drill share: the environment of the production profile on
loopback, starting and stopping gunicorn, wrk, and reading worker memory from /proc."""

from __future__ import annotations

import os
import pwd
import re
import runpy
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from unittest import mock
from urllib.parse import urlsplit

from bench.cpu import CpuUse

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
GUNICORN_CONFIG = ROOT / "deploy" / "gunicorn.conf.py"
WRK = "/usr/bin/wrk"
NGINX = "/usr/sbin/nginx"

PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DATABASE = os.environ.get("BENCH_DATABASE", "nr_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
# The benchmark keeps to its own port range.
PORTS = range(8600, 8700)
LOOPBACK = ("127.0.0.1", "localhost", "::1")
APP_PORT, NGINX_PORT, MINIMAL_PORT, CLOSED_PORT = 8601, 8602, 8603, 8699


def bench_environment(port: int, *, page_cache: bool = True, redis_url: str = REDIS_URL) -> dict:
    """The production profile on loopback: throwaway secret, plain HTTP, the bench database."""
    assert port in PORTS
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        SECRET_KEY="bench-" + secrets.token_urlsafe(40),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SITE_URL=f"http://127.0.0.1:{port}",
        DATABASE_URL=f"{PG_SERVER}/{DATABASE}",
        REDIS_URL=redis_url,
        CACHE_KEY_PREFIX="bench",
        SECURE_SSL_REDIRECT="false",
        PAGE_CACHE_ENABLED="true" if page_cache else "false",
        MEDIA_ROOT=str(ROOT / "var" / "bench-media"),
        LOG_LEVEL="ERROR",  # not a line per 404 of the search row
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_ACCESS_LOG="",
    )
    return env


def ensure_database(name: str = DATABASE) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def terminate_backends(name: str = DATABASE) -> int:
    """What a PostgreSQL restart does to the application: every connection to the database
    is cut. Only this database's backends, so the shared server keeps serving others."""
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        ).fetchall()
    return len(rows)


def postgres_restart_command() -> list[str] | None:
    """`pg_ctlcluster VERSION NAME restart` for the Debian cluster that serves PG_SERVER's port
    on this host, when there is one and this user may restart it; None otherwise, or when
    BENCH_PG_RESTART=terminate asks to leave a server others are using alone."""
    address = urlsplit(PG_SERVER)
    if os.environ.get("BENCH_PG_RESTART") == "terminate" or address.hostname not in LOOPBACK:
        return None
    lsclusters, ctlcluster = shutil.which("pg_lsclusters"), shutil.which("pg_ctlcluster")
    if not (lsclusters and ctlcluster):
        return None
    listing = subprocess.run(  # noqa: S603 - fixed arguments
        [lsclusters, "--no-header"], capture_output=True, text=True, check=False
    ).stdout
    for line in listing.splitlines():
        version, name, port, status, owner, *_ = line.split()
        if int(port) == (address.port or 5432) and status == "online":
            if os.geteuid() not in (0, pwd.getpwnam(owner).pw_uid):
                return None
            return [ctlcluster, version, name, "restart", "--mode", "fast"]
    return None


def get(url: str, timeout: float = 5.0) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_until_up(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if get(url, timeout=2)[0] < 500:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


@dataclass
class Server:
    process: subprocess.Popen
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def worker_pids(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()]

    def wait_for_workers(self, expected: int, timeout: float = 30.0) -> list[int]:
        """The worker pids once gunicorn has forked `expected` of them: it answers as soon
        as the first one is up, and forks the others one after another."""
        deadline = time.monotonic() + timeout
        while len(pids := self.worker_pids()) < expected and time.monotonic() < deadline:
            time.sleep(0.1)
        return pids

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def gunicorn_config(env: dict) -> dict:
    """What deploy/gunicorn.conf.py sets when gunicorn starts in environment `env`: read from
    the file itself, so the report cannot disagree with what ran."""
    with mock.patch.dict(os.environ, env, clear=True):
        return runpy.run_path(str(GUNICORN_CONFIG))


def start_gunicorn(env: dict, port: int, app: str = "newsroom.wsgi", probe: str = "/healthz"):
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        [GUNICORN, "-c", str(GUNICORN_CONFIG), app],
        cwd=ROOT,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
        start_new_session=True,  # its own process group: stopped as one, never by name
    )
    server = Server(process, port)
    try:
        wait_until_up(server.url + probe)
        # Measured from the first second: a load started while workers are still being
        # forked would count the start-up too.
        server.wait_for_workers(expected=gunicorn_config(env)["workers"])
    except RuntimeError:
        server.stop()
        raise
    return server


def memory_mib(pid: int) -> tuple[float, float]:
    """(RSS, PSS) of a process in MiB. PSS divides pages shared by the preloaded workers."""
    rss = pss = 0.0
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Rss:"):
            rss = int(line.split()[1]) / 1024
        elif line.startswith("Pss:"):
            pss = int(line.split()[1]) / 1024
    return rss, pss


@dataclass
class WrkResult:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx: int
    errors: int
    cpu: CpuUse | None = None  # where the load's CPU time went, when it was measured


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def run_wrk(url: str, *, duration: int, connections: int, threads: int) -> WrkResult:
    command = [WRK, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency"]
    # A 10 s timeout: slow answers are measured, not dropped as wrk's default 2 s would.
    command += ["--timeout", "10s", url]
    out = subprocess.run(  # noqa: S603 - fixed arguments
        command,
        capture_output=True,
        text=True,
        check=True,
        timeout=duration + 30,
    ).stdout
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.MULTILINE))
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return WrkResult(
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        p50_ms=_ms(percentiles["50"]),
        p99_ms=_ms(percentiles["99"]),
        requests=requests,
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        errors=sum(int(n) for n in errors.groups()) if errors else 0,
    )
