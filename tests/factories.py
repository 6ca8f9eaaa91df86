"""factory-boy factories shared by every app's tests."""

from __future__ import annotations

import io
from datetime import timedelta

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from factory.django import DjangoModelFactory
from PIL import Image

from accounts.models import User
from articles.models import Article, ArticleAuthor, Author, Photo, Section


def image_file(
    name: str = "photo.jpg", size: tuple[int, int] = (64, 48), fmt: str = "JPEG"
) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (40, 90, 140)).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Faker("name")
    password = factory.django.Password("correct horse battery staple")


class StaffFactory(UserFactory):
    is_staff = True


class SectionFactory(DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")
    order = factory.Sequence(int)


class PhotoFactory(DjangoModelFactory):
    class Meta:
        model = Photo

    image = factory.LazyFunction(image_file)
    caption = factory.Sequence(lambda n: f"Fishing boats at dawn, picture {n}")
    credit = "Harbour Ledger / Staff"
    alt_text = "Fishing boats moored in a grey harbour"


class AuthorFactory(DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Faker("name")
    slug = factory.Sequence(lambda n: f"author-{n}")
    bio = "Reports on the coast."


class ArticleFactory(DjangoModelFactory):
    """A live story by default; pass `status` / `published_at` for the others, and
    `authors=[...]` for bylines (one new author when omitted)."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"Harbour council debates plan number {n}")
    slug = factory.Sequence(lambda n: f"story-{n}")
    standfirst = "Councillors weighed the cost of the new breakwater."
    body = "<p>First paragraph.</p><p>Second paragraph.</p>"
    section = factory.SubFactory(SectionFactory)
    lede_photo = factory.SubFactory(PhotoFactory)
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    @factory.post_generation
    def authors(self, create: bool, extracted: list[Author] | None, **kwargs: object) -> None:
        if not create:
            return
        for order, author in enumerate(extracted if extracted is not None else [AuthorFactory()]):
            ArticleAuthor.objects.create(article=self, author=author, order=order)

    @factory.post_generation
    def tags(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if create and extracted:
            self.tags.add(*extracted)
