from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "hoptac — Quản trị hệ thống"
admin.site.site_title = "hoptac"
admin.site.index_title = "Quản trị dữ liệu"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("hoptac.dashboard.urls")),
    path("accounts/tokens/", include("hoptac.accounts.urls_tokens")),
    path("accounts/", include("hoptac.accounts.urls")),
    path("units/", include("hoptac.units.urls")),
    path("registry/excel/", include("hoptac.registry.urls_excel")),
    path("registry/", include("hoptac.registry.urls")),
    path("indicators/", include("hoptac.indicators.urls")),
    path("plans/", include("hoptac.plans.urls")),
    path("reports/", include("hoptac.reports.urls")),
    path("ingest/", include("hoptac.ingest.urls")),
    path("audit/", include("hoptac.audit.urls")),
    path("api/v1/", include("hoptac.api.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
