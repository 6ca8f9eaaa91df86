import gc

import pytest

from newsroom.warmup import prepare_for_fork, project_templates


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
