# Not namespaced: settings.LOGIN_URL and LOGOUT_REDIRECT_URL name "login".
from django.urls import path

from . import views

urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("language/", views.switch_language, name="switch_language"),
    path("me/", views.profile, name="profile"),
    path("password/", views.password_change, name="password_change"),
    path("password/done/", views.password_change_done, name="password_change_done"),
]
