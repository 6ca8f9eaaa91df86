import pytest
from django.utils import timezone

from newsletter.models import Issue, Subscriber
from tests.factories import ArticleFactory
from tests.newsletter.factories import IssueFactory, SubscriberFactory

pytestmark = pytest.mark.django_db
State = Subscriber.State


def test_counts_by_state_lists_every_state_even_when_empty():
    SubscriberFactory.create_batch(2)
    SubscriberFactory(state=State.PENDING)
    assert Subscriber.objects.counts_by_state() == {
        "pending": 1,
        "confirmed": 2,
        "unsubscribed": 0,
        "bounced": 0,
    }


@pytest.mark.parametrize(
    "state,stamp",
    [
        (State.CONFIRMED, "confirmed_at"),
        (State.UNSUBSCRIBED, "unsubscribed_at"),
        (State.BOUNCED, "bounced_at"),
    ],
)
def test_each_change_of_state_is_stamped_with_its_time(state, stamp):
    subscriber = SubscriberFactory(state=State.PENDING, confirmed_at=None)
    moment = timezone.now()
    subscriber.move_to(state, now=moment)
    assert subscriber.state == state
    assert getattr(subscriber, stamp) == moment and subscriber.state_changed_at == moment


def test_only_confirmed_subscribers_are_receiving():
    confirmed = SubscriberFactory()
    for state in (State.PENDING, State.UNSUBSCRIBED, State.BOUNCED):
        SubscriberFactory(state=state)
    assert list(Subscriber.objects.receiving()) == [confirmed]


def test_issue_stories_come_in_the_editors_order():
    first, second, third = ArticleFactory(), ArticleFactory(), ArticleFactory()
    issue = IssueFactory(stories=[third, first, second])
    assert issue.ordered_stories() == [third, first, second]


def test_with_progress_counts_sent_and_total_deliveries():
    issue = IssueFactory(state=Issue.State.SENDING)
    for status in ("sent", "sent", "pending", "skipped"):
        issue.deliveries.create(subscriber=SubscriberFactory(), status=status)
    annotated = Issue.objects.with_progress().get(pk=issue.pk)
    assert (annotated.deliveries_sent, annotated.deliveries_total) == (2, 4)
