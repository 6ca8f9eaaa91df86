"""The three newsroom roles as groups, each with exactly the permissions it needs."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTRIBUTOR = [
    "articles.add_article",
    "articles.change_article",
    "articles.view_article",
    "articles.add_articleauthor",
    "articles.change_articleauthor",
    "articles.delete_articleauthor",
    "articles.view_articleauthor",
    "articles.add_photo",
    "articles.view_photo",
    "articles.view_section",
    "articles.view_author",
    "taggit.view_tag",
]
EDITOR = CONTRIBUTOR + [
    "articles.delete_article",
    "articles.edit_any_article",
    "articles.review_article",
    "articles.publish_article",
    "articles.manage_corrections",
    "articles.view_correction",
    "articles.view_auditentry",
    "articles.change_photo",
    "articles.delete_photo",
    "articles.add_section",
    "articles.change_section",
    "articles.delete_section",
    "articles.add_author",
    "articles.change_author",
    "articles.delete_author",
    "taggit.add_tag",
    "taggit.change_tag",
    "taggit.delete_tag",
]
CHIEF_EDITOR = EDITOR + [
    "accounts.add_user",
    "accounts.change_user",
    "accounts.view_user",
    "auth.view_group",
]
ROLES = {"Contributor": CONTRIBUTOR, "Editor": EDITOR, "Chief editor": CHIEF_EDITOR}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations ran; create them now so that a
    # fresh database gets complete roles in one `migrate`.
    # (Also called by tests with the live app registry, whose configs keep their module.)
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(wanted)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_workflow_models"),
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
