"""Mark addresses as bounced (hard bounces, spam complaints) so they are never mailed again.
Addresses come as arguments, or one per line from a file or standard input ("-")."""

from __future__ import annotations

import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from newsletter import services


class Command(BaseCommand):
    help = "Mark newsletter addresses as bounced or complained."

    def add_arguments(self, parser):
        parser.add_argument("emails", nargs="*", help="addresses to mark")
        parser.add_argument("--file", help='file with one address per line ("-" for stdin)')
        parser.add_argument(
            "--complaint", action="store_true", help="record these as spam complaints"
        )

    def handle(self, *args, emails=(), file=None, complaint=False, **options):
        addresses = list(emails)
        if file:
            try:
                stream = sys.stdin if file == "-" else open(file, encoding="utf-8")  # noqa: SIM115
            except OSError as error:
                raise CommandError(f"Cannot read {file}: {error.strerror}") from error
            with stream:
                addresses += [line.strip() for line in stream if line.strip()]
        if not addresses:
            raise CommandError("Give at least one address, or --file.")
        reason = "complaint (command)" if complaint else "bounce (command)"
        marked = unknown = invalid = 0
        for address in addresses:
            try:
                validate_email(address)
            except ValidationError:
                self.stderr.write(f"Not an email address, skipped: {address!r}")
                invalid += 1
                continue
            if services.mark_bounced(email=address, reason=reason):
                marked += 1
            else:
                unknown += 1
        self.stdout.write(f"Marked {marked}; not on the list {unknown}; invalid {invalid}.")
