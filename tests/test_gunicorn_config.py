"""deploy/gunicorn.conf.py, read the way the benchmark reads it to report what ran."""

import os

from bench.common import gunicorn_config


def test_two_processes_per_core_with_two_threads_each_by_default():
    config = gunicorn_config({})
    assert config["workers"] == 2 * os.cpu_count()
    assert (config["worker_class"], config["threads"]) == ("gthread", 2)
    assert config["preload_app"] is True


def test_the_environment_overrides_the_defaults_and_is_left_as_it_was():
    before = dict(os.environ)
    config = gunicorn_config({"WEB_CONCURRENCY": "3", "GUNICORN_THREADS": "4"})
    assert (config["workers"], config["threads"]) == (3, 4)
    assert dict(os.environ) == before
