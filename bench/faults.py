"""`make bench-faults` (`python -m bench.faults`): three bounded fault drills on loopback
against the production profile under gunicorn, on the benchmark database.

1. Redis down: the app points REDIS_URL at a closed port (the shared Redis keeps running for
   everyone else); pages must still answer 200 and /healthz must say the cache is degraded.
2. PostgreSQL restart: the server is restarted twice during a short load of page reads and
   newsletter signups (through the readers' own signup form); reads must recover within 10 s
   (CONN_HEALTH_CHECKS), and every signup the site acknowledged must be in the database (the
   report also counts confirmation tasks lost at a cut, which the catch-up sends). The
   restart is `pg_ctlcluster VERSION NAME restart` for the Debian cluster on the benchmark's
   port; where there is none, or with BENCH_PG_RESTART=terminate (a server others are using),
   every connection to the benchmark database is terminated instead, which is what a restart
   does to the application. The report says which was done.
3. A gunicorn worker killed with SIGKILL under load: only its in-flight requests may fail; the
   master starts a replacement.

Run `make bench` first (it seeds the database)."""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import threading
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlencode

from bench.common import (
    APP_PORT,
    CLOSED_PORT,
    bench_environment,
    get,
    postgres_restart_command,
    start_gunicorn,
    terminate_backends,
)

LOAD_THREADS = 8


@dataclass
class Load:
    """A few client threads, one connection per request (gunicorn's sync workers close
    them anyway), recording the time and outcome of every request."""

    port: int
    paths: list[str]
    signups: bool = False
    events: list[tuple[float, str, int | str]] = field(default_factory=list)
    acknowledged: list[str] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _one(self, index: int) -> None:
        counter = 0
        while not self._stop.is_set():
            counter += 1
            kind = "signup" if self.signups and counter % 2 == 0 else "read"
            email = f"drill-{uuid.uuid4().hex}@example.org"
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
            try:
                if kind == "signup":
                    connection.request(
                        "POST",
                        "/newsletter/",
                        body=urlencode({"email": email, "website": "", "source": "/"}),
                        headers={"Content-Type": "application/x-www-form-urlencoded"},
                    )
                else:
                    connection.request("GET", self.paths[(index + counter) % len(self.paths)])
                response = connection.getresponse()
                response.read()
                outcome: int | str = response.status
            except (OSError, http.client.HTTPException) as error:
                outcome = type(error).__name__
            finally:
                connection.close()
            with self._lock:
                self.events.append((time.monotonic(), kind, outcome))
                # 200 is the "check your inbox" page: the site told the reader it has them.
                if kind == "signup" and outcome == 200:
                    self.acknowledged.append(email)

    def __enter__(self) -> Load:
        self.threads = [
            threading.Thread(target=self._one, args=(i,), daemon=True) for i in range(LOAD_THREADS)
        ]
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in self.threads:
            thread.join(timeout=15)

    def failures(self, since: float = 0.0) -> list[tuple[float, str, int | str]]:
        return [e for e in self.events if e[0] >= since and e[2] != 200]


def pick_paths() -> list[str]:
    import django

    django.setup()
    from articles.models import Article

    stories = Article.objects.published().newest_first()[:20]
    return ["/", "/section/politics/", *(story.get_absolute_url() for story in stories)]


def quiet(env: dict) -> dict:
    """The drills cause errors on purpose: keep their tracebacks out of the report."""
    return {**env, "LOG_LEVEL": "CRITICAL"}


def redis_down(paths: list[str]) -> dict:
    env = quiet(bench_environment(APP_PORT, redis_url=f"redis://127.0.0.1:{CLOSED_PORT}/7"))
    server = start_gunicorn(env, APP_PORT)
    try:
        statuses, slowest = [], 0.0
        for path in paths * 2:
            started = time.monotonic()
            statuses.append(get(server.url + path)[0])
            slowest = max(slowest, time.monotonic() - started)
        status, body = get(server.url + "/healthz")
        return {
            "pages": len(statuses),
            "pages_200": statuses.count(200),
            "slowest_page_ms": round(slowest * 1000),
            "healthz_status": status,
            "healthz": json.loads(body),
        }
    finally:
        server.stop()


