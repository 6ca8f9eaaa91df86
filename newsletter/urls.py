from django.urls import path

from . import views

app_name = "newsletter"

urlpatterns = [
    path("", views.signup, name="signup"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("thanks/", views.thanks, name="thanks"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("archive/", views.ArchiveView.as_view(), name="archive"),
    path("archive/<int:pk>/", views.IssueView.as_view(), name="issue"),
    path("account/", views.account_subscription, name="account-subscription"),
]
