from django.urls import path

from . import views

app_name = "indicators"
urlpatterns = [
    path("<slug:code>/<int:unit_pk>/", views.drilldown, name="drilldown"),
]
