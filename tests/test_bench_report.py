"""How `make bench` takes its uncached loads and reports them (the loads themselves run
against a real server with `make bench`)."""

import argparse

import pytest

from bench import run
from bench.common import WrkResult
from bench.cpu import CpuUse


def result(rps: float, cpu: CpuUse | None = None) -> WrkResult:
    return WrkResult(
        rps=rps, p50_ms=10.0, p99_ms=50.0, requests=int(rps), non_2xx=0, errors=0, cpu=cpu
    )


def test_uncached_pages_are_loaded_in_turn_in_every_round_and_averaged(monkeypatch):
    loads = []
    speeds = iter([90, 50, 110, 70, 70, 60])

    def load(server, pages, args):
        [name] = pages
        loads.append((name, args.duration))
        return {name: result(next(speeds))}

    monkeypatch.setattr(run, "load_pages", load)
    args = argparse.Namespace(rounds=3, duration=10, connections=32, threads=2)
    means, rounds = run.load_pages_in_rounds(None, {"home": "/", "article": "/a/"}, args)

    assert loads == [("home", 5), ("article", 5)] * 3
    assert (means["home"].rps, means["article"].rps) == (90, 60)
    assert [r.rps for r in rounds["article"]] == [50, 70, 60]


def test_the_aims_name_the_uncached_articles_rounds():
    runs = {"off": {"article": result(60)}, "on": {"article": result(4_500)}}
    report = run.aims(
        runs,
        {"article": [result(50), result(70), result(60)]},
        {"article": result(5_000)},
        {"off": (79.0, 41.0), "on": (68.0, 21.0)},
        {"article": 6},
    )
    assert "uncached article: 60 req/s (rounds: 50, 70, 60) against about 600: not met" in report
    assert "0.90 to 0.90 × the minimal-Django ceiling" in report
    assert "RSS at most 79 MiB, met; PSS at most 41 MiB, met" in report


def test_the_aims_give_the_uncached_articles_cpu_and_what_it_allows():
    rounds = [
        result(90, cpu=CpuUse(17.0, 3.0, 0.02, 0.01)),
        result(50, cpu=CpuUse(19.0, 3.5, 0.0, 0.38)),
        result(100, cpu=CpuUse(15.0, 3.0, 0.01, 0.02)),
    ]
    mean = run.average(rounds)
    assert mean.cpu == CpuUse(
        17.0, pytest.approx(3.1667, abs=1e-3), pytest.approx(0.01), pytest.approx(0.1367, abs=1e-3)
    )
    report = run.aims(
        {"off": {"article": mean}, "on": {"article": result(4_500)}},
        {"article": rounds},
        {"article": result(5_000)},
        {"off": (79.0, 41.0), "on": (68.0, 21.0)},
        {"article": 6},
    )
    assert (
        "(rounds: 90, 50, 100; the machine idle 1%, 38%, 2% of the time, other processes 2%, "
        "0%, 1%)" in report
    )
    assert "its CPU a request: web 17.0 ms + database 3.2 ms" in report
    assert "600 req/s leaves" in report
    line = run.table(
        1000, {"article": "/a/"}, {"article": 6},
        {"off": {"article": mean}, "on": {"article": result(4_500)}},
        {"article": result(5_000)}, {"off": (79.0, 41.0), "on": (68.0, 21.0)},
        result(60_000), result(5_000),
        argparse.Namespace(threads=2, connections=32, rounds=3, duration=10, load_before="0"),
    )  # fmt: skip
    assert "| article | off | 80 | 10.0 | 50.0 | 0 | 0 | 6 | 17.0 + 3.2 | 79 / 41 |" in line
    assert "| article | on | 4,500 | 10.0 | 50.0 | 0 | 0 | 0 | - | 68 / 21 |" in line


@pytest.mark.parametrize(
    ("configure_args", "says"),
    [
        (
            "'--prefix=/opt/py' '--enable-optimizations' '--with-lto'",
            "configured with --enable-optimizations --with-lto",
        ),
        ("'--prefix=/opt/py' '--enable-shared'", "no --enable-optimizations or --with-lto"),
        ("'--with-lto=thin'", "configured with --with-lto=thin"),
        ("'--with-lto=no'", "no --enable-optimizations or --with-lto"),
        ("", "no --enable-optimizations or --with-lto"),
    ],
)
def test_the_report_names_the_interpreters_optimising_flags(configure_args, says):
    assert says in run.interpreter(configure_args)
    assert run.interpreter(configure_args).startswith("CPython 3.")
