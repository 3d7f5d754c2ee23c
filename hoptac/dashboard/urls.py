# Not namespaced: settings.LOGIN_REDIRECT_URL names "landing", and "home" is the site's root.
from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("start/", views.landing, name="landing"),
    path("districts/<str:code>/", views.district, name="district"),
]
