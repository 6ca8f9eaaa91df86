from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("preview/story/<int:pk>/", views.staff_preview, name="preview"),
    path("preview/<str:token>/", views.shared_preview, name="shared-preview"),
    path("corrections/", views.CorrectionListView.as_view(), name="corrections"),
    path("corrections/feed/", views.CorrectionsFeed(), name="corrections-feed"),
]
