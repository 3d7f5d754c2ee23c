"""Reference data: administrative units (those the user can see) and the agency catalogue."""

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions
from rest_framework.response import Response

from hoptac.accounts import access
from hoptac.accounts import permissions as perms
from hoptac.registry.forms import search_units
from hoptac.units.models import AdminUnit, Agency

from ..schema import doc, query
from ..serializers.units import AdminUnitSerializer, AgencySerializer
from .common import ApiViewSet


@extend_schema_view(
    list=extend_schema(
        summary=doc("Đơn vị hành chính", "Administrative units"),
        parameters=[
            query("level", "Cấp: province, district, commune", "Level: province, district, commune"),
            query("parent", "Mã đơn vị cấp trên, ví dụ 615", "Parent unit code, e.g. 615"),
            query("code", "Mã đơn vị", "Unit code"),
            query(
                "q", "Tìm theo tên, không phân biệt dấu (“dak ui”)", "Search by name, ignoring diacritics (“dak ui”)"
            ),
        ],
    ),
    retrieve=extend_schema(summary=doc("Một đơn vị hành chính", "One administrative unit")),
)
class AdminUnitViewSet(ApiViewSet):
    """Đơn vị hành chính trong phạm vi của bạn / Administrative units within your scope."""

    read_right = perms.REGISTRY_READ
    serializer_class = AdminUnitSerializer
    queryset = AdminUnit.objects.none()  # for the schema only (type of the id)

    def _queryset(self):
        return access.visible_units(self.request.user).select_related("parent")

    def list(self, request):
        qs = self._queryset().order_by("path")
        params = request.query_params
        if level := (params.get("level") or "").strip():
            if level not in AdminUnit.Level.values:
                raise exceptions.ValidationError({"level": [f"“{level[:20]}”: province, district, commune"]})
            qs = qs.filter(level=level)
        if parent := (params.get("parent") or "").strip():
            qs = qs.filter(parent__code=parent)
        if code := (params.get("code") or "").strip():
            qs = qs.filter(code=code)
        if text := (params.get("q") or "").strip():
            qs = search_units(qs, text[:100])
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(AdminUnitSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        unit = self._queryset().filter(pk=self.lookup_pk()).first()
        if unit is None:
            raise Http404
        return Response(AdminUnitSerializer(unit).data)


@extend_schema_view(
    list=extend_schema(
        summary=doc("Cơ quan, đơn vị", "Agencies"),
        parameters=[query("kind", "Loại cơ quan (so, ubnd_huyen, lien_minh …)", "Kind of agency")],
    ),
    retrieve=extend_schema(summary=doc("Một cơ quan", "One agency")),
)
class AgencyViewSet(ApiViewSet):
    """Danh mục cơ quan được giao việc và báo cáo / The catalogue of agencies that are assigned work and report."""

    read_right = perms.PLAN_READ
    serializer_class = AgencySerializer
    queryset = Agency.objects.none()  # for the schema only

    def _queryset(self):
        # The catalogue itself is not anyone's data: every reader of plans sees who is who.
        return Agency.objects.select_related("admin_unit").order_by("ordering", "name", "id")

    def list(self, request):
        qs = self._queryset()
        if kind := (request.query_params.get("kind") or "").strip():
            qs = qs.filter(kind=kind)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(AgencySerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        agency = self._queryset().filter(pk=self.lookup_pk()).first()
        if agency is None:
            raise Http404
        return Response(AgencySerializer(agency).data)
