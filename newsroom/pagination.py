"""Pages of story lists that are never counted.

Django's `Paginator` counts the whole list to number its pages ("Page 2 of 480"). For a
section, a tag or an author that count grows with the archive: at 100,000 stories a tag's
count through the tagged-item table took longer than the rest of its page. A reader only
needs to know whether there are older stories, so each page here loads one story more than
it shows instead, and the cost of the first pages stays the same whatever the archive's size.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator

# OFFSET and LIMIT are signed 64-bit integers in PostgreSQL and SQLite.
LARGEST_OFFSET = 2**63 - 1


class UncountedPaginator(Paginator):
    """A `Paginator` that never counts its list: it does not know its number of pages, so
    `count` and `num_pages` raise, and a page past the end is found empty when loaded."""

    uncounted = True

    def __init__(self, object_list: Any, per_page: int, orphans: int = 0, **kwargs: Any):
        if orphans:
            # Folding the last few stories into the page before needs the count.
            raise ValueError("UncountedPaginator does not support orphans.")
        super().__init__(object_list, per_page, orphans=0, **kwargs)

    @property
    def count(self) -> int:  # type: ignore[override]
        raise TypeError("An UncountedPaginator does not count its list.")

    @property
    def num_pages(self) -> int:  # type: ignore[override]
        raise TypeError("An UncountedPaginator does not know its number of pages.")

    def validate_number(self, number: Any) -> int:
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number

    def page(self, number: Any) -> UncountedPage:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if bottom + self.per_page >= LARGEST_OFFSET:
            # Past the end of any list, and an offset databases refuse.
            raise EmptyPage(self.error_messages["no_results"])
        # One more than a page: whether it is there tells whether an older page follows.
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and (number > 1 or not self.allow_empty_first_page):
            raise EmptyPage(self.error_messages["no_results"])
        return UncountedPage(
            rows[: self.per_page], number, self, has_next=len(rows) > self.per_page
        )

    def get_page(self, number: Any) -> UncountedPage:
        # Paginator.get_page falls back to the last page, which is not known here.
        try:
            return self.page(number)
        except (PageNotAnInteger, EmptyPage):
            return self.page(1)


class UncountedPage(Page):
    def __init__(
        self,
        object_list: Sequence[Any],
        number: int,
        paginator: UncountedPaginator,
        *,
        has_next: bool,
    ):
        super().__init__(object_list, number, paginator)
        self._has_next = has_next

    def has_next(self) -> bool:
        return self._has_next

    def next_page_number(self) -> int:
        if not self._has_next:
            raise EmptyPage(self.paginator.error_messages["no_results"])
        return self.number + 1

    # Page's own start and end go through the count.
    def start_index(self) -> int:
        return self.paginator.per_page * (self.number - 1) + 1 if self.object_list else 0

    def end_index(self) -> int:
        return self.start_index() + len(self.object_list) - 1 if self.object_list else 0


class KnownCountPaginator(Paginator):
    """A `Paginator` told its count by a caller that already knows it, so it never counts."""

    def __init__(self, object_list: Any, per_page: int, *, count: int, **kwargs: Any):
        super().__init__(object_list, per_page, **kwargs)
        # Paginator.count is a cached property: this is the value it would have cached.
        self.__dict__["count"] = count
