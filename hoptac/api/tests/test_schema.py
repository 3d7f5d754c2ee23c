"""The OpenAPI schema: valid, every property described in Vietnamese and English, served to
authenticated clients; the interactive docs load only vendored assets."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

VENDORED = ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "LICENSE")


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def walk_properties(name, component):
    for prop, definition in (component.get("properties") or {}).items():
        yield f"{name}.{prop}", definition


def test_it_generates_a_valid_openapi_3_schema(schema):
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")


def test_it_describes_every_property_of_every_component_in_both_languages(schema):
    missing, monolingual = [], []
    for name, component in schema["components"]["schemas"].items():
        for path, definition in walk_properties(name, component):
            text = (definition.get("description") or "").strip()
            if not text:
                missing.append(path)
            elif " / " not in text:
                monolingual.append(f"{path}: {text!r}")
    assert missing == [], "Properties without a description"
    assert monolingual == [], "Descriptions should read “Vietnamese / English”"


def test_it_describes_every_parameter_and_documents_error_answers(schema):
    undocumented = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            for parameter in operation.get("parameters", []):
                if not (parameter.get("description") or "").strip():
                    undocumented.append(f"{method.upper()} {path} {parameter['name']}")
            assert {"401", "403", "404"} <= set(operation["responses"]), f"{method} {path}"
    assert undocumented == []


def test_it_lists_the_resources_of_the_api(schema):
    paths = set(schema["paths"])
    for expected in (
        "/api/v1/cooperatives/",
        "/api/v1/cooperatives/{id}/events/",
        "/api/v1/cooperatives/{id}/years/{year}/",
        "/api/v1/groups/",
        "/api/v1/memberships/",
        "/api/v1/units/",
        "/api/v1/agencies/",
        "/api/v1/directives/",
        "/api/v1/tasks/",
        "/api/v1/assignments/{id}/progress/",
        "/api/v1/assignments/{id}/complete/",
        "/api/v1/scorecard/",
        "/api/v1/rounds/",
        "/api/v1/submissions/{id}/submit/",
    ):
        assert expected in paths
    assert set(schema["components"]["securitySchemes"]) == {"apiToken", "session"}


def test_it_serves_the_schema_to_token_holders_only(api_for, viewer):
    assert APIClient().get("/api/v1/schema/").status_code == 401
    response = api_for(viewer, read_only=True).get("/api/v1/schema/?format=json")
    assert response.status_code == 200 and response.json()["info"]["title"] == "hoptac API"


def test_it_serves_the_docs_page_from_vendored_files(client, viewer):
    assert client.get("/api/v1/docs/").status_code == 302  # to the sign-in page
    client.force_login(viewer)
    html = client.get("/api/v1/docs/").content.decode()
    for name in ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js"):
        assert f"/static/vendor/swagger-ui/{name}" in html
    assert not re.search(r"(src|href)=\"https?://", html), "no asset from another host"
    assert "/api/v1/schema/" in html


def test_it_ships_the_swagger_ui_files_with_their_licence():
    folder = Path(settings.BASE_DIR) / "static" / "vendor" / "swagger-ui"
    for name in VENDORED:
        assert (folder / name).stat().st_size > 0, name
    assert "Apache License" in (folder / "LICENSE").read_text()
