"""Deny by default: every view in the URLconf declares who may use it."""

import pytest
from django.http import HttpResponse
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, include, path

from hoptac.accounts.decorators import RULES, access_rule_of, public, requires
from hoptac.accounts.middleware import is_exempt


def walk(patterns, prefix="", namespaces=()):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            spaces = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), spaces)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback, namespaces


def test_it_finds_an_access_rule_on_every_view_of_the_urlconf():
    unmarked, unknown = [], []
    for route, view, namespaces in walk(get_resolver().url_patterns):
        if is_exempt(view, namespaces):
            continue
        rule = access_rule_of(view)
        if rule is None:
            unmarked.append(f"/{route} ({view.__module__}.{getattr(view, '__name__', view)})")
        elif rule not in RULES:
            unknown.append(f"/{route}: {rule!r}")
    assert unmarked == [], "Views without an access rule (use @requires, @authenticated or @public)"
    assert unknown == [], "Views declaring an unknown rule"


def test_it_walks_the_registry_and_audit_pages():
    routes = [route for route, _view, _ns in walk(get_resolver().url_patterns)]
    assert "registry/cooperatives/<int:pk>/edit/" in routes
    assert "audit/" in routes


def unmarked_view(request):
    return HttpResponse("should never be seen")


@public
def public_view(request):
    return HttpResponse("ok")


@requires("registry.cooperative:write")
def writer_view(request):
    return HttpResponse("written")


urlpatterns = [
    path("unmarked/", unmarked_view),
    path("public/", public_view),
    path("writer/", writer_view),
    path("", include("hoptac.urls")),  # the sign-in page and the layout's links
]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_it_refuses_a_view_that_declares_no_rule_even_to_an_administrator(client, actors):
    client.force_login(actors.administrator)
    response = client.get("/unmarked/")
    assert response.status_code == 403
    assert b"should never be seen" not in response.content


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_it_serves_public_views_to_anonymous_visitors_and_checks_rights_on_others(client, actors):
    assert client.get("/public/").status_code == 200
    assert client.get("/writer/").status_code == 302  # to the sign-in page
    client.force_login(actors.viewer)
    assert client.get("/writer/").status_code == 403
    client.force_login(actors.district_a)
    assert client.get("/writer/").status_code == 200
