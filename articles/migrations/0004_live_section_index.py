from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_workflow_roles"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("status__in", ["scheduled", "published"])),
                fields=["section", "-published_at"],
                name="article_live_section_idx",
            ),
        ),
    ]
