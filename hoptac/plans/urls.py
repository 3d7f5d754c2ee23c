from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.directive_list, name="index"),
    path("<int:pk>/", views.directive_detail, name="directive"),
    path("<int:pk>/text/", views.directive_text, name="directive_text"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("assignments/<int:pk>/", views.assignment_detail, name="assignment"),
    path("assignments/<int:pk>/progress/", views.record_progress, name="record_progress"),
    path("assignments/<int:pk>/complete/", views.record_completion, name="record_completion"),
    path("assignments/<int:pk>/extend/", views.record_extension, name="record_extension"),
    path("assignments/<int:pk>/return/", views.record_return, name="record_return"),
    path("my/", views.my_tasks, name="my_tasks"),
    path("agencies/", views.agency_list, name="agency_list"),
    path("agencies/<int:pk>/", views.agency_tasks, name="agency_tasks"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
]
