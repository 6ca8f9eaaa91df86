"""Where a load's CPU time went: the web server (gunicorn's master and workers), PostgreSQL's
server processes, wrk, and the rest of the machine.

On this kind of machine requests per second swing by a fifth or more from one minute to the
next. Measured, the cause is mostly not other processes: in a slow round the machine sits
idle for a third of the time under a load that keeps both cores busy otherwise (the host
runs it less; no steal time is reported), and the CPU time a request costs grows by a tenth
or two (six 5-second loads of the article: 51 to 96 req/s, 16 to 22 ms of web CPU a
request). So the report gives what a page costs in CPU, and for each round how much of the
machine sat idle and how much other processes took.

Read from /proc (Linux). A process's "tree" time is its own, that of its children it has
reaped (gunicorn's replaced workers, PostgreSQL's closed backends) and that of its live
children, so workers that come and go during a load are counted too."""

from __future__ import annotations

import contextlib
import os
import resource
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
TICKS = os.sysconf("SC_CLK_TCK")


def _stat_fields(pid: int, proc: Path) -> list[str]:
    # After the ")" that ends the command name (which may hold spaces): state, ppid, ...
    return (proc / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()


def _parent(fields: list[str]) -> int:
    return int(fields[1])


def _own_ticks(fields: list[str]) -> int:
    return int(fields[11]) + int(fields[12])  # utime, stime


def _reaped_children_ticks(fields: list[str]) -> int:
    return int(fields[13]) + int(fields[14])  # cutime, cstime


def tree_seconds(root: int, proc: Path = PROC) -> float:
    """CPU seconds of `root` and its children, live or reaped. FileNotFoundError when `root`
    is not a process of this machine."""
    fields = _stat_fields(root, proc)
    ticks = _own_ticks(fields) + _reaped_children_ticks(fields)
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == root:
            continue
        try:
            child = _stat_fields(int(entry.name), proc)
        except (FileNotFoundError, ProcessLookupError):
            continue  # ended while the tree was read
        if _parent(child) == root:
            ticks += _own_ticks(child)
    return ticks / TICKS


def machine_busy_seconds(proc: Path = PROC) -> float:
    """CPU seconds all cores spent on anything but idling or waiting for I/O."""
    first = (proc / "stat").read_text().splitlines()[0].split()
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in first[1:9])
    return (user + nice + system + irq + softirq + steal) / TICKS


def parent_of(pid: int, proc: Path = PROC) -> int | None:
    try:
        return _parent(_stat_fields(pid, proc))
    except FileNotFoundError:
        return None


def command_name(pid: int, proc: Path = PROC) -> str:
    """The process's command name, or "" when there is no such process here."""
    try:
        return (proc / str(pid) / "comm").read_text().strip()
    except FileNotFoundError:
        return ""


def reaped_children_seconds() -> float:
    """This process's finished children (each wrk run, once it has returned)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclass(frozen=True)
class Sample:
    web: float
    database: float | None  # None: PostgreSQL's processes are not on this machine
    wrk: float
    busy: float


def sample(web_root: int, database_root: int | None, proc: Path = PROC) -> Sample:
    database = None
    if database_root is not None:
        with contextlib.suppress(FileNotFoundError):  # the server is gone: unknown
            database = tree_seconds(database_root, proc)
    return Sample(
        web=tree_seconds(web_root, proc),
        database=database,
        wrk=reaped_children_seconds(),
        busy=machine_busy_seconds(proc),
    )


@dataclass(frozen=True)
class CpuUse:
    """A load's CPU time: milliseconds per request, and the shares of the machine (all its
    cores over the load's wall time) that went to other processes and that it sat idle. A
    load of 32 connections keeps both cores busy, so time idle under it is time the host did
    not give this machine (its hypervisor reports no steal time)."""

    web_ms: float
    database_ms: float | None
    others_share: float
    idle_share: float


def cpu_use(before: Sample, after: Sample, *, requests: int, seconds: float, cores: int) -> CpuUse:
    web = after.web - before.web
    database = (
        after.database - before.database
        if after.database is not None and before.database is not None
        else None
    )
    ours = web + (database or 0.0) + (after.wrk - before.wrk)
    busy = after.busy - before.busy
    capacity = seconds * cores
    per_request = 1000 / max(requests, 1)
    return CpuUse(
        web_ms=web * per_request,
        database_ms=None if database is None else database * per_request,
        others_share=max(0.0, busy - ours) / capacity,
        idle_share=max(0.0, capacity - busy) / capacity,
    )


def mean(uses: list[CpuUse]) -> CpuUse:
    databases = [u.database_ms for u in uses]
    return CpuUse(
        web_ms=sum(u.web_ms for u in uses) / len(uses),
        database_ms=None
        if None in databases
        else sum(d for d in databases if d is not None) / len(uses),
        others_share=sum(u.others_share for u in uses) / len(uses),
        idle_share=sum(u.idle_share for u in uses) / len(uses),
    )
