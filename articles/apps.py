from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Stories")

    def ready(self) -> None:
        from .models.stories import (
            Article,
            ArticleAuthor,
            forget_prefetched_bylines,
            forget_prefetched_tags,
        )

        m2m_changed.connect(forget_prefetched_tags, sender=Article.tags.through)
        for signal in (post_save, post_delete):
            signal.connect(forget_prefetched_bylines, sender=ArticleAuthor)
