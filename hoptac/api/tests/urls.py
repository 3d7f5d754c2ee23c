"""The project's URLconf, plus the token pages under /accounts/tokens/ when the project does not route them yet."""

from django.urls import Resolver404, include, path, resolve

from hoptac import urls as project

try:
    resolve("/accounts/tokens/", urlconf=project)
    urlpatterns = list(project.urlpatterns)
except Resolver404:
    urlpatterns = [path("accounts/tokens/", include("hoptac.accounts.urls_tokens")), *project.urlpatterns]
