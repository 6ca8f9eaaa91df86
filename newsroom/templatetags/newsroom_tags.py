from django import template

from articles.models import Section

register = template.Library()


@register.simple_tag
def section_links() -> list[Section]:
    """Sections for the masthead navigation."""
    return list(Section.objects.only("name", "slug").order_by("order", "name"))
