"""Accounts as allauth knows them: a user plus its EmailAddress row."""

from __future__ import annotations

import factory
from allauth.account.models import EmailAddress

from tests.factories import StaffFactory, UserFactory

PASSWORD = "correct horse battery staple"


class VerifiedReaderFactory(UserFactory):
    """A reader who signed up and verified the address."""

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def verified_address(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if create:
            EmailAddress.objects.create(
                user=self, email=self.email, primary=True, verified=extracted is not False
            )


class VerifiedStaffFactory(StaffFactory):
    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def verified_address(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if create:
            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=True)
