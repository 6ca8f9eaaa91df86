"""The reader-facing signup form. Its markup (crispy-forms' Bootstrap 5 markup, written out
for speed) is templates/newsletter/includes/_signup_form.html."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import has_line_break

LINE_BREAK_ERROR = _("Line breaks are not allowed here.")


class SignupForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "placeholder": "you@example.org"}),
    )
    # The honeypot: hidden from people (CSS and aria-hidden), filled in by naive bots. A filled
    # honeypot gets the ordinary answer and nothing is recorded.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    # The page the box was on. No max_length: a story's path can be longer than the column
    # (`subscribe` keeps its start), and an error on a hidden field is one no reader sees.
    source = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, source: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if source:
            self.fields["source"].initial = source

    def clean(self):
        cleaned = super().clean()
        # A line break in anything that may reach an email header is refused here, before
        # Django's mail code would raise ValueError on it.
        for name in self.fields:
            raw = self.data.get(self.add_prefix(name), "")
            if isinstance(raw, str) and has_line_break(raw):
                # Hidden fields show no errors of their own: theirs go to the form.
                self.add_error(name if name == "email" else None, LINE_BREAK_ERROR)
        source = cleaned.get("source") or ""
        if source and not source.startswith("/"):
            cleaned["source"] = ""
        return cleaned

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class AccountSubscriptionForm(forms.Form):
    """The subscribe/unsubscribe switch on "My account": the button says which way to go, so
    a repeated or stale submission sets the state the reader saw instead of toggling it."""

    ON = "on"
    OFF = "off"

    subscribed = forms.TypedChoiceField(
        choices=[(ON, _("Subscribe")), (OFF, _("Unsubscribe"))],
        coerce=lambda value: value == AccountSubscriptionForm.ON,
    )
