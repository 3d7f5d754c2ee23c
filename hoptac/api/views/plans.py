"""Plan endpoints: /directives/, /tasks/, /assignments/ (status as of a date; progress and
completion through plans.services), /scorecard/ (plans.scorecard, as `manage.py scorecard`)."""

from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema, extend_schema_view
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from hoptac.accounts import access
from hoptac.accounts import permissions as perms
from hoptac.plans import queries, scorecard, services
from hoptac.plans.models import Assignment, AssignmentRole, Directive, ProgressUpdate, Task
from hoptac.plans.status import Status
from hoptac.units.models import AdminUnit

from ..schema import DATE_PARAMETERS, doc, query
from ..serializers import plans as s
from .common import ApiViewMixin, ApiViewSet

ID_PATH = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description=doc("Mã số", "Identifier"))
PLAN_PARAM = query(
    "directive",
    "Mã số văn bản chỉ đạo (mặc định: văn bản đang theo dõi)",
    "Directive id (default: the active plan)",
    OpenApiTypes.INT,
)
STATUS_VALUES = ", ".join([*Status.values, "returned"])


def visible_assignments(user):
    """Lists of assignments: those of the agencies whose work the user may read, as the plan pages'
    agency lists (hoptac.accounts.access.visible_agencies)."""
    return Assignment.objects.filter(agency__in=access.visible_agencies(user))


def get_assignment_for_user(user, pk, *, write=False) -> Assignment:
    """As on the plan pages: any plan reader reads an assignment (coordinating agencies see the lead's
    work and the reverse); recording on it needs access.can_update_assignment, else 403."""
    assignment = Assignment.objects.select_related("task__directive", "agency").filter(pk=pk).first()
    if assignment is None:
        raise Http404
    if write and not access.can_update_assignment(user, assignment):
        raise exceptions.PermissionDenied(_("Bạn chỉ cập nhật được tiến độ nhiệm vụ giao cho cơ quan của mình."))
    return assignment


class PlanViewMixin:
    read_right = perms.PLAN_READ

    def directive_param(self, *, required=False) -> Directive | None:
        pk = self.int_param("directive", minimum=1)
        if pk is None:
            directive = queries.active_plan()
            if directive is None and required:
                raise exceptions.ValidationError({"directive": [_("Chưa có văn bản chỉ đạo nào đang theo dõi.")]})
            return directive
        directive = Directive.objects.filter(pk=pk).first()
        if directive is None:
            raise exceptions.ValidationError({"directive": [_("Không có văn bản chỉ đạo mã số %(id)s.") % {"id": pk}]})
        return directive

    def as_of(self, directive: Directive | None):
        default = queries.default_reference_date(directive) if directive is not None else None
        return self.reference_date(default)


@extend_schema_view(
    list=extend_schema(summary=doc("Văn bản chỉ đạo", "Directives")),
    retrieve=extend_schema(summary=doc("Một văn bản chỉ đạo", "One directive")),
)
class DirectiveViewSet(PlanViewMixin, ApiViewSet):
    """Văn bản chỉ đạo (công văn, chỉ thị, kế hoạch …) / Directives."""

    serializer_class = s.DirectiveSerializer
    queryset = Directive.objects.none()  # for the schema only (type of the id)

    def get_queryset(self):
        return Directive.objects.select_related("issuer").order_by("-year", "-issued_on", "-id")

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.DirectiveSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        directive = self.get_queryset().filter(pk=self.lookup_pk()).first()
        if directive is None:
            raise Http404
        return Response(s.DirectiveSerializer(directive).data)


@extend_schema_view(
    list=extend_schema(
        summary=doc("Nhiệm vụ của một văn bản, kèm tình trạng", "Tasks of a directive, with their status"),
        parameters=[PLAN_PARAM, *DATE_PARAMETERS],
    ),
    retrieve=extend_schema(summary=doc("Một nhiệm vụ", "One task"), parameters=DATE_PARAMETERS),
)
class TaskViewSet(PlanViewMixin, ApiViewSet):
    """Nhiệm vụ; tình trạng là tổng hợp của các đơn vị chủ trì / Tasks; status rolls up the leads'."""

    serializer_class = s.TaskSerializer
    queryset = Task.objects.none()  # for the schema only

    def _context(self, directive, as_of):
        statuses = queries.directive_status(directive, as_of).task_statuses if directive else {}
        return {**self.get_serializer_context(), "as_of": as_of, "task_statuses": statuses}

    def list(self, request):
        directive = self.directive_param()
        as_of = self.as_of(directive)
        tasks = (
            Task.objects.filter(directive=directive).order_by("position", "id") if directive else Task.objects.none()
        )
        page = self.paginate_queryset(tasks)
        return self.get_paginated_response(
            s.TaskSerializer(page, many=True, context=self._context(directive, as_of)).data
        )

    def retrieve(self, request, pk=None):
        task = Task.objects.select_related("directive").filter(pk=self.lookup_pk()).first()
        if task is None:
            raise Http404
        as_of = self.as_of(task.directive)
        return Response(s.TaskSerializer(task, context=self._context(task.directive, as_of)).data)


