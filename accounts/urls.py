from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-out-elsewhere/", views.sign_out_elsewhere, name="sign-out-elsewhere"),
    path("data/", views.download_data, name="data"),
    path("delete/", views.delete_account, name="delete"),
    path("deleted/", views.deleted, name="deleted"),
]