def postgres_restart(paths: list[str]) -> dict:
    from django.db import connection
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from newsletter.models import Subscriber
    from newsletter.tasks import send_confirmation

    drill_started = timezone.now()
    restart = postgres_restart_command()
    env = quiet(bench_environment(APP_PORT, page_cache=False))  # every read hits the database
    # The drill's threads all sign up from one address: the per-address limit is not under test.
    env["NEWSLETTER_SIGNUP_RATE"] = "1000000/m"
    server = start_gunicorn(env, APP_PORT)
    terminated, cuts, restart_seconds = 0, [], []
    try:
        with Load(APP_PORT, paths, signups=True) as load:
            time.sleep(3)
            for _ in range(2):
                cuts.append(time.monotonic())
                if restart:
                    subprocess.run(restart, check=True, timeout=60)  # noqa: S603 - fixed
                    restart_seconds.append(round(time.monotonic() - cuts[-1], 2))
                else:
                    terminated += terminate_backends()
                time.sleep(8)
            ended = time.monotonic()
        events, failures = load.events, load.failures()
        acknowledged = set(load.acknowledged)
    finally:
        server.stop()
    connection.close()  # this process's own connection did not survive the restart either
    signed_up = Subscriber.objects.filter(email__in=acknowledged)
    stored = set(signed_up.values_list("email", flat=True))
    # No task worker runs in the drill, so every confirmation task queued is still in the table.
    queued = {
        result.args_kwargs["args"][0]
        for result in DBTaskResult.objects.filter(
            task_path=send_confirmation.module_path, enqueued_at__gte=drill_started
        ).only("args_kwargs")
    }
    recovery = []
    for cut, next_cut in zip(cuts, [*cuts[1:], ended], strict=True):
        failed = [e[0] for e in failures if cut <= e[0] < next_cut]
        recovery.append(round(max(failed, default=cut) - cut, 2))
    return {
        "fault": " ".join(restart) if restart else "pg_terminate_backend, this database only",
        "seconds_each_restart_took": restart_seconds,
        "backends_terminated": terminated,
        "requests": len(events),
        "failed_requests": len(failures),
        "failure_kinds": sorted({str(e[2]) for e in failures}),
        "seconds_to_recover_after_each_cut": recovery,
        "signups_acknowledged": len(acknowledged),
        "signups_acknowledged_but_missing": len(acknowledged - stored),
        # Left to `manage.py catch_up_confirmations`, which sends what is still due.
        "confirmation_tasks_lost_at_a_cut": signed_up.exclude(confirmation_due_at=None)
        .exclude(pk__in=queued)
        .count(),
    }


def worker_killed(paths: list[str]) -> dict:
    env = quiet(bench_environment(APP_PORT, page_cache=False))
    server = start_gunicorn(env, APP_PORT)
    try:
        before = server.worker_pids()  # start_gunicorn waited for all of them
        with Load(APP_PORT, paths) as load:
            time.sleep(3)
            victim = before[0]
            killed_at = time.monotonic()
            os.kill(victim, signal.SIGKILL)
            time.sleep(5)
        after = server.worker_pids()
    finally:
        server.stop()
    failures = load.failures(since=killed_at)
    return {
        "requests": len(load.events),
        "killed_worker": victim,
        "failed_requests": len(failures),
        "failure_kinds": sorted({str(e[2]) for e in failures}),
        "failed_after_one_second": len([e for e in failures if e[0] > killed_at + 1]),
        "client_threads": LOAD_THREADS,
        "workers_before": len(before),
        "workers_after": len(after),
        "replacement_started": victim not in after and len(after) == len(before),
    }


def main() -> None:
    os.environ.update(bench_environment(APP_PORT))
    paths = pick_paths()
    report = {}
    for name, drill in (
        ("redis_down", redis_down),
        ("postgres_restart", postgres_restart),
        ("worker_sigkill", worker_killed),
    ):
        print(f"== {name}", flush=True)
        report[name] = drill(paths)
        print(json.dumps(report[name], indent=2), flush=True)
    from bench.run import RESULTS

    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "faults.json").write_text(json.dumps(report, indent=2))
    print(f"Written: {RESULTS / 'faults.json'}")


if __name__ == "__main__":
    main()
