import gc
import textwrap

import pytest

from newsroom.warmup import prepare_for_fork, project_templates
from tests.processes import TEST_SETTINGS_ENV, run_python


def test_the_project_templates_are_listed_for_compiling_before_the_fork():
    names = project_templates()
    assert {"base.html", "newsroom/article_detail.html", "components/story_card.html"} <= set(names)


@pytest.mark.django_db
def test_preparing_for_the_fork_runs_no_query(django_assert_num_queries):
    try:
        with django_assert_num_queries(0):
            prepare_for_fork()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


STARTUP_THEN_LIST_LOADED = textwrap.dedent(
    """
    import sys
    import newsroom.wsgi
    print(sorted({"PIL", "fido2", "cryptography.hazmat", "nh3"} & set(sys.modules)))
    """
)


def test_a_web_process_starts_without_pillow_nh3_or_the_passkey_code():
    # Each loads on first use instead: an upload checked, renditions made, a body saved, a
    # passkey used.
    result = run_python(["-c", STARTUP_THEN_LIST_LOADED], env=TEST_SETTINGS_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
