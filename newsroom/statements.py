"""Prepared statements (see DATABASES in settings/base.py) and the queries that must not use
them.

A statement prepared on PostgreSQL gets one generic plan after five runs when that plan looks
no worse, and then keeps it whatever the parameters. Reader pages gain (no parsing or
planning per run), but full-text search does not: how many stories a word matches decides the
best plan, and with the generic plan the search page took a fifth longer (its first query
twice as long) than with a plan made for each search."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


@contextmanager
def unprepared_statements() -> Iterator[None]:
    """Statements run inside are neither prepared nor counted towards preparing, so
    PostgreSQL plans each run for its own parameters. Nothing to do on other databases or
    when statements are not prepared."""
    if connection.vendor != "postgresql" or not connection.settings_dict["OPTIONS"].get(
        "prepare_threshold"
    ):
        yield
        return
    connection.ensure_connection()
    psycopg_connection = connection.connection
    threshold = psycopg_connection.prepare_threshold
    psycopg_connection.prepare_threshold = None
    try:
        yield
    finally:
        psycopg_connection.prepare_threshold = threshold
