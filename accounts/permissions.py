"""Who may manage whom. Group names come from the workflow's data migration."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from .models import User

CHIEF_EDITOR_GROUP = "Chief editor"


def can_manage_staff(user: User | AnonymousUser) -> bool:
    """Granting or removing staff status and groups, and changing staff accounts, is for chief
    editors and superusers."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return user.is_staff and user.groups.filter(name=CHIEF_EDITOR_GROUP).exists()
