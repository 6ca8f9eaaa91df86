"""How `make bench` accounts for the CPU time of a load (bench/cpu.py), on a made-up /proc."""

from pathlib import Path

import pytest

from bench import cpu


def process(proc: Path, pid: int, *, parent: int, own=(0, 0), reaped=(0, 0), name="x") -> None:
    (proc / str(pid)).mkdir(parents=True)
    utime, stime = own
    cutime, cstime = reaped
    # The command name may hold spaces and parentheses: fields are read after the last ")".
    fields = f"S {parent} 0 0 0 0 0 0 0 0 0 {utime} {stime} {cutime} {cstime} 20 0 1"
    (proc / str(pid) / "stat").write_text(f"{pid} ({name}) {fields}\n")
    (proc / str(pid) / "comm").write_text(name + "\n")


@pytest.fixture
def proc(tmp_path):
    proc = tmp_path / "proc"
    proc.mkdir()
    (proc / "self").mkdir()  # not a process id: skipped
    return proc


def test_a_tree_counts_its_root_its_reaped_children_and_its_live_children_only(proc):
    ticks = cpu.TICKS
    process(
        proc, 50, parent=1, own=(ticks, 0), reaped=(2 * ticks, ticks), name="gunicorn: (master)"
    )
    process(proc, 51, parent=50, own=(3 * ticks, ticks))
    process(proc, 52, parent=50, own=(ticks, 0))
    process(proc, 60, parent=1, own=(100 * ticks, 0))  # not ours
    process(proc, 61, parent=51, own=(100 * ticks, 0))  # a grandchild: no such thing here
    assert cpu.tree_seconds(50, proc) == 1 + 3 + 4 + 1
    with pytest.raises(FileNotFoundError):
        cpu.tree_seconds(99, proc)


def test_the_machine_is_busy_with_everything_but_idling_and_waiting(proc):
    ticks = cpu.TICKS
    values = [ticks * n for n in (5, 1, 2, 1000, 300, 1, 1, 3, 0, 0)]
    (proc / "stat").write_text("cpu  " + " ".join(map(str, values)) + "\ncpu0 1 2 3\n")
    assert cpu.machine_busy_seconds(proc) == 5 + 1 + 2 + 1 + 1 + 3


def test_a_server_elsewhere_has_no_parent_or_name_here(proc):
    process(proc, 70, parent=7, name="postgres")
    assert (cpu.parent_of(70, proc), cpu.command_name(70, proc)) == (7, "postgres")
    assert (cpu.parent_of(71, proc), cpu.command_name(71, proc)) == (None, "")


def test_a_loads_cpu_is_given_per_request_and_the_rest_of_the_machine_as_a_share():
    before = cpu.Sample(web=10.0, database=4.0, wrk=1.0, busy=100.0)
    after = cpu.Sample(web=12.0, database=4.5, wrk=1.1, busy=104.6)
    use = cpu.cpu_use(before, after, requests=100, seconds=5.0, cores=2)
    assert use.web_ms == pytest.approx(20.0)
    assert use.database_ms == pytest.approx(5.0)
    # 4.6 s busy, 2.6 s of it ours (web, database, wrk): 2 s of the 10 the two cores had
    # went to others, and 5.4 s went to nobody.
    assert use.others_share == pytest.approx(0.2)
    assert use.idle_share == pytest.approx(0.54)

    elsewhere = cpu.Sample(web=12.0, database=None, wrk=1.1, busy=102.0)
    use = cpu.cpu_use(before, elsewhere, requests=100, seconds=5.0, cores=2)
    assert use.database_ms is None
    assert use.others_share == 0  # never below nothing


def test_means_of_rounds_keep_an_unknown_database_unknown():
    known = [cpu.CpuUse(10.0, 2.0, 0.1, 0.0), cpu.CpuUse(14.0, 4.0, 0.3, 0.4)]
    assert cpu.mean(known) == cpu.CpuUse(12.0, 3.0, pytest.approx(0.2), pytest.approx(0.2))
    assert cpu.mean([*known, cpu.CpuUse(12.0, None, 0.0, 0.0)]).database_ms is None
