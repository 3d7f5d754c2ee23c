"""Excel import and export of the registry, included under /registry/excel/ (namespace "registry_excel")."""

from django.urls import path

from . import views_excel as views

app_name = "registry_excel"
urlpatterns = [
    path("", views.excel_home, name="home"),
    path("templates/<slug:kind>.xlsx", views.download_template, name="template"),
    path("export/<slug:kind>/", views.export, name="export"),
    path("import/", views.upload, name="upload"),
    path("import/confirm/", views.confirm, name="confirm"),
    path("import/cancel/", views.cancel, name="cancel"),
]
