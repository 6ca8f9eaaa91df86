"""The authoring admin: the story library (sections, authors, photos, logs) and the story
workflow. Importing the modules registers them on `admin.site`."""

from .library import AuditEntryAdmin, AuthorAdmin, CorrectionAdmin, PhotoAdmin, SectionAdmin
from .stories import ArticleAdmin

__all__ = [
    "ArticleAdmin",
    "AuditEntryAdmin",
    "AuthorAdmin",
    "CorrectionAdmin",
    "PhotoAdmin",
    "SectionAdmin",
]
