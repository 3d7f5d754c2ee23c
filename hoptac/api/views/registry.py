"""Registry endpoints: /cooperatives/ (with /events/ and /years/), /groups/, /memberships/.

Lists are the pages' lists (same scoping, filters and search); writes call registry.services.
"""

from django.db.models import prefetch_related_objects
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema, extend_schema_view
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.response import Response

from hoptac.accounts import access
from hoptac.accounts import permissions as perms
from hoptac.lib.concurrency import check_version
from hoptac.registry import services
from hoptac.registry.forms import CooperativeFilterForm, GroupFilterForm, MembershipFilterForm
from hoptac.registry.models import (
    AllianceMembership,
    Cooperative,
    CooperativeGroup,
    Grade,
    GroupField,
    LifecycleEvent,
    Sector,
    State,
)
from hoptac.registry.views.cooperatives import cooperative_rows
from hoptac.registry.views.groups import group_rows
from hoptac.registry.views.memberships import membership_rows
from hoptac.units.models import Agency

from ..schema import DATE_PARAMETERS, doc, query
from ..serializers import registry as s
from .common import MAX_PK, ApiViewSet, is_number
from .filters import COMMUNE, DISTRICT, SEARCH, page_filters

YEAR_PATH = OpenApiParameter("year", OpenApiTypes.INT, OpenApiParameter.PATH, description=doc("Năm", "Year"))
EVENT_PATH = OpenApiParameter(
    "event_id", OpenApiTypes.INT, OpenApiParameter.PATH, description=doc("Mã số sự kiện", "Event id")
)
ID_PATH = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description=doc("Mã số", "Identifier"))


def _choices(choices) -> str:
    return ", ".join(str(value) for value, _label in choices)


class RegistryViewSet(ApiViewSet):
    read_right = perms.REGISTRY_READ
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context.setdefault("day", getattr(self, "day", None) or self.reference_date())
        return context

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.day = self.reference_date()

    def paginated(self, queryset, serializer_class):
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(
            serializer_class(page, many=True, context=self.get_serializer_context()).data
        )


