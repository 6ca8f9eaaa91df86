import pytest


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a service defers to after the commit (emails, tasks) as a real commit would;
    the test's own transaction never commits."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run
