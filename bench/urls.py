from django.urls import path

from newsroom.urls import urlpatterns as site_patterns

from . import views

urlpatterns = [path("bench/signup/", views.signup, name="bench-signup"), *site_patterns]
