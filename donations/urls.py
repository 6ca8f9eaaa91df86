from django.urls import path

from . import views

app_name = "donations"

urlpatterns = [
    path("", views.support, name="support"),
    path("checkout/", views.checkout, name="checkout"),
    path("pay/<uuid:reference>/", views.offline_pay, name="offline-pay"),
    path("thanks/<uuid:reference>/", views.thanks, name="thanks"),
    path("later/", views.remind_later, name="remind-later"),
    path("webhook/stripe/", views.webhook, name="webhook"),
    path("manage/", views.manage_request, name="manage-request"),
    path("manage/<str:token>/", views.manage, name="manage"),
    path("manage/<str:token>/cancel/<int:gift_id>/", views.manage_cancel, name="manage-cancel"),
    path("account/cancel/<int:gift_id>/", views.account_cancel, name="account-cancel"),
]
