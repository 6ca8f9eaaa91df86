from django.db import migrations

PAGES = [
    (
        "about",
        "About us",
        "Who we are and how we work.",
        "<p>The Harbour Ledger is an independent newsroom covering the coast: its politics, "
        "its businesses and its culture. We are funded by our readers.</p>"
        "<h2>How we work</h2><p>Our reporters check every fact before publication and we "
        "correct our mistakes openly, at the end of the story concerned.</p>",
    ),
    (
        "privacy",
        "Privacy policy",
        "What we collect about readers, subscribers and donors, and why.",
        "<p>Reading our site needs no account and sets no cookies. When you subscribe to our "
        "newsletter we keep your email address only to send it, and you can unsubscribe with "
        "one click in every issue.</p><h2>Donations</h2><p>Payments are handled by our "
        "payment provider; we keep your name, email address and the amount of each gift.</p>"
        "<h2>Your rights</h2><p>Write to us to see, correct or delete what we hold about "
        "you.</p>",
    ),
    (
        "terms",
        "Terms of use",
        "The rules for using this site and its content.",
        "<p>You may share links to our stories freely. Republishing a story in full needs our "
        "written permission.</p>",
    ),
    (
        "contact",
        "Contact",
        "How to reach the newsroom.",
        "<p>Tips and corrections: <a href=\"mailto:newsroom@example.org\">"
        "newsroom@example.org</a>.</p><p>Our office is on the harbour front, open on "
        "weekdays from nine to five.</p>",
    ),
]


def create_pages(apps, schema_editor):
    Page = apps.get_model("newsroom", "Page")
    for slug, title, summary, body in PAGES:
        Page.objects.get_or_create(
            slug=slug, defaults={"title": title, "summary": summary, "body": body}
        )


def remove_pages(apps, schema_editor):
    apps.get_model("newsroom", "Page").objects.filter(slug__in=[p[0] for p in PAGES]).delete()


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0001_models")]

    operations = [migrations.RunPython(create_pages, remove_pages)]
