# Not namespaced: settings.LOGIN_REDIRECT_URL names "home".
from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
]
