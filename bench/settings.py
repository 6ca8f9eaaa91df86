"""The production profile plus the bench app (its seeding command). Configured by the
environment exactly like production (`bench.common.bench_environment` sets it)."""

from newsroom.settings.prod import *  # noqa: F403
from newsroom.settings.prod import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
