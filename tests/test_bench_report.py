"""How `make bench` takes its uncached loads and reports them (the loads themselves run
against a real server with `make bench`)."""

import argparse

from bench import run
from bench.common import WrkResult


def result(rps: float) -> WrkResult:
    return WrkResult(rps=rps, p50_ms=10.0, p99_ms=50.0, requests=int(rps), non_2xx=0, errors=0)


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
