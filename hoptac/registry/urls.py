from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("", views.cooperative_list, name="index"),
    path("cooperatives/", views.cooperative_list, name="cooperative_list"),
    path("cooperatives/new/", views.cooperative_create, name="cooperative_create"),
    path("cooperatives/<int:pk>/", views.cooperative_detail, name="cooperative_detail"),
    path("cooperatives/<int:pk>/edit/", views.cooperative_edit, name="cooperative_edit"),
    path("cooperatives/<int:pk>/events/new/", views.event_create, name="event_create"),
    path("cooperatives/<int:pk>/events/<int:event_pk>/delete/", views.event_delete, name="event_delete"),
    path("cooperatives/<int:pk>/years/new/", views.year_edit, name="year_create"),
    path("cooperatives/<int:pk>/years/<int:year>/", views.year_edit, name="year_edit"),
    path("groups/", views.group_list, name="group_list"),
    path("groups/new/", views.group_create, name="group_create"),
    path("groups/<int:pk>/", views.group_detail, name="group_detail"),
    path("groups/<int:pk>/edit/", views.group_edit, name="group_edit"),
    path("groups/<int:pk>/dissolve/", views.group_dissolve, name="group_dissolve"),
    path("members/", views.membership_list, name="membership_list"),
    path("members/new/", views.membership_create, name="membership_create"),
    path("members/<int:pk>/", views.membership_detail, name="membership_detail"),
    path("members/<int:pk>/edit/", views.membership_edit, name="membership_edit"),
    path("members/<int:pk>/end/", views.membership_end, name="membership_end"),
    path("communes/options/", views.commune_options, name="commune_options"),
]
