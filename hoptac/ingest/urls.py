from django.urls import path

from . import views

app_name = "ingest"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("review/", views.review, name="review"),
]
