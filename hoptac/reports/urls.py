from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("my/", views.my_reports, name="my_reports"),
    path("rounds/open/", views.round_open, name="round_open"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/agencies/<int:agency_pk>/start/", views.submission_start, name="submission_start"),
    path("rounds/<int:pk>/consolidation/", views.consolidation_edit, name="consolidation"),
    path("rounds/<int:pk>/download/<str:fmt>/", views.download, name="download"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission"),
    path("submissions/<int:pk>/return/", views.submission_return, name="submission_return"),
    path("submissions/<int:pk>/accept/", views.submission_accept, name="submission_accept"),
    path("submissions/<int:pk>/reopen/", views.submission_reopen, name="submission_reopen"),
    path("submissions/<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
]
