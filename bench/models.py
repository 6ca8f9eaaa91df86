from django.db import models


class Signup(models.Model):
    """What a newsletter signup writes, reduced to the part the fault drill checks: every
    signup the server acknowledged is in the database afterwards."""

    email = models.EmailField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.email
