"""`make bench` (`python -m bench.run --stories N`): the production profile under gunicorn on
127.0.0.1, measured with wrk against home, a section, an article, search and a feed, with the
page cache off and on, next to two ceilings measured in the same run: nginx serving the
article's HTML as a static file, and a minimal Django view returning the same bytes.

Writes bench/results/latest.md (the table) and docs/bench.png (the chart). Aims (reported,
never asserted): uncached article about 600 req/s, cached pages at 0.9x the minimal-Django
ceiling, queries per page independent of the number of stories, workers at most 80 MiB."""

from __future__ import annotations

import argparse
import functools
import os
import platform
import shlex
import shutil
import subprocess
import sysconfig
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from bench import cpu
from bench.common import (
    APP_PORT,
    MINIMAL_PORT,
    NGINX,
    NGINX_PORT,
    ROOT,
    Server,
    WrkResult,
    bench_environment,
    ensure_database,
    get,
    gunicorn_config,
    memory_mib,
    run_wrk,
    start_gunicorn,
    wait_until_up,
)

RESULTS = ROOT / "bench" / "results"
CHART = ROOT / "docs" / "bench.png"


def prepare(stories: int) -> dict[str, str]:
    """Migrate and seed the bench database, collect static files; returns the pages to load."""
    import django
    from django.core.management import call_command

    os.environ.update(bench_environment(APP_PORT))
    ensure_database()
    django.setup()
    call_command("migrate", verbosity=0)
    call_command("seed_bench", stories=stories)
    # As after a deploy: photo renditions exist before readers arrive, so no request of the
    # load waits on an image encoder.
    call_command("make_renditions", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    return pick_pages()


def sample_story():
    """The story whose page is loaded: a recent one, as most readers' are, not the newest."""
    from articles.models import Article

    return Article.objects.published().newest_first()[100]


def pick_pages() -> dict[str, str]:
    from django.urls import reverse

    from articles.models import Section

    story = sample_story()
    return {
        "home": reverse("newsroom:home"),
        "section": Section.objects.get(slug="politics").get_absolute_url(),
        "article": story.get_absolute_url(),
        "search": reverse("newsroom:search") + "?q=harbour",
        "feed": reverse("newsroom:feed-rss"),
    }


def pick_counted_pages() -> dict[str, str]:
    """Pages whose queries are counted but that are not loaded with wrk: the tag and author
    pages of the loaded article (their lists grow with the archive as a section's does)."""
    from django.urls import reverse

    story = sample_story()
    return {
        "tag": reverse("newsroom:tag", args=[story.tags.order_by("pk")[0].slug]),
        "author": story.ordered_authors[0].get_absolute_url(),
    }


def count_queries(pages: dict[str, str]) -> dict[str, int]:
    """Queries per uncached page, measured in-process with the test client."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    client = Client()
    counts = {}
    with override_settings(PAGE_CACHE_ENABLED=False):
        for name, url in pages.items():
            client.get(url)  # first hit loads templates, ContentTypes and the like
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            counts[name] = len(queries)
    return counts


@functools.cache
def postgres_server() -> int | None:
    """The pid of PostgreSQL's server process when it runs on this machine: the parent of
    this process's own backend."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    if not cpu.command_name(backend).startswith("postgres"):
        return None  # a server elsewhere: that pid is not its backend
    return cpu.parent_of(backend)


def load_pages(server: Server, pages: dict[str, str], args) -> dict[str, WrkResult]:
    results = {}
    for name, url in pages.items():
        for _ in range(3):  # warm: the first render fills the page cache when it is on
            get(server.url + url)
        started, before = time.monotonic(), cpu.sample(server.process.pid, postgres_server())
        result = run_wrk(
            server.url + url,
            duration=args.duration,
            connections=args.connections,
            threads=args.threads,
        )
        use = cpu.cpu_use(
            before,
            cpu.sample(server.process.pid, postgres_server()),
            requests=result.requests,
            seconds=time.monotonic() - started,
            cores=os.cpu_count() or 1,
        )
        results[name] = replace(result, cpu=use)
        print(
            f"  {name:8} {result.rps:8.0f} req/s  p99 {result.p99_ms:6.1f} ms  "
            f"CPU a request {cpu_text(use)} ms, machine idle {use.idle_share:.0%}, "
            f"others {use.others_share:.0%}"
        )
    return results


def cpu_text(use: cpu.CpuUse | None) -> str:
    """Milliseconds of CPU a request, as "web + database"."""
    if use is None:
        return "-"
    database = "?" if use.database_ms is None else f"{use.database_ms:.1f}"
    return f"{use.web_ms:.1f} + {database}"


def load_pages_in_rounds(
    server: Server, pages: dict[str, str], args
) -> tuple[dict[str, WrkResult], dict[str, list[WrkResult]]]:
    """Each page `args.rounds` times for half the usual duration, the pages taken in turn in
    every round: this machine's speed drifts by a tenth or more within minutes, so a single
    load says more about the minute it ran in than about the page. Returns each page's mean
    of its rounds, and the rounds."""
    half = half_duration(args)
    rounds: dict[str, list[WrkResult]] = {name: [] for name in pages}
    for _ in range(args.rounds):
        for name, url in pages.items():
            rounds[name].append(load_pages(server, {name: url}, half)[name])
    return {name: average(results) for name, results in rounds.items()}, rounds


def half_duration(args) -> argparse.Namespace:
    return argparse.Namespace(**{**vars(args), "duration": max(3, args.duration // 2)})


def worker_memory(server: Server) -> tuple[float, float]:
    """Largest RSS and PSS among the workers, in MiB."""
    readings = [memory_mib(pid) for pid in server.worker_pids()]
    return max(r[0] for r in readings), max(r[1] for r in readings)


def nginx_ceiling(html: Path, args) -> WrkResult:
    work = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
    try:
        work.chmod(0o755)
        shutil.copy(html, work / "article.html")
        (work / "article.html").chmod(0o644)
        conf = work / "nginx.conf"
        conf.write_text(
            f"""
worker_processes 2;
daemon off;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {work}/body-temp;
    proxy_temp_path {work}/proxy-temp;
    fastcgi_temp_path {work}/fastcgi-temp;
    uwsgi_temp_path {work}/uwsgi-temp;
    scgi_temp_path {work}/scgi-temp;
    default_type text/html;
    server {{
        listen 127.0.0.1:{NGINX_PORT};
        root {work};
        location / {{ try_files /article.html =404; }}
    }}
}}
"""
        )
        process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [NGINX, "-c", str(conf), "-p", str(work)], start_new_session=True
        )
        server = Server(process, NGINX_PORT)
        try:
            wait_until_up(server.url + "/")
            get(server.url + "/")
            return run_wrk(
                server.url + "/",
                duration=args.duration,
                connections=args.connections,
                threads=args.threads,
            )
        finally:
            server.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def start_minimal(bodies: Path) -> Server:
    env = {**bench_environment(MINIMAL_PORT), "BENCH_BODY_DIR": str(bodies)}
    env.pop("DJANGO_SETTINGS_MODULE")
    return start_gunicorn(env, MINIMAL_PORT, app="bench.minimal:application", probe="/article")


def load_pages_beside_ceiling(
    server: Server, pages: dict[str, str], bodies: Path, args
) -> tuple[dict[str, WrkResult], dict[str, WrkResult]]:
    """Each page with the page cache on, alternating with the minimal-Django ceiling
    returning that page's own bytes (saved in `bodies`), `args.rounds` times each for half
    the usual duration: this machine's speed drifts by a tenth or more within minutes, so a
    page is compared with a ceiling measured in the same minute, and the drift is averaged
    out. Returns the pages' results and their ceilings', each the mean of its rounds."""
    minimal = start_minimal(bodies)
    half = half_duration(args)
    try:
        results, ceilings = {}, {}
        for name, url in pages.items():
            page_runs, ceiling_runs = [], []
            for _ in range(args.rounds):
                page_runs.append(load_pages(server, {name: url}, half)[name])
                ceiling_runs.append(
                    run_wrk(
                        f"{minimal.url}/{name}",
                        duration=half.duration,
                        connections=args.connections,
                        threads=args.threads,
                    )
                )
                print(f"  {'ceiling':8} {ceiling_runs[-1].rps:8.0f} req/s  (minimal Django)")
            results[name], ceilings[name] = average(page_runs), average(ceiling_runs)
        return results, ceilings
    finally:
        minimal.stop()


def gunicorn_shape() -> str:
    config = gunicorn_config(bench_environment(APP_PORT))
    return f"{config['workers']} {config['worker_class']} workers × {config['threads']} threads"


def average(results: list[WrkResult]) -> WrkResult:
    n = len(results)
    uses = [r.cpu for r in results if r.cpu is not None]
    return WrkResult(
        rps=sum(r.rps for r in results) / n,
        p50_ms=sum(r.p50_ms for r in results) / n,
        p99_ms=sum(r.p99_ms for r in results) / n,
        requests=sum(r.requests for r in results),
        non_2xx=sum(r.non_2xx for r in results),
        errors=sum(r.errors for r in results),
        cpu=cpu.mean(uses) if len(uses) == n else None,
    )


def get_header(url: str, name: str) -> str | None:
    import urllib.request

    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
        return response.headers.get(name)


def table(stories, pages, queries, runs, ceilings, memory, nginx, minimal, args) -> str:
    lines = [
        f"Stories: {stories:,} · wrk -t{args.threads} -c{args.connections} · "
        f"{args.rounds} rounds of {half_duration(args).duration} s per page (page cache off: "
        "the pages in turn in each round; on: each round followed by the minimal-Django "
        "ceiling returning the same bytes; the nginx ceiling: one load of "
        f"{args.duration} s) · "
        f"gunicorn {gunicorn_shape()} · "
        f"{os.cpu_count()} cores · load before run {args.load_before}",
        "",
        "| page | page cache | req/s | p50 ms | p99 ms | non-2xx | socket errors | queries "
        "| CPU ms a request, web + database | worker RSS / PSS MiB | × nginx static "
        "| × minimal Django |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for mode in ("off", "on"):
        rss, pss = memory[mode]
        for name in pages:
            r = runs[mode][name]
            non_2xx = f"{100 * r.non_2xx / max(r.requests, 1):.0f}%" if r.non_2xx else "0"
            q = queries[name] if mode == "off" else 0
            # Against the minimal view returning this page's bytes, measured next to it.
            ratio = r.rps / ceilings[name].rps
            lines.append(
                f"| {name} | {mode} | {r.rps:,.0f} | {r.p50_ms:.1f} | {r.p99_ms:.1f} | {non_2xx} "
                f"| {r.errors} | {q} | {cpu_text(r.cpu)} | {rss:.0f} / {pss:.0f} "
                f"| {r.rps / nginx.rps:.2f} | {ratio:.2f} |"
            )
    ceiling_name = "minimal Django view, mean of the runs beside each page"
    for name, r in (("nginx static file", nginx), (ceiling_name, minimal)):
        lines.append(
            f"| {name} (ceiling) | - | {r.rps:,.0f} | {r.p50_ms:.1f} | {r.p99_ms:.1f} "
            f"| {r.non_2xx} | {r.errors} | 0 | - | - | {r.rps / nginx.rps:.2f} "
            f"| {r.rps / minimal.rps:.2f} |"
        )
    return "\n".join(lines) + "\n"


def aims(runs, uncached_rounds, ceilings, memory, queries) -> str:
    """The issue's aims next to the figures of this run (reported, never asserted)."""

    def verdict(met: bool) -> str:
        return "met" if met else "not met"

    article = runs["off"]["article"].rps
    article_rounds = ", ".join(f"{r.rps:,.0f}" for r in uncached_rounds["article"])
    uses = [r.cpu for r in uncached_rounds["article"] if r.cpu is not None]
    if len(uses) == len(uncached_rounds["article"]):
        idle = ", ".join(f"{use.idle_share:.0%}" for use in uses)
        others = ", ".join(f"{use.others_share:.0%}" for use in uses)
        article_rounds += f"; the machine idle {idle} of the time, other processes {others}"
    # Search is never cached: its answer depends on the query.
    cached = [r.rps / ceilings[name].rps for name, r in runs["on"].items() if name != "search"]
    rss = max(reading[0] for reading in memory.values())
    pss = max(reading[1] for reading in memory.values())
    lines = [
        "",
        "Aims:",
        f"- uncached article: {article:,.0f} req/s (rounds: {article_rounds}) against about "
        f"600: {verdict(article >= 600)}",
        *cpu_budget(runs["off"]["article"].cpu),
        f"- cached pages: {min(cached):.2f} to {max(cached):.2f} × the minimal-Django ceiling "
        f"returning the same bytes, against 0.9: {verdict(min(cached) >= 0.9)}",
        f"- worker memory, against 80 MiB: RSS at most {rss:.0f} MiB, {verdict(rss <= 80)}; "
        f"PSS at most {pss:.0f} MiB, {verdict(pss <= 80)} (PSS is what each worker adds to "
        "the host: RSS also counts in full the pages every worker shares with the master)",
        "- queries per uncached page: "
        + ", ".join(f"{name} {count}" for name, count in queries.items())
        + " (tag and author counted, not loaded); `make bench N=1000` and `N=100000` "
        "print them for other sizes",
    ]
    return "\n".join(lines) + "\n"


def cpu_budget(use: cpu.CpuUse | None) -> list[str]:
    """What the uncached article's CPU cost allows on this machine, against the aim's budget."""
    if use is None or use.database_ms is None:
        return []
    cores = os.cpu_count() or 1
    cost = use.web_ms + use.database_ms
    return [
        f"  - its CPU a request: web {use.web_ms:.1f} ms + database {use.database_ms:.1f} ms; "
        f"{cores} cores doing nothing else could serve {1000 * cores / cost:,.0f} req/s, and "
        f"600 req/s leaves {1000 * cores / 600:.1f} ms for both"
    ]


def chart(pages, runs, nginx, minimal, stories) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(pages)
    x = range(len(names))
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=110)
    width = 0.38
    off = [runs["off"][n].rps for n in names]
    on = [runs["on"][n].rps for n in names]
    left, right = [i - width / 2 for i in x], [i + width / 2 for i in x]
    bars_off = ax.bar(left, off, width, label="page cache off", color="#8da0cb")
    bars_on = ax.bar(right, on, width, label="page cache on", color="#1b6f9c")
    for mode, bars in (("off", bars_off), ("on", bars_on)):
        for name, bar in zip(names, bars, strict=True):
            result = runs[mode][name]
            # A page answering errors (a broken build) says so on its bar.
            label = f"{result.rps:,.0f}" + ("\n(errors)" if result.non_2xx else "")
            ax.annotate(label, (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                        ha="center", va="bottom", fontsize=7)  # fmt: skip
    ax.axhline(minimal.rps, color="#d95f02", linestyle="--", label="minimal Django view")
    ax.axhline(nginx.rps, color="#333333", linestyle=":", label="nginx static file")
    ax.axhline(600, color="#999999", linewidth=0.8, label="aim: uncached article 600/s")
    ax.set_yscale("log")
    ax.set_xticks(list(x), names)
    ax.set_ylabel("requests per second (log scale)")
    ax.set_title(f"Newsroom under gunicorn, {stories:,} stories ({os.cpu_count()} cores)")
    ax.legend(fontsize=8, loc="upper left", ncol=2)
    fig.tight_layout()
    CHART.parent.mkdir(exist_ok=True)
    fig.savefig(CHART)


# How CPython was compiled changes what a request costs by about a fifth (docs/deploy.md,
# "The interpreter"), so the report says it.
OPTIMISING_FLAGS = ("--enable-optimizations", "--with-lto")


def interpreter(configure_args: str | None = None) -> str:
    """The interpreter and the optimising flags it was configured with. A vendor's build may
    optimise without naming them there (Debian's does): "no ... flags" is what they say, not
    a verdict."""
    if configure_args is None:
        configure_args = sysconfig.get_config_var("CONFIG_ARGS") or ""
    given = [
        arg
        for arg in shlex.split(configure_args)
        if arg.split("=")[0] in OPTIMISING_FLAGS and not arg.endswith(("=no", "=false"))
    ]
    named = f"{platform.python_implementation()} {platform.python_version()}"
    if given:
        return f"{named}, configured with {' '.join(given)}"
    return f"{named}, no {' or '.join(OPTIMISING_FLAGS)} in its configure flags"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=int(os.environ.get("N", 10_000)))
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="Loads of each page: the pages in turn with the page cache off, each page "
        "alternated with its ceiling with the page cache on.",
    )
    parser.add_argument(
        "--queries-only", action="store_true", help="Seed and count queries per page, no load."
    )
    args = parser.parse_args()
    args.load_before = " ".join(f"{v:.2f}" for v in os.getloadavg())

    pages = prepare(args.stories)
    queries = count_queries({**pages, **pick_counted_pages()})
    print("Queries per uncached page:", queries)
    if args.queries_only:
        return

    runs: dict[str, dict[str, WrkResult]] = {}
    memory: dict[str, tuple[float, float]] = {}
    bodies = RESULTS / "pages"
    bodies.mkdir(parents=True, exist_ok=True)
    for mode in ("off", "on"):
        print(f"Page cache {mode}:")
        env = bench_environment(APP_PORT, page_cache=mode == "on")
        server = start_gunicorn(env, APP_PORT)
        try:
            if mode == "off":
                runs[mode], uncached_rounds = load_pages_in_rounds(server, pages, args)
            else:
                for name, url in pages.items():
                    status, body = get(server.url + url)
                    assert status == 200, (name, status)
                    (bodies / f"{name}.html").write_bytes(body)
                assert get_header(server.url + pages["article"], "X-Page-Cache") == "hit"
                runs[mode], ceilings = load_pages_beside_ceiling(server, pages, bodies, args)
            memory[mode] = worker_memory(server)
        finally:
            server.stop()
    minimal = average(list(ceilings.values()))
    nginx = nginx_ceiling(bodies / "article.html", args)
    print(f"  nginx static ceiling   {nginx.rps:8.0f} req/s")

    report = table(args.stories, pages, queries, runs, ceilings, memory, nginx, minimal, args)
    report += aims(runs, uncached_rounds, ceilings, memory, queries)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    header = f"# Benchmark {stamp} ({interpreter()})\n\n"
    (RESULTS / "latest.md").write_text(header + report)
    chart(pages, runs, nginx, minimal, args.stories)
    print()
    print(report)
    print(f"Written: {RESULTS / 'latest.md'} and {CHART}")


if __name__ == "__main__":
    started = time.monotonic()
    main()
    print(f"Benchmark took {time.monotonic() - started:.0f} s")
