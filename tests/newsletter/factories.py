"""Factories for the newsletter's tests."""

from __future__ import annotations

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from newsletter.consent import CONSENT_VERSION
from newsletter.models import Issue, IssueStory, Subscriber


class SubscriberFactory(DjangoModelFactory):
    """A confirmed subscriber by default; pass `state` for the others."""

    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"reader{n}@example.net")
    state = Subscriber.State.CONFIRMED
    source = "/"
    consent_version = CONSENT_VERSION
    consent_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyFunction(timezone.now)


class IssueFactory(DjangoModelFactory):
    """An issue; `stories=[...]` places those articles in that order."""

    class Meta:
        model = Issue
        skip_postgeneration_save = True

    subject = factory.Sequence(lambda n: f"The Harbour Ledger weekly no. {n}")
    intro = "Good morning. This week on the coast:"

    @factory.post_generation
    def stories(self, create: bool, extracted, **kwargs) -> None:
        if create and extracted:
            for position, article in enumerate(extracted):
                IssueStory.objects.create(issue=self, article=article, position=position)
