from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string

from newsletter.forms import SignupForm

# Added by the Bootstrap 5 markup around Django's widgets, not by the widgets themselves.
MARKUP_ONLY = {"class", "aria-describedby"}


class _Inputs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inputs: dict[str, dict[str, str | None]] = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input" and attributes.get("type") != "submit":
            self.inputs[attributes["name"]] = attributes


def _inputs(html: str) -> dict[str, dict[str, str | None]]:
    parser = _Inputs()
    parser.feed(html)
    return parser.inputs


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"email": "ada@example.org\nBcc: x", "website": "a<b", "source": "/x/"},
        {"email": "", "website": "", "source": "/x/\n"},
    ],
    ids=["blank", "with-field-errors", "with-form-errors"],
)
def test_signup_form_markup_has_the_inputs_the_form_widgets_render(data):
    form = SignupForm(data, source="/2026/11/28/ferry/")
    if data is not None:
        assert not form.is_valid()
    written = _inputs(render_to_string("newsletter/includes/_signup_form.html", {"form": form}))
    rendered = _inputs("".join(str(form[name]) for name in form.fields))
    assert written.keys() == rendered.keys()
    for name, attributes in rendered.items():
        assert {k: v for k, v in written[name].items() if k not in MARKUP_ONLY} == {
            k: v for k, v in attributes.items() if k not in MARKUP_ONLY
        }


def test_signup_form_markup_shows_errors_next_to_the_field_and_for_the_form():
    form = SignupForm({"email": "", "website": "", "source": "/x/\n"})
    assert not form.is_valid()
    html = render_to_string("newsletter/includes/_signup_form.html", {"form": form})
    assert 'class="emailinput form-control is-invalid"' in html
    assert 'aria-describedby="id_email_error"' in html
    assert '<div id="id_email_error" class="invalid-feedback">' in html
    assert "This field is required." in html
    assert '<div class="alert alert-block alert-danger">' in html
    assert "Line breaks are not allowed here." in html
