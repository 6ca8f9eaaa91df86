from __future__ import annotations

from typing import Any

from allauth.account import forms as allauth_forms
from allauth.account.adapter import get_adapter
from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import make_password
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import User
from .sessions import apply_session_lifetime


def has_line_break(value: str) -> bool:
    """Whether `value` would break an email header, where Django 6.1 raises ValueError."""
    return "\n" in value or "\r" in value


def single_line(value: str) -> str:
    """`value` stripped, or a form error when it has a line break. For anything that may end
    up in an email header (a display name is the name part of the To: header)."""
    if has_line_break(value):
        raise forms.ValidationError(_("Use a single line."))
    return value.strip()


class UserCreationForm(auth_forms.UserCreationForm):
    class Meta:
        model = User
        fields = ("email", "display_name")

    def clean_display_name(self) -> str:
        return single_line(self.cleaned_data.get("display_name", ""))


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = ("email", "display_name")

    def clean_display_name(self) -> str:
        return single_line(self.cleaned_data.get("display_name", ""))


class SignupForm(allauth_forms.SignupForm):
    display_name = forms.CharField(
        label=_("Display name (optional)"),
        max_length=150,
        required=False,
        help_text=_("How we address you. Leave it empty to be addressed by email."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    field_order = ("email", "display_name", "password1")

    def clean_display_name(self) -> str:
        return single_line(self.cleaned_data.get("display_name", ""))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        password = cleaned.get("password1")
        if password and "password1" not in self.errors:
            # allauth checks similarity to the email only; check the display name too.
            person = User(email=cleaned.get("email", ""), display_name=cleaned.get("display_name"))
            try:
                password_validation.validate_password(password, person)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def try_save(self, request: HttpRequest):
        if self.account_already_exists:
            # No account is created for a known address, so no password is hashed: hash it
            # anyway, so that the answer takes as long as for a new address.
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)


class LoginForm(allauth_forms.LoginForm):
    def login(self, request: HttpRequest, redirect_url: str | None = None):
        response = super().login(request, redirect_url)
        # allauth sets a "remember me" expiry after the sign-in; put the role's limit back.
        if request.user.is_authenticated:
            apply_session_lifetime(request, request.user)
        return response


class DisplayNameForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("display_name",)
        help_texts = {"display_name": _("Leave it empty to be addressed by email.")}

    def clean_display_name(self) -> str:
        return single_line(self.cleaned_data.get("display_name", ""))


class DeleteAccountForm(forms.Form):
    """Confirms deletion with the password, or with a code we emailed for accounts that have
    no usable password."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.CharField(
        label=_("The code we emailed you"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(
        self, *args: Any, request: HttpRequest, user: User, expected_code_check, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.user = user
        self.expected_code_check = expected_code_check
        if user.has_usable_password():
            del self.fields["code"]
        else:
            del self.fields["password"]

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        # Goes through allauth's authenticate, so failed attempts count toward its limits.
        person = get_adapter(self.request).authenticate(
            self.request, email=self.user.email, password=password
        )
        if person is None or person.pk != self.user.pk:
            raise forms.ValidationError(_("That password is not right."))
        return password

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if not self.expected_code_check(code):
            raise forms.ValidationError(
                _("That code is not right or has expired. Ask for a new one.")
            )
        return code
