from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.views.i18n import set_language

from .decorators import authenticated, public

login = public(auth_views.LoginView.as_view(redirect_authenticated_user=True))
logout = authenticated(auth_views.LogoutView.as_view())
password_change = authenticated(auth_views.PasswordChangeView.as_view())
password_change_done = authenticated(auth_views.PasswordChangeDoneView.as_view())
# The language switch must also work on the sign-in page, before anyone has signed in.
switch_language = public(set_language)


@authenticated
def profile(request):
    return render(request, "accounts/profile.html")