@extend_schema_view(
    list=extend_schema(
        summary=doc("Phân công (nhiệm vụ giao cho từng cơ quan), kèm tình trạng", "Assignments, with their status"),
        parameters=[
            query("directive", "Mã số văn bản chỉ đạo", "Directive id", OpenApiTypes.INT),
            query("task", "Mã số nhiệm vụ", "Task id", OpenApiTypes.INT),
            query("agency", "Mã cơ quan, ví dụ so-khdt hoặc ubnd-615", "Agency code, e.g. so-khdt or ubnd-615"),
            query("role", "lead (chủ trì) / coordinate (phối hợp)", "Role"),
            query("status", f"Tình trạng tại ngày tính ({STATUS_VALUES})", "Status on the reference date"),
            *DATE_PARAMETERS,
        ],
    ),
    retrieve=extend_schema(summary=doc("Một phân công", "One assignment"), parameters=DATE_PARAMETERS),
)
class AssignmentViewSet(PlanViewMixin, ApiViewSet):
    """Phân công trong phạm vi cơ quan của bạn / Assignments of the agencies within your scope."""

    serializer_class = s.AssignmentSerializer
    queryset = Assignment.objects.none()  # for the schema only

    def _filtered(self):
        params = self.request.query_params
        qs = visible_assignments(self.request.user)
        directive = None
        if params.get("directive"):
            directive = self.directive_param()
            qs = qs.filter(task__directive=directive)
        task = self.int_param("task", minimum=1)
        if task is not None:
            qs = qs.filter(task_id=task)
        if agency := (params.get("agency") or "").strip():
            qs = qs.filter(agency__code=agency)
        if role := (params.get("role") or "").strip():
            if role not in AssignmentRole.values:
                raise exceptions.ValidationError(
                    {"role": [_("Vai trò “%(value)s” không có (lead, coordinate).") % {"value": role[:30]}]}
                )
            qs = qs.filter(role=role)
        wanted = (params.get("status") or "").strip()
        if wanted and wanted not in [*Status.values, "returned"]:
            raise exceptions.ValidationError(
                {
                    "status": [
                        _("Tình trạng “%(value)s” không có (%(values)s).")
                        % {"value": wanted[:30], "values": STATUS_VALUES}
                    ]
                }
            )
        return (
            qs.order_by("task__directive__year", "task__directive_id", "task__position", "task_id", "role", "id"),
            directive,
            wanted,
        )

    def _context(self, as_of, results):
        user = self.request.user
        return {
            **self.get_serializer_context(),
            "as_of": as_of,
            "results": results,
            "can_update": lambda assignment: access.can_update_assignment(user, assignment),
        }

    def list(self, request):
        qs, directive, wanted = self._filtered()
        as_of = self.as_of(directive or queries.active_plan())
        if wanted:
            # Status is derived, not stored: judge every matching assignment, then page the chosen ones.
            items = list(queries.with_status_data(qs))
            results = queries.evaluate(items, as_of)
            chosen = [
                a
                for a in items
                if (results[a.pk].returned and wanted == "returned")
                or (not results[a.pk].returned and results[a.pk].status == wanted)
            ]
            page = self.paginate_queryset(chosen)
        else:
            page, results = self._page_with_status(qs, as_of)
        return self.get_paginated_response(
            s.AssignmentSerializer(page, many=True, context=self._context(as_of, results)).data
        )

    def _page_with_status(self, qs, as_of):
        """The page's assignments with their status, loaded together with their tasks' leads
        (a coordinator's status needs them): the same queries for any page size."""
        keys = self.paginate_queryset(qs.only("pk", "task_id"))
        if not keys:
            return [], {}
        ids = [a.pk for a in keys]
        wanted = Q(pk__in=ids) | Q(task_id__in={a.task_id for a in keys}, role=AssignmentRole.LEAD)
        loaded = {a.pk: a for a in queries.with_status_data(Assignment.objects.filter(wanted))}
        return [loaded[pk] for pk in ids], queries.evaluate(loaded.values(), as_of)

    def _detail(self, assignment, as_of):
        assignment = (
            queries.with_status_data(Assignment.objects.filter(pk=assignment.pk))
            .prefetch_related(
                Prefetch("updates", queryset=ProgressUpdate.objects.select_related("author").order_by("-date", "-id")),
            )
            .get()
        )
        results = queries.evaluate([assignment], as_of)
        return s.AssignmentDetailSerializer(assignment, context=self._context(as_of, results)).data

    def retrieve(self, request, pk=None):
        assignment = get_assignment_for_user(request.user, self.lookup_pk())
        return Response(self._detail(assignment, self.as_of(assignment.task.directive)))

    @extend_schema(
        summary=doc("Các lần cập nhật tiến độ", "Progress updates"),
        responses=s.ProgressUpdateSerializer(many=True),
        parameters=[ID_PATH],
    )
    @action(detail=True, methods=["get"], url_path="progress", pagination_class=None)
    def progress(self, request, pk=None):
        assignment = get_assignment_for_user(request.user, self.lookup_pk())
        updates = assignment.updates.select_related("author").order_by("-date", "-id")
        return self.respond(s.ProgressUpdateSerializer, updates, many=True)

    @extend_schema(
        summary=doc("Ghi nhận tiến độ", "Record progress"),
        request=s.ProgressUpdateWriteSerializer,
        responses={201: s.ProgressUpdateSerializer},
        parameters=[ID_PATH],
    )
    @progress.mapping.post
    def add_progress(self, request, pk=None):
        assignment = get_assignment_for_user(request.user, self.lookup_pk(), write=True)
        values = self.parsed(s.ProgressUpdateWriteSerializer)
        update = services.add_progress_update(assignment, actor=request.user, **values)
        return self.respond(s.ProgressUpdateSerializer, update, status_code=status.HTTP_201_CREATED)

    @extend_schema(
        summary=doc("Ghi nhận hoàn thành", "Record completion"),
        request=s.CompletionWriteSerializer,
        responses={201: s.AssignmentDetailSerializer},
        parameters=[ID_PATH, *DATE_PARAMETERS],
    )
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        assignment = get_assignment_for_user(request.user, self.lookup_pk(), write=True)
        values = self.parsed(s.CompletionWriteSerializer)
        services.complete_assignment(assignment, actor=request.user, **values)
        as_of = self.as_of(assignment.task.directive)
        return Response(self._detail(assignment, as_of), status=status.HTTP_201_CREATED)


