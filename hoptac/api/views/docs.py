"""The OpenAPI schema and its interactive documentation, from vendored Swagger UI files."""

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.permissions import IsAuthenticated

from hoptac.accounts.decorators import API, AUTHENTICATED


class SchemaView(SpectacularAPIView):
    """/api/v1/schema/: for any signed-in user or token holder (it shows no data, only the API's shape)."""

    access_rule = API
    permission_classes = [IsAuthenticated]

    @classmethod
    def as_view(cls, *args, **kwargs):
        view = super().as_view(*args, **kwargs)
        view.login_required = False  # a token client gets 401, not a sign-in page
        return view


class DocsView(SpectacularSwaggerView):
    """/api/v1/docs/: Swagger UI for a signed-in user; assets from static/vendor/swagger-ui/ (no CDN)."""

    access_rule = AUTHENTICATED
    permission_classes = [IsAuthenticated]
    template_name = "api/swagger_ui.html"
    url_name = "api:schema"
    title = "hoptac API v1"

    @classmethod
    def as_view(cls, *args, **kwargs):
        view = super().as_view(*args, **kwargs)
        view.login_required = True  # a browser without a session goes to the sign-in page
        return view
