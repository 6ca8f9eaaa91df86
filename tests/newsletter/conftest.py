import pytest
from django.utils import timezone


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a service defers to after the commit (emails, tasks) as a real commit would;
    the test's own transaction never commits."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


class ClockedWorker:
    """A task worker whose clock the test sets, taking jobs from `queued_tasks`."""

    def __init__(self, queue: list, commit) -> None:
        self.queue = queue
        self.commit = commit
        self.done: set[str] = set()

    def run_at(self, when) -> None:
        """Run each queued task whose `run_after` has come by `when`, and those they queue,
        once each, as `db_worker` would with the clock at `when`."""
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(timezone, "now", lambda: when)
            while job := next(
                (
                    job
                    for job in self.queue
                    if job.id not in self.done
                    and (job.task.run_after is None or job.task.run_after <= when)
                ),
                None,
            ):
                self.done.add(job.id)
                with self.commit():
                    job.task.call(*job.args, **job.kwargs)


@pytest.fixture
def worker(queued_tasks, committed) -> ClockedWorker:
    return ClockedWorker(queued_tasks, committed)
