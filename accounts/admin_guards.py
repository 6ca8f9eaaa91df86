"""What every ModelAdmin of the newsroom adds to Django's: calm answers to query strings and
posts, hand-made or mangled, that Django 6.1's admin turns into a 500.

It lives in `accounts` because every app's admin may import it (see DESIGN's import order)
and this app already fits the admin site to the newsroom (sign-in through allauth)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError

# PostgreSQL cannot take NUL in a query parameter (psycopg refuses it before sending).
NUL = "\x00"


class GuardedChangeList(ChangeList):
    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            # A date-hierarchy link for 9999 (or its December, or 31 December) makes Django
            # compute an end date in year 10000. Answered like any other bad filter: the
            # list again, with "?e=1".
            raise IncorrectLookupParameters(error) from error


class KeysOnlyAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete widget, which looks up the selected value to show its label.
    Re-showing a form whose posted value is no key at all ("abc", or past the integer
    range) made that lookup fail, and the editor lost the whole form; such a value now
    selects nothing, and the field's own error says why."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [item for item in value if self._is_key(item)], attr)

    def _is_key(self, value: Any) -> bool:
        target = self.field.target_field
        try:
            target.run_validators(target.to_python(value))
        except ValidationError:
            return False
        return True


class GuardedAdminMixin:
    """For ModelAdmins and inlines alike."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KeysOnlyAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ModelAdmin(GuardedAdminMixin, admin.ModelAdmin):
    def get_search_results(self, request, queryset, search_term: str):
        # Also the term of the autocomplete fields' lookups.
        return super().get_search_results(request, queryset, search_term.replace(NUL, ""))

    def get_changelist(self, request, **kwargs):
        return GuardedChangeList


class TabularInline(GuardedAdminMixin, admin.TabularInline):
    pass
