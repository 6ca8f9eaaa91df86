from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .models import Signup


# The drill's load generator has no CSRF cookie; this endpoint exists only in bench.settings.
@csrf_exempt
@require_POST
def signup(request: HttpRequest) -> HttpResponse:
    email = request.POST.get("email", "")
    if "@" not in email:
        return HttpResponseBadRequest("email required")
    with transaction.atomic():
        Signup.objects.get_or_create(email=email)
    return HttpResponse("subscribed", status=201)
