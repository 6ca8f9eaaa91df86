"""How the fault drill picks its PostgreSQL fault (the drill itself runs with `make
bench-faults`, against a real server)."""

import os
import subprocess
from types import SimpleNamespace

import pytest

from bench import common

LISTING = (
    "14  old  5433 online postgres /var/lib/postgresql/14/old /var/log/postgresql/x.log\n"
    "15  main 5432 online postgres /var/lib/postgresql/15/main /var/log/postgresql/y.log\n"
)


@pytest.fixture
def debian_host(monkeypatch):
    monkeypatch.delenv("BENCH_PG_RESTART", raising=False)
    monkeypatch.setattr(common, "PG_SERVER", "postgres://postgres@127.0.0.1:5432")
    monkeypatch.setattr(common.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    monkeypatch.setattr(common.pwd, "getpwnam", lambda name: SimpleNamespace(pw_uid=999))
    monkeypatch.setattr(
        common.subprocess,
        "run",
        lambda args, **kwargs: subprocess.CompletedProcess(args, 0, stdout=LISTING),
    )


def test_the_cluster_on_the_benchmarks_port_is_restarted(debian_host):
    assert common.postgres_restart_command() == [
        "/usr/bin/pg_ctlcluster",
        "15",
        "main",
        "restart",
        "--mode",
        "fast",
    ]


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("BENCH_PG_RESTART", "terminate"),
        ("PG_SERVER", "postgres://postgres@db.example.org:5432"),
        ("PG_SERVER", "postgres://postgres@127.0.0.1:6543"),
    ],
)
def test_connections_are_cut_instead_when_asked_or_when_the_server_is_not_a_local_cluster(
    debian_host, monkeypatch, setting, value
):
    if setting == "BENCH_PG_RESTART":
        monkeypatch.setenv(setting, value)
    else:
        monkeypatch.setattr(common, setting, value)
    assert common.postgres_restart_command() is None


def test_the_clusters_owner_may_restart_it_and_nobody_else(debian_host, monkeypatch):
    monkeypatch.setattr(os, "geteuid", lambda: 999)
    assert common.postgres_restart_command() is not None
    monkeypatch.setattr(os, "geteuid", lambda: 12345)
    assert common.postgres_restart_command() is None


def test_connections_are_cut_instead_without_debians_cluster_tools(debian_host, monkeypatch):
    monkeypatch.setattr(common.shutil, "which", lambda name: None)
    assert common.postgres_restart_command() is None
