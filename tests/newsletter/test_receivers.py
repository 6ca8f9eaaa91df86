import json

import pytest
from anymail.signals import AnymailTrackingEvent

from accounts.signals import personal_data_erased, personal_data_requested
from newsletter import receivers
from newsletter.models import Subscriber
from tests.factories import UserFactory
from tests.newsletter.factories import SubscriberFactory

pytestmark = pytest.mark.django_db


def test_download_my_data_includes_the_subscription_and_consent():
    user = UserFactory(email="member@example.org")
    SubscriberFactory(email="member@example.org", source="/2026/11/28/ferry/")
    SubscriberFactory()
    answers = dict(
        answer for receiver, answer in personal_data_requested.send(sender=None, user=user)
        if receiver is receivers.report_personal_data
    )  # fmt: skip
    [record] = answers["newsletter"]
    assert record["email"] == "member@example.org"
    assert record["signed_up_on"] == "/2026/11/28/ferry/"
    assert record["consent"]["version"] and record["consent"]["wording"]
    json.dumps(answers)


def test_erasing_an_account_deletes_the_subscriber():
    user = UserFactory(email="member@example.org")
    SubscriberFactory(email="member@example.org")
    other = SubscriberFactory()
    personal_data_erased.send(sender=None, user=user, email=user.email)
    assert list(Subscriber.objects.all()) == [other]


@pytest.mark.parametrize("event_type", ["bounced", "complained"])
def test_anymail_bounce_and_complaint_events_stop_mail(event_type):
    subscriber = SubscriberFactory(email="gone@example.net")
    event = AnymailTrackingEvent(
        event_type=event_type, recipient="gone@example.net", reject_reason="bounced"
    )
    receivers.handle_tracking_event(sender=object, event=event, esp_name="Postmark")
    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.BOUNCED
    assert event_type in subscriber.bounce_reason


def test_anymail_delivered_events_change_nothing():
    subscriber = SubscriberFactory(email="here@example.net")
    event = AnymailTrackingEvent(event_type="delivered", recipient="here@example.net")
    receivers.handle_tracking_event(sender=object, event=event, esp_name="Postmark")
    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.CONFIRMED


def test_the_tracking_receiver_is_wanted_only_when_a_mailer_uses_anymail(settings):
    assert not receivers.anymail_configured()
    settings.MAILERS = {
        **settings.MAILERS,
        "newsletter": {"BACKEND": "anymail.backends.postmark.EmailBackend"},
    }
    assert receivers.anymail_configured()