# --- cooperatives ------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary=doc("Danh sách hợp tác xã", "List cooperatives"),
        parameters=[
            SEARCH,
            DISTRICT,
            COMMUNE,
            query("status", f"Tình trạng tại ngày tính ({_choices(State.choices)})", "State on the reference date"),
            query("sector", f"Lĩnh vực ({_choices(Sector.choices)})", "Sector"),
            query("grade", f"Xếp loại trong năm của ngày tính ({_choices(Grade.choices)})", "Grade in that year"),
            query(
                "value_chain",
                "Mô hình chuỗi giá trị trong năm đó (true/false)",
                "Value-chain model in that year",
                OpenApiTypes.BOOL,
            ),
            *DATE_PARAMETERS,
        ],
    ),
    retrieve=extend_schema(summary=doc("Một hợp tác xã", "One cooperative"), parameters=DATE_PARAMETERS),
)
class CooperativeViewSet(RegistryViewSet):
    """Hợp tác xã trong phạm vi của bạn / Cooperatives within your scope."""

    create_right = perms.REGISTRY_WRITE
    serializer_class = s.CooperativeSerializer
    queryset = Cooperative.objects.none()  # for the schema only (type of the id)

    def list(self, request):
        filters = page_filters(request, CooperativeFilterForm, year=self.day.year)
        return self.paginated(cooperative_rows(request.user, self.day, filters), s.CooperativeSerializer)

    def _get(self, *, write=False):
        return access.get_cooperative_for_user(self.request, self.lookup_pk(), write=write)

    def _detail(self, coop):
        coop = Cooperative.objects.select_related("commune__parent").get(pk=coop.pk)
        prefetch_related_objects([coop], "events", "years")
        return s.CooperativeDetailSerializer(coop, context=self.get_serializer_context()).data

    def retrieve(self, request, pk=None):
        return Response(self._detail(self._get()))

    @extend_schema(
        summary=doc(
            "Đăng ký hợp tác xã mới (kèm sự kiện thành lập)", "Register a cooperative (with its establishment)"
        ),
        request=s.CooperativeWriteSerializer,
        responses={201: s.CooperativeDetailSerializer},
    )
    def create(self, request):
        values = self.parsed(s.CooperativeWriteSerializer)
        values.pop("version", None)
        coop = services.create_cooperative(
            actor=request.user,
            name=values.get("name", ""),
            commune=values.get("commune"),
            established_on=values.get("established_on"),
            **{k: v for k, v in values.items() if k not in ("name", "commune", "established_on")},
        )
        return Response(self._detail(coop), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=doc("Sửa thông tin hợp tác xã", "Edit a cooperative"),
        request=s.CooperativeWriteSerializer,
        responses={200: s.CooperativeDetailSerializer},
    )
    def partial_update(self, request, pk=None):
        coop = self._get(write=True)
        values = dict(self.parsed(s.CooperativeWriteSerializer, partial=True))
        version = values.pop("version", None)
        updated = self.run(
            lambda: services.update_cooperative(coop, actor=request.user, expected_version=version, **values),
            current=self._detail,
        )
        return Response(self._detail(updated))

    # lifecycle events

    @extend_schema(
        summary=doc("Các sự kiện pháp lý của hợp tác xã", "A cooperative's lifecycle events"),
        responses=s.LifecycleEventSerializer(many=True),
        parameters=[ID_PATH],
    )
    @action(detail=True, methods=["get"], url_path="events", pagination_class=None)
    def events(self, request, pk=None):
        coop = self._get()
        return self.respond(s.LifecycleEventSerializer, coop.events.order_by("date", "id"), many=True)

    @extend_schema(
        summary=doc("Ghi nhận sự kiện pháp lý", "Record a lifecycle event"),
        request=s.LifecycleEventWriteSerializer,
        responses={201: s.LifecycleEventSerializer},
        parameters=[ID_PATH],
    )
    @events.mapping.post
    def record_event(self, request, pk=None):
        coop = self._get(write=True)
        values = self.parsed(s.LifecycleEventWriteSerializer)
        event = services.record_event(coop, actor=request.user, **values)
        return self.respond(s.LifecycleEventSerializer, event, status_code=status.HTTP_201_CREATED)

    @extend_schema(
        summary=doc("Xoá sự kiện ghi nhầm", "Delete a mistaken event"),
        request=None,
        responses={204: None},
        parameters=[ID_PATH, EVENT_PATH],
    )
    @action(detail=True, methods=["delete"], url_path=r"events/(?P<event_id>[^/.]+)")
    def delete_event(self, request, pk=None, event_id=None):
        coop = self._get(write=True)
        event = LifecycleEvent.objects.filter(cooperative=coop, pk=self.lookup_pk("event_id")).first()
        if event is None:
            raise Http404
        services.delete_event(event, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    # yearly figures

    @extend_schema(
        summary=doc("Số liệu các năm", "Yearly figures"),
        responses=s.YearFiguresSerializer(many=True),
        parameters=[ID_PATH],
    )
    @action(detail=True, methods=["get"], url_path="years", pagination_class=None)
    def years(self, request, pk=None):
        coop = self._get()
        return self.respond(s.YearFiguresSerializer, coop.years.order_by("year"), many=True)

    def _set_year(self, coop, year, values):
        version = values.pop("version", None)
        current = lambda row: s.YearFiguresSerializer(row, context=self.get_serializer_context()).data  # noqa: E731
        return self.run(
            lambda: services.set_year_figures(
                coop, actor=self.request.user, year=year, expected_version=version, **values
            ),
            current=current,
        )

    @extend_schema(
        summary=doc("Nhập số liệu một năm (tạo mới hoặc sửa)", "Set one year's figures (create or update)"),
        request=s.YearFiguresWriteSerializer,
        responses={200: s.YearFiguresSerializer},
        parameters=[ID_PATH],
    )
    @years.mapping.post
    def set_year(self, request, pk=None):
        coop = self._get(write=True)
        values = dict(self.parsed(s.YearFiguresWriteSerializer))
        year = values.pop("year")
        return self.respond(s.YearFiguresSerializer, self._set_year(coop, year, values))

    def _year_value(self):
        raw = str(self.kwargs.get("year", ""))
        if not is_number(raw) or len(raw) != 4:
            raise Http404
        return int(raw)

    @extend_schema(
        summary=doc("Số liệu một năm", "One year's figures"),
        responses=s.YearFiguresSerializer,
        parameters=[ID_PATH, YEAR_PATH],
    )
    @action(detail=True, methods=["get"], url_path=r"years/(?P<year>[^/.]+)")
    def year(self, request, pk=None, year=None):
        coop = self._get()
        row = coop.years.filter(year=self._year_value()).first()
        if row is None:
            raise Http404
        return self.respond(s.YearFiguresSerializer, row)

    @extend_schema(
        summary=doc("Sửa số liệu một năm", "Edit one year's figures"),
        request=s.YearFiguresUpdateSerializer,
        responses={200: s.YearFiguresSerializer},
        parameters=[ID_PATH, YEAR_PATH],
    )
    @year.mapping.patch
    def update_year(self, request, pk=None, year=None):
        coop = self._get(write=True)
        year = self._year_value()
        values = dict(self.parsed(s.YearFiguresUpdateSerializer, partial=True))
        if not coop.years.filter(year=year).exists():
            raise Http404
        return self.respond(s.YearFiguresSerializer, self._set_year(coop, year, values))


# --- groups --------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary=doc("Danh sách tổ hợp tác", "List cooperative groups"),
        parameters=[
            SEARCH,
            DISTRICT,
            COMMUNE,
            query(
                "status",
                "existing (đang hoạt động) / dissolved (đã chấm dứt) tại ngày tính",
                "existing / dissolved on the reference date",
            ),
            query("field", f"Lĩnh vực ({_choices(GroupField.choices)})", "Field of activity"),
            *DATE_PARAMETERS,
        ],
    ),
    retrieve=extend_schema(summary=doc("Một tổ hợp tác", "One cooperative group"), parameters=DATE_PARAMETERS),
)
class GroupViewSet(RegistryViewSet):
    """Tổ hợp tác trong phạm vi của bạn / Cooperative groups within your scope."""

    create_right = perms.GROUP_WRITE
    serializer_class = s.GroupSerializer
    queryset = CooperativeGroup.objects.none()  # for the schema only

    def list(self, request):
        filters = page_filters(request, GroupFilterForm)
        return self.paginated(group_rows(request.user, self.day, filters), s.GroupSerializer)

    def _get(self, *, write=False):
        return access.get_group_for_user(self.request, self.lookup_pk(), write=write)

    def _data(self, group):
        return s.GroupSerializer(group, context=self.get_serializer_context()).data

    def retrieve(self, request, pk=None):
        return Response(self._data(self._get()))

    @extend_schema(
        summary=doc("Thêm tổ hợp tác", "Add a cooperative group"),
        request=s.GroupWriteSerializer,
        responses={201: s.GroupSerializer},
    )
    def create(self, request):
        values = dict(self.parsed(s.GroupWriteSerializer))
        values.pop("version", None)
        for required in ("name", "commune", "founded_on"):
            values.setdefault(required, None)
        group = services.create_group(actor=request.user, **values)
        return Response(self._data(group), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=doc("Sửa tổ hợp tác", "Edit a cooperative group"),
        request=s.GroupWriteSerializer,
        responses={200: s.GroupSerializer},
    )
    def partial_update(self, request, pk=None):
        group = self._get(write=True)
        values = dict(self.parsed(s.GroupWriteSerializer, partial=True))
        version = values.pop("version", None)
        updated = self.run(
            lambda: services.update_group(group, actor=request.user, expected_version=version, **values),
            current=self._data,
        )
        return Response(self._data(updated))

    @extend_schema(
        summary=doc("Ghi nhận tổ hợp tác chấm dứt", "Record that a group was dissolved"),
        request=s.DissolveGroupSerializer,
        responses={200: s.GroupSerializer},
        parameters=[ID_PATH],
    )
    @action(detail=True, methods=["post"])
    def dissolve(self, request, pk=None):
        group = self._get(write=True)
        values = self.parsed(s.DissolveGroupSerializer)
        return Response(self._data(services.dissolve_group(group, actor=request.user, on=values["dissolved_on"])))


