"""Background work: receipts go out after the payment is committed, off the request."""

from __future__ import annotations

from django.tasks import task

from .emails import send_receipt_email


@task
def send_receipt(donation_id: int) -> None:
    send_receipt_email(donation_id=donation_id)
