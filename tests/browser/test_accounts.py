"""A reader's whole life with an account, in Chromium: sign up, verify from the mail folder,
sign in, My account, download the data, delete the account, and be refused afterwards."""

from __future__ import annotations

import email
import json
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from accounts.models import User

EMAIL = "browser.reader@example.org"
PASSWORD = "tide tables and lighthouse keepers"


def accessibility_violations(page) -> list[str]:
    return [violation["id"] for violation in Axe().run(page).response["violations"]]


def newest_link(mail_dir: Path) -> str:
    """The confirmation link in the newest message the file-based mailer wrote."""
    files = sorted(mail_dir.glob("*.log"), key=lambda path: path.stat().st_mtime)
    assert files, "no mail was written"
    raw = files[-1].read_text().rsplit("\n" + "-" * 79, 1)[0]
    body = email.message_from_string(raw).get_payload(decode=True).decode()
    return re.search(r"https?://\S+/account/confirm-email/\S+", body).group(0)


@pytest.mark.django_db(transaction=True)
def test_reader_signs_up_verifies_downloads_and_deletes(live_server, page, settings, tmp_path):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(tmp_path)},
        }
    }
    page.goto(f"{live_server.url}/account/signup/")
    assert accessibility_violations(page) == []
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=display_name]", "Browsing Reader")
    page.fill("input[name=password1]", PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verify")

    page.goto(newest_link(tmp_path))
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(r"/account/login/"))

    page.fill("input[name=login]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My account")
    expect(page.get_by_text(f"Signed in as {EMAIL}")).to_be_visible()
    assert accessibility_violations(page) == []

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download my data").click()
    data = json.loads(Path(download_info.value.path()).read_text())
    assert data["account"]["email"] == EMAIL
    assert data["account"]["display_name"] == "Browsing Reader"

    page.get_by_role("link", name="Delete my account").click()
    assert accessibility_violations(page) == []
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Delete my account for good").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account has been deleted")
    assert not User.objects.filter(email=EMAIL).exists()

    page.goto(f"{live_server.url}/account/login/")
    page.fill("input[name=login]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    expect(
        page.get_by_text("That email address and password do not match an account.")
    ).to_be_visible()