class ScorecardView(ApiViewMixin, PlanViewMixin, GenericAPIView):
    """Chỉ tiêu so với thực hiện / Targets against actuals (the same rows as `manage.py scorecard --format json`)."""

    read_right = perms.DASHBOARD_READ
    serializer_class = s.ScorecardSerializer
    pagination_class = None

    @extend_schema(
        summary=doc("Bảng đánh giá thực hiện chỉ tiêu", "Scorecard: targets against actuals"),
        parameters=[
            query(
                "plan",
                "Mã số văn bản chỉ đạo (mặc định: văn bản đang theo dõi)",
                "Directive id (default: the active plan)",
                OpenApiTypes.INT,
            ),
            query(
                "year",
                "Năm đánh giá (mặc định: năm của từng chỉ tiêu)",
                "Year evaluated (default: each target's year)",
                OpenApiTypes.INT,
            ),
            query(
                "as_of",
                "Tính đến ngày (yyyy-mm-dd), khi năm chưa kết thúc",
                "Up to this date, for a year not ended",
                OpenApiTypes.DATE,
            ),
            query(
                "unit",
                "Chỉ các dòng của địa bàn có mã này (ví dụ 615; 62: toàn tỉnh)",
                "Only the rows of the unit with this code (e.g. 615; 62: the province)",
            ),
        ],
    )
    def get(self, request):
        plan = self.int_param("plan", minimum=1)
        if plan is None:
            directive = scorecard.active_directive()
            if directive is None:
                raise exceptions.ValidationError({"plan": [_("Chưa có văn bản chỉ đạo nào đang theo dõi.")]})
        else:
            directive = Directive.objects.filter(pk=plan).first()
            if directive is None:
                raise exceptions.ValidationError({"plan": [_("Không có văn bản chỉ đạo mã số %(id)s.") % {"id": plan}]})
        year = self.int_param("year", minimum=1900, maximum=2100)
        as_of = self.reference_date() if request.query_params.get("as_of") or request.query_params.get("ngay") else None
        unit = (request.query_params.get("unit") or "").strip() or None
        if unit is not None and not AdminUnit.objects.filter(code=unit).exists():
            raise exceptions.ValidationError({"unit": [_("Không có địa bàn mã “%(code)s”.") % {"code": unit[:20]}]})
        rows = scorecard.as_json_rows(scorecard.evaluate(directive, year=year, as_of=as_of))
        if unit is not None:
            rows = [row for row in rows if row["unit_code"] == unit]
        return Response(
            {
                "plan": directive.pk,
                "plan_title": str(directive),
                "year": year,
                "as_of": as_of.isoformat() if as_of else None,
                "unit": unit,
                "rows": rows,
            }
        )
