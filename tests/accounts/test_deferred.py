"""The passkey code is loaded on first use, so web processes do not carry it."""

from __future__ import annotations

import textwrap

import pytest
from django.urls import reverse

from tests.processes import TEST_SETTINGS_ENV, run_python

from .factories import PASSWORD

LOAD_URLS_THEN_A_PASSKEY_NAME = textwrap.dedent(
    """
    import sys
    import django
    from django.urls import get_resolver, reverse

    django.setup()
    get_resolver().resolve("/")
    reverse("mfa_add_webauthn")
    print("fido2" in sys.modules)
    from allauth.mfa.webauthn.internal.auth import Fido2Server
    print("fido2" in sys.modules, Fido2Server.__module__)
    """
)


def test_the_urls_load_without_the_passkey_code_which_loads_on_first_use():
    result = run_python(["-c", LOAD_URLS_THEN_A_PASSKEY_NAME], env=TEST_SETTINGS_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["False", "True fido2.server"]


@pytest.mark.django_db
def test_staff_can_still_start_adding_a_passkey(client, staff):
    client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    # allauth asks for the password again before a factor is added.
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.get(reverse("mfa_add_webauthn"))
    assert response.status_code == 200
    # The registration options come from fido2: the deferred module ran.
    assert b'"challenge"' in response.content
    assert b"editor@example.org" in response.content
