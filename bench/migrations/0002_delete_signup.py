"""The fault drill's stand-in signup table: the drill now signs up through the newsletter."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("bench", "0001_signup")]

    operations = [migrations.DeleteModel(name="Signup")]