# --- Alliance memberships ----------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary=doc("Thành viên Liên minh HTX", "Members of the Cooperative Alliance"),
        parameters=[
            SEARCH,
            DISTRICT,
            COMMUNE,
            query("kind", "cooperative (HTX) / group (THT) / other (tổ chức khác)", "Kind of member"),
            query(
                "status",
                "member (đang là thành viên) / left (đã ra khỏi) tại ngày tính",
                "member / left on the reference date",
            ),
            *DATE_PARAMETERS,
        ],
    ),
    retrieve=extend_schema(summary=doc("Một thành viên", "One membership"), parameters=DATE_PARAMETERS),
)
class MembershipViewSet(RegistryViewSet):
    """Thành viên Liên minh HTX tỉnh / Members of the provincial Cooperative Alliance."""

    create_right = perms.MEMBERSHIP_WRITE
    serializer_class = s.MembershipSerializer
    queryset = AllianceMembership.objects.none()  # for the schema only

    def list(self, request):
        filters = page_filters(request, MembershipFilterForm)
        return self.paginated(membership_rows(request.user, self.day, filters), s.MembershipSerializer)

    def _get(self, *, write=False):
        return access.get_membership_for_user(self.request, self.lookup_pk(), write=write)

    def _data(self, membership):
        return s.MembershipSerializer(membership, context=self.get_serializer_context()).data

    def retrieve(self, request, pk=None):
        return Response(self._data(self._get()))

    def _member(self, values, key, queryset, message):
        pk = values.get(key)
        if pk is None:
            return None
        member = queryset.filter(pk=pk).first() if 0 < pk <= MAX_PK else None
        if member is None:
            raise exceptions.ValidationError({key: [message % {"id": pk}]})
        return member

    @extend_schema(
        summary=doc("Kết nạp thành viên", "Add a member"),
        request=s.MembershipWriteSerializer,
        responses={201: s.MembershipSerializer},
    )
    def create(self, request):
        values = dict(self.parsed(s.MembershipWriteSerializer))
        values.pop("version", None)
        user = request.user
        cooperative = self._member(
            values, "cooperative", access.visible_cooperatives(user), _("Không có hợp tác xã mã số %(id)s.")
        )
        group = self._member(values, "group", access.visible_groups(user), _("Không có tổ hợp tác mã số %(id)s."))
        alliance = values.get("alliance") or Agency.objects.filter(kind=Agency.Kind.ALLIANCE).order_by("pk").first()
        membership = services.add_membership(
            actor=user,
            alliance=alliance,
            joined_on=values.get("joined_on"),
            cooperative=cooperative,
            group=group,
            organisation_name=values.get("organisation_name", ""),
            commune=values.get("commune"),
        )
        membership = access.get_membership_for_user(user, membership.pk)
        return Response(self._data(membership), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=doc("Sửa thông tin thành viên", "Edit a membership"),
        request=s.MembershipUpdateSerializer,
        responses={200: s.MembershipSerializer},
    )
    def partial_update(self, request, pk=None):
        membership = self._get(write=True)
        values = dict(self.parsed(s.MembershipUpdateSerializer, partial=True))
        version = values.pop("version", None)
        updated = self.run(
            lambda: services.update_membership(membership, actor=request.user, expected_version=version, **values),
            current=self._data,
        )
        return Response(self._data(updated))

    @extend_schema(
        summary=doc("Ghi nhận ra khỏi Liên minh", "Record that a member left"),
        request=s.EndMembershipSerializer,
        responses={200: s.MembershipSerializer},
        parameters=[ID_PATH],
    )
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        membership = self._get(write=True)
        values = dict(self.parsed(s.EndMembershipSerializer))
        version = values.pop("version", None)

        def call():
            check_version(membership, version)
            return services.end_membership(membership, actor=request.user, on=values["left_on"])

        return Response(self._data(self.run(call, current=self._data)))
