"""Signals through which apps that hold a person's data answer for it (imports point toward
accounts, so accounts cannot call them directly)."""
from django.dispatch import Signal

# Sent to build "Download my data". kwargs: user. Each receiver returns (section_name, json-serialisable data).
personal_data_requested = Signal()
# Sent inside the transaction that deletes an account. kwargs: user, email. Receivers remove or anonymise what they hold.
personal_data_erased = Signal()
